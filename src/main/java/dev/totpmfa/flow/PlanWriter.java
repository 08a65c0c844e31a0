package dev.totpmfa.flow;

import java.util.Comparator;
import java.util.List;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * Writes an {@link InstallPlan} into the installer's fresh copy of a flow. A copy has the original's executions in
 * the original's order, so the plan's positions name the same executions in it; a (sub)flow that gains executions
 * is numbered anew, keeping its order.
 */
final class PlanWriter {

    private static final int PRIORITY_STEP = 10;
    private static final String BASIC_FLOW = "basic-flow";

    private final RealmModel realm;
    private final InstallPlan plan;
    private final String ourStep;
    /** The copy's alias, which prefixes the subflows added to it (subflow aliases are unique in a realm). */
    private final String copyAlias;

    PlanWriter(RealmModel realm, InstallPlan plan, String ourStep, String copyAlias) {
        this.realm = realm;
        this.plan = plan;
        this.ourStep = ourStep;
        this.copyAlias = copyAlias;
    }

    void write(AuthenticationFlowModel copy) {
        write(copy, List.of());
    }

    private void write(AuthenticationFlowModel flow, List<Integer> path) {
        List<AuthenticationExecutionModel> steps = realm.getAuthenticationExecutionsStream(flow.getId())
                .sorted(Comparator.comparingInt(AuthenticationExecutionModel::getPriority)).toList();
        for (int i = 0; i < steps.size(); i++) {
            AuthenticationExecutionModel step = steps.get(i);
            AuthenticationFlowModel subflow = step.isAuthenticatorFlow()
                    ? realm.getAuthenticationFlowById(step.getFlowId()) : null;
            if (subflow != null) {
                write(subflow, InstallPlan.child(path, i));
            }
        }
        InstallPlan.Level level = plan.level(path);
        if (level.requirements.isEmpty() && level.additions.isEmpty()) {
            return;
        }
        int priority = 0;
        for (int i = 0; i < steps.size(); i++) {
            AuthenticationExecutionModel step = steps.get(i);
            FlowStep.Requirement requirement = level.requirements.get(i);
            if (requirement != null) {
                step.setRequirement(Requirement.valueOf(requirement.name()));
            }
            priority += PRIORITY_STEP;
            step.setPriority(priority);
            realm.updateAuthenticatorExecution(step);
            for (InstallPlan.Addition addition : level.additions.getOrDefault(i, List.of())) {
                priority += PRIORITY_STEP;
                if (addition instanceof InstallPlan.Ours ours) {
                    addStep(flow, ourStep, Requirement.valueOf(ours.requirement().name()), priority, null);
                } else {
                    addGuarded(flow, step, priority);
                }
            }
        }
    }

    /** The subflow that runs {@code step} (ALTERNATIVE, with its settings), then our step (REQUIRED). */
    private void addGuarded(AuthenticationFlowModel flow, AuthenticationExecutionModel step, int priority) {
        String name = copyAlias + " - " + step.getAuthenticator();
        AuthenticationFlowModel guarded = addSubflow(flow, name + InstallPlan.GUARDED, Requirement.ALTERNATIVE,
                priority);
        AuthenticationFlowModel alone = addSubflow(guarded, name, Requirement.REQUIRED, PRIORITY_STEP);
        addStep(alone, step.getAuthenticator(), Requirement.ALTERNATIVE, PRIORITY_STEP, step.getAuthenticatorConfig());
        addStep(guarded, ourStep, Requirement.REQUIRED, 2 * PRIORITY_STEP, null);
    }

    private AuthenticationFlowModel addSubflow(AuthenticationFlowModel parent, String alias, Requirement requirement,
                                               int priority) {
        AuthenticationFlowModel subflow = new AuthenticationFlowModel();
        subflow.setAlias(alias);
        subflow.setDescription("Added by keycloak-totp-mfa's flow install");
        subflow.setProviderId(BASIC_FLOW);
        subflow.setTopLevel(false);
        subflow.setBuiltIn(false);
        subflow = realm.addAuthenticationFlow(subflow);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setAuthenticatorFlow(true);
        execution.setFlowId(subflow.getId());
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        realm.addAuthenticatorExecution(execution);
        return subflow;
    }

    private void addStep(AuthenticationFlowModel flow, String authenticator, Requirement requirement, int priority,
                         String configId) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(flow.getId());
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorFlow(false);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        execution.setAuthenticatorConfig(configId);
        realm.addAuthenticatorExecution(execution);
    }
}

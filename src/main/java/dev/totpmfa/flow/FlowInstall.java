package dev.totpmfa.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.totpmfa.names.ProviderIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.services.resources.admin.AuthenticationManagementResource;

/**
 * {@code POST flows/install}: makes the realm's browser, direct-grant, first-broker-login and reset-credentials flows,
 * and every identity provider's later sign-ins (its post-broker-login flow, see {@link PostBrokerLoginInstall}), ask
 * for our factor. Each bound flow that does not yet is copied (the original is never changed or deleted) to
 * "{@code <alias>}{@value #SUFFIX}" and changed as {@link InstallPlan} says (the reset-credentials flow as
 * {@link ResetFlowPlan} says, whether or not "Forgot password" is on now, so that turning it on later is safe):
 * only Keycloak's OTP and recovery-code steps are disabled, our step goes where they stood, and every other factor
 * stays. Our step checks recovery codes too. Then the copy is bound, and our two required actions registered and
 * enabled. A flow whose copy would still let a user in without our code is not copied: its answer is
 * {@code conflict} with a {@code reason}, and nothing of it changes.
 *
 * <p>Running it again changes nothing: a bound flow that already asks for our factor on every way through it is
 * left as it is, and an earlier copy is bound again rather than copied twice. A dry run plans on the original flows
 * with the same code and changes nothing.
 */
public final class FlowInstall {

    static final String SUFFIX = " with totp-mfa";
    private static final int PRIORITY_STEP = 10;

    /**
     * What was (or would be) done to one binding.
     *
     * @param changes each execution disabled or added, by provider id, and where
     * @param reason  why nothing was done, for {@code conflict} and {@code skipped}; null otherwise
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Binding(String binding, String from, String to, String action, List<String> changes,
            String reason) {

        static Binding done(String binding, String from, String to, String action, List<String> changes) {
            return new Binding(binding, from, to, action, List.copyOf(changes), null);
        }

        static Binding notDone(String binding, String from, String action, String reason) {
            return new Binding(binding, from, from, action, List.of(), reason);
        }
    }

    /** The answer; {@code changed} is false when nothing needed doing. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(boolean dryRun, boolean changed, List<Binding> flows, List<String> requiredActions) {
    }

    private record Bound(String binding, String ourStep, Function<RealmModel, AuthenticationFlowModel> get,
            Consumer<AuthenticationFlowModel> bind) {

        boolean isReset() {
            return RESET_CREDENTIALS.equals(binding);
        }

        boolean isFirstBrokerLogin() {
            return FIRST_BROKER_LOGIN.equals(binding);
        }
    }

    private static final String RESET_CREDENTIALS = "reset credentials";
    private static final String FIRST_BROKER_LOGIN = "first broker login";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean dryRun;

    private final PostBrokerLoginInstall postBrokerLogins;

    public FlowInstall(KeycloakSession session, RealmModel realm, boolean dryRun) {
        this.session = session;
        this.realm = realm;
        this.dryRun = dryRun;
        this.postBrokerLogins = new PostBrokerLoginInstall(session, realm, dryRun);
    }

    public Result run() {
        List<Bound> bindings = List.of(
                new Bound("browser", ProviderIds.LOGIN_FORM, RealmModel::getBrowserFlow, realm::setBrowserFlow),
                new Bound("direct grant", ProviderIds.DIRECT_GRANT, RealmModel::getDirectGrantFlow,
                        realm::setDirectGrantFlow),
                new Bound(FIRST_BROKER_LOGIN, ProviderIds.LOGIN_FORM, RealmModel::getFirstBrokerLoginFlow,
                        realm::setFirstBrokerLoginFlow),
                new Bound(RESET_CREDENTIALS, ProviderIds.LOGIN_FORM, RealmModel::getResetCredentialsFlow,
                        realm::setResetCredentialsFlow));
        List<Binding> flows = new ArrayList<>();
        for (Bound bound : bindings) {
            AuthenticationFlowModel flow = bound.get().apply(realm);
            if (flow != null) {
                flows.add(install(bound, flow));
            }
        }
        session.identityProviders().getAllStream().sorted(Comparator.comparing(IdentityProviderModel::getAlias))
                .forEach(provider -> flows.add(postBrokerLogins.install(provider)));
        List<String> actions = new ArrayList<>();
        requireAction(ProviderIds.SETUP_ACTION, "Set up authenticator app (TOTP)", actions);
        requireAction(ProviderIds.RECOVERY_CODES_ACTION, "Generate new recovery codes", actions);
        boolean changed = !actions.isEmpty() || flows.stream().anyMatch(flow -> !"unchanged".equals(flow.action())
                && !"skipped".equals(flow.action()) && !"conflict".equals(flow.action()));
        return new Result(dryRun, changed, List.copyOf(flows), List.copyOf(actions));
    }

    private Binding install(Bound bound, AuthenticationFlowModel flow) {
        if (asksOnEveryWay(flow, !bound.isFirstBrokerLogin())) {
            return Binding.done(bound.binding(), flow.getAlias(), flow.getAlias(), "unchanged", List.of());
        }
        String alias = flow.getAlias() + SUFFIX;
        AuthenticationFlowModel earlier = realm.getFlowByAlias(alias);
        if (earlier != null) {
            if (!asksOnEveryWay(earlier, !bound.isFirstBrokerLogin())) {
                return Binding.notDone(bound.binding(), flow.getAlias(), "conflict", "a flow named '" + alias
                        + "' exists and does not ask for totp-mfa on every way through it; nothing done");
            }
            if (!dryRun) {
                bound.bind().accept(earlier);
            }
            return Binding.done(bound.binding(), flow.getAlias(), alias, "bind-existing", List.of());
        }
        if (bound.isReset()) {
            return installReset(bound, flow, alias);
        }
        InstallPlan plan = InstallPlan.of(RealmFlows.tree(realm, flow), bound.ourStep(), !bound.isFirstBrokerLogin());
        if (plan.nothingToReplace()) {
            return Binding.notDone(bound.binding(), flow.getAlias(), "skipped", "no step of Keycloak's OTP to"
                    + " replace and no step that completes the flow alone to follow with ours; add " + bound.ourStep()
                    + " by hand");
        }
        if (plan.conflict() != null) {
            return Binding.notDone(bound.binding(), flow.getAlias(), "conflict", plan.conflict());
        }
        if (!dryRun) {
            AuthenticationFlowModel copy = AuthenticationManagementResource.copyFlow(session, realm, flow, alias);
            new PlanWriter(realm, plan, bound.ourStep(), alias).write(copy);
            bound.bind().accept(copy);
        }
        return Binding.done(bound.binding(), flow.getAlias(), alias, "copy-and-bind", plan.changes());
    }

    /**
     * Whether a bound flow needs nothing: it asks for our factor, on every way through it (a first-broker-login
     * flow only has to reach it: the provider's post-broker-login flow follows).
     */
    private boolean asksOnEveryWay(AuthenticationFlowModel flow, boolean everyPath) {
        return asksOnEveryWay(realm, flow, everyPath);
    }

    static boolean asksOnEveryWay(RealmModel realm, AuthenticationFlowModel flow, boolean everyPath) {
        FlowStep tree = RealmFlows.tree(realm, flow);
        return FlowCheck.classify(tree) == SecondFactor.TOTP_MFA
                && (!everyPath || FlowPaths.withoutCode(tree).isEmpty());
    }

    private Binding installReset(Bound bound, AuthenticationFlowModel flow, String alias) {
        ResetFlowPlan plan = ResetFlowPlan.of(flow, executions(flow), this::subflowSteps);
        if (!plan.possible()) {
            return Binding.notDone(bound.binding(), flow.getAlias(), "skipped", "no reset-password or"
                    + " reset-credential-email step at its top level, or nothing to change; add " + bound.ourStep()
                    + " by hand");
        }
        List<String> ways = FlowPaths.withoutCode(plan.applyTo(RealmFlows.tree(realm, flow)));
        if (!ways.isEmpty()) {
            return Binding.notDone(bound.binding(), flow.getAlias(), "conflict", "the copy would still complete"
                    + " without " + bound.ourStep() + " by " + String.join(" or ", ways) + "; change it by hand");
        }
        if (!dryRun) {
            AuthenticationFlowModel copy = AuthenticationManagementResource.copyFlow(session, realm, flow, alias);
            List<AuthenticationExecutionModel> copied = executions(copy);
            plan.disable().forEach(index -> disable(copied, index));
            if (plan.insertAfter() >= 0) {
                insert(copy, copied, List.of(plan.insertAfter()), bound.ourStep());
            }
            bound.bind().accept(copy);
        }
        return Binding.done(bound.binding(), flow.getAlias(), alias, "copy-and-bind", plan.changes());
    }

    private List<AuthenticationExecutionModel> subflowSteps(AuthenticationExecutionModel execution) {
        AuthenticationFlowModel subflow = realm.getAuthenticationFlowById(execution.getFlowId());
        return subflow == null ? List.of() : executions(subflow);
    }

    private void disable(List<AuthenticationExecutionModel> copied, int index) {
        if (copied != null) {
            AuthenticationExecutionModel step = copied.get(index);
            step.setRequirement(Requirement.DISABLED);
            realm.updateAuthenticatorExecution(step);
        }
    }

    /** Adds our step after each given position and numbers the flow's steps anew, keeping their order. */
    private void insert(AuthenticationFlowModel flow, List<AuthenticationExecutionModel> steps,
                        List<Integer> insertAfter, String ourStep) {
        int priority = 0;
        for (int i = 0; i < steps.size(); i++) {
            priority += PRIORITY_STEP;
            AuthenticationExecutionModel step = steps.get(i);
            step.setPriority(priority);
            realm.updateAuthenticatorExecution(step);
            if (insertAfter.contains(i)) {
                priority += PRIORITY_STEP;
                AuthenticationExecutionModel ours = new AuthenticationExecutionModel();
                ours.setParentFlow(flow.getId());
                ours.setAuthenticator(ourStep);
                ours.setAuthenticatorFlow(false);
                ours.setRequirement(Requirement.REQUIRED);
                ours.setPriority(priority);
                realm.addAuthenticatorExecution(ours);
            }
        }
    }

    private List<AuthenticationExecutionModel> executions(AuthenticationFlowModel flow) {
        return realm.getAuthenticationExecutionsStream(flow.getId())
                .sorted(Comparator.comparingInt(AuthenticationExecutionModel::getPriority))
                .toList();
    }

    /** Registers and enables one of our required actions; the enrolment after the password needs it. */
    private void requireAction(String alias, String name, List<String> done) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(alias);
        if (action == null) {
            done.add("register and enable " + alias);
            if (!dryRun) {
                RequiredActionProviderModel model = new RequiredActionProviderModel();
                model.setAlias(alias);
                model.setProviderId(alias);
                model.setName(name);
                model.setEnabled(true);
                model.setDefaultAction(false);
                model.setPriority(realm.getRequiredActionProvidersStream()
                        .mapToInt(RequiredActionProviderModel::getPriority).max().orElse(0) + PRIORITY_STEP);
                realm.addRequiredActionProvider(model);
            }
        } else if (!action.isEnabled()) {
            done.add("enable " + alias);
            if (!dryRun) {
                action.setEnabled(true);
                realm.updateRequiredActionProvider(action);
            }
        }
    }
}

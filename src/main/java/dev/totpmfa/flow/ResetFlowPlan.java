package dev.totpmfa.flow;

import dev.totpmfa.names.ProviderIds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;

/**
 * What {@link FlowInstall} changes in a copy of the reset-credentials flow ("Forgot password"). Keycloak's "Reset
 * Password" step only asks for the new password after the flow (the UPDATE_PASSWORD required action), so our step
 * REQUIRED right after it asks for the code before the password is changed, and after the e-mailed link proved the
 * mailbox. Keycloak's "Reset OTP" (alone or in its "Reset - Conditional OTP" subflow) is disabled: it checks nothing
 * and may remove the built-in device our step would accept.
 *
 * @param insertAfter the top-level position after which our step goes, or -1 when it is there already or there is
 *                    no place for it
 * @param disable     top-level positions to disable
 */
record ResetFlowPlan(int insertAfter, List<Integer> disable, List<String> changes) {

    private static final String RESET_PASSWORD = "reset-password";
    private static final String RESET_EMAIL = "reset-credential-email";

    /**
     * @param steps    the flow's top-level executions by priority
     * @param children a subflow's executions by priority
     */
    static ResetFlowPlan of(AuthenticationFlowModel flow, List<AuthenticationExecutionModel> steps,
                            Function<AuthenticationExecutionModel, List<AuthenticationExecutionModel>> children) {
        int resetPassword = lastRun(steps, RESET_PASSWORD);
        int insertAfter = resetPassword >= 0 ? resetPassword : lastRun(steps, RESET_EMAIL);
        List<String> changes = new ArrayList<>();
        if (insertAfter < 0) {
            return new ResetFlowPlan(-1, List.of(), List.of());
        }
        // Our step already there (an admin's, after an enabled Reset OTP): disabling Reset OTP is what is missing.
        if (lastRun(steps, ProviderIds.LOGIN_FORM) >= 0) {
            insertAfter = -1;
        } else {
            changes.add("add " + ProviderIds.LOGIN_FORM + " (REQUIRED) after "
                    + steps.get(insertAfter).getAuthenticator() + " in '" + flow.getAlias() + "'");
        }
        List<Integer> disable = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            AuthenticationExecutionModel step = steps.get(i);
            if (step.getRequirement() != Requirement.DISABLED && resetsOtp(step, children)) {
                disable.add(i);
                changes.add("disable " + (step.isAuthenticatorFlow() ? "the subflow holding Keycloak's reset-otp"
                        : step.getAuthenticator()) + " in '" + flow.getAlias() + "'");
            }
        }
        return new ResetFlowPlan(insertAfter, List.copyOf(disable), List.copyOf(changes));
    }

    boolean possible() {
        return !changes.isEmpty();
    }

    /** The flow as the copy will be, for the every-path check. */
    FlowStep applyTo(FlowStep flow) {
        List<FlowStep> steps = new ArrayList<>();
        for (int i = 0; i < flow.steps().size(); i++) {
            FlowStep step = flow.steps().get(i);
            steps.add(disable.contains(i) ? step.withRequirement(FlowStep.Requirement.DISABLED) : step);
            if (i == insertAfter) {
                steps.add(FlowStep.authenticator(ProviderIds.LOGIN_FORM, FlowStep.Requirement.REQUIRED));
            }
        }
        return flow.withSteps(steps);
    }

    /**
     * The last top-level position of the authenticator that Keycloak runs: REQUIRED or CONDITIONAL, or ALTERNATIVE
     * in a flow without those (beside a REQUIRED step Keycloak ignores an ALTERNATIVE one, so it counts as absent).
     */
    private static int lastRun(List<AuthenticationExecutionModel> steps, String authenticator) {
        boolean anyMandatory = steps.stream().anyMatch(ResetFlowPlan::mandatory);
        for (int i = steps.size() - 1; i >= 0; i--) {
            AuthenticationExecutionModel step = steps.get(i);
            boolean runs = mandatory(step) || !anyMandatory && step.getRequirement() == Requirement.ALTERNATIVE;
            if (authenticator.equals(step.getAuthenticator()) && runs) {
                return i;
            }
        }
        return -1;
    }

    private static boolean mandatory(AuthenticationExecutionModel step) {
        return step.getRequirement() == Requirement.REQUIRED || step.getRequirement() == Requirement.CONDITIONAL;
    }

    /** A reset-otp step, or a subflow with an enabled one (or one of Keycloak's OTP checks) at any depth. */
    private static boolean resetsOtp(AuthenticationExecutionModel step,
                                     Function<AuthenticationExecutionModel, List<AuthenticationExecutionModel>> children) {
        if (!step.isAuthenticatorFlow()) {
            return FlowCheck.RESET_OTP.equals(step.getAuthenticator())
                    || FlowCheck.isKeycloakOtpStep(step.getAuthenticator());
        }
        return children.apply(step).stream().anyMatch(child -> child.getRequirement() != Requirement.DISABLED
                && resetsOtp(child, children));
    }
}

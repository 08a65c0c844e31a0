package dev.totpmfa.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;

/** Where the installer puts our step in a reset-credentials flow, and what it disables there. */
class ResetFlowPlanTest {

    private static final AuthenticationFlowModel FLOW = flow("reset credentials");
    private static final AuthenticationExecutionModel CONDITIONAL_OTP = subflow("otp-subflow", Requirement.CONDITIONAL);
    private static final Map<String, List<AuthenticationExecutionModel>> SUBFLOWS = Map.of("otp-subflow", List.of(
            step("conditional-user-configured", Requirement.REQUIRED), step("reset-otp", Requirement.REQUIRED)));

    @Test
    void stockFlowGetsOurStepAfterResetPasswordAndLosesItsConditionalOtp() {
        List<AuthenticationExecutionModel> stock = List.of(step("reset-credentials-choose-user", Requirement.REQUIRED),
                step("reset-credential-email", Requirement.REQUIRED), step("reset-password", Requirement.REQUIRED),
                CONDITIONAL_OTP);

        ResetFlowPlan plan = plan(stock);

        assertThat(plan.insertAfter()).isEqualTo(2);
        assertThat(plan.disable()).containsExactly(3);
        assertThat(plan.changes()).containsExactly(
                "add totp-mfa-form (REQUIRED) after reset-password in 'reset credentials'",
                "disable the subflow holding Keycloak's reset-otp in 'reset credentials'");
    }

    /** An admin's flow with our step after an enabled Reset OTP: only Reset OTP goes, our step is not added twice. */
    @Test
    void ourStepAlreadyThereIsNotAddedAgain() {
        List<AuthenticationExecutionModel> steps = List.of(step("reset-credential-email", Requirement.REQUIRED),
                step("reset-password", Requirement.REQUIRED), CONDITIONAL_OTP,
                step(ProviderIds.LOGIN_FORM, Requirement.REQUIRED));

        ResetFlowPlan plan = plan(steps);

        assertThat(plan.insertAfter()).isEqualTo(-1);
        assertThat(plan.disable()).containsExactly(2);
        assertThat(plan.possible()).isTrue();
    }

    /** Keycloak never runs an ALTERNATIVE beside REQUIRED steps: such a step of ours is added again, REQUIRED. */
    @Test
    void ourStepAsAnIgnoredAlternativeDoesNotCount() {
        List<AuthenticationExecutionModel> steps = List.of(step("reset-credential-email", Requirement.REQUIRED),
                step("reset-password", Requirement.REQUIRED), step(ProviderIds.LOGIN_FORM, Requirement.ALTERNATIVE));

        ResetFlowPlan plan = plan(steps);

        assertThat(plan.insertAfter()).isEqualTo(1);
        assertThat(plan.changes()).containsExactly(
                "add totp-mfa-form (REQUIRED) after reset-password in 'reset credentials'");
    }

    @Test
    void withoutResetPasswordOurStepFollowsTheEmailAndADisabledSubflowStays() {
        List<AuthenticationExecutionModel> steps = List.of(step("reset-credential-email", Requirement.REQUIRED),
                step("reset-password", Requirement.DISABLED), subflow("otp-subflow", Requirement.DISABLED));

        ResetFlowPlan plan = plan(steps);

        assertThat(plan.insertAfter()).isZero();
        assertThat(plan.disable()).isEmpty();
    }

    @Test
    void aFlowWithNeitherStepIsLeftToTheAdmin() {
        assertThat(plan(List.of(step("reset-credentials-choose-user", Requirement.REQUIRED))).possible()).isFalse();
    }

    private static ResetFlowPlan plan(List<AuthenticationExecutionModel> steps) {
        return ResetFlowPlan.of(FLOW, steps, execution -> SUBFLOWS.getOrDefault(execution.getFlowId(), List.of()));
    }

    private static AuthenticationFlowModel flow(String alias) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        return flow;
    }

    private static AuthenticationExecutionModel step(String authenticator, Requirement requirement) {
        AuthenticationExecutionModel step = new AuthenticationExecutionModel();
        step.setAuthenticator(authenticator);
        step.setRequirement(requirement);
        return step;
    }

    private static AuthenticationExecutionModel subflow(String flowId, Requirement requirement) {
        AuthenticationExecutionModel step = new AuthenticationExecutionModel();
        step.setAuthenticatorFlow(true);
        step.setFlowId(flowId);
        step.setRequirement(requirement);
        return step;
    }
}

package dev.totpmfa.flow;

import static dev.totpmfa.flow.FlowStep.Requirement.ALTERNATIVE;
import static dev.totpmfa.flow.FlowStep.Requirement.CONDITIONAL;
import static dev.totpmfa.flow.FlowStep.Requirement.DISABLED;
import static dev.totpmfa.flow.FlowStep.Requirement.REQUIRED;
import static dev.totpmfa.flow.FlowStep.authenticator;
import static dev.totpmfa.flow.FlowStep.subflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.ProviderIds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow shapes admins actually bind: Keycloak's stock flows, our documented ones, and the usual mistakes. */
class FlowCheckTest {

    private static final FlowStep PASSWORD = authenticator("auth-username-password-form", REQUIRED);

    @Test
    void stockBrowserFlowAsksForKeycloaksOtpInItsConditionalSubflow() {
        FlowStep browser = FlowStep.flow(List.of(
                authenticator("auth-cookie", ALTERNATIVE),
                authenticator("identity-provider-redirector", ALTERNATIVE),
                subflow(ALTERNATIVE, PASSWORD, subflow(CONDITIONAL,
                        authenticator("conditional-user-configured", REQUIRED),
                        authenticator("auth-otp-form", ALTERNATIVE),
                        authenticator("webauthn-authenticator", DISABLED),
                        authenticator("auth-recovery-authn-code-form", DISABLED)))));

        assertThat(FlowCheck.classify(browser)).isEqualTo(SecondFactor.KEYCLOAK_OTP);
    }

    @Test
    void stockDirectGrantFlowAsksForKeycloaksOtp() {
        FlowStep directGrant = FlowStep.flow(List.of(
                authenticator("direct-grant-validate-username", REQUIRED),
                authenticator("direct-grant-validate-password", REQUIRED),
                subflow(CONDITIONAL, authenticator("conditional-user-configured", REQUIRED),
                        authenticator("direct-grant-validate-otp", REQUIRED))));

        assertThat(FlowCheck.classify(directGrant)).isEqualTo(SecondFactor.KEYCLOAK_OTP);
    }

    @Test
    void ourStepAfterThePasswordIsOurs() {
        FlowStep browser = FlowStep.flow(List.of(authenticator("auth-cookie", ALTERNATIVE),
                subflow(ALTERNATIVE, PASSWORD, authenticator(ProviderIds.LOGIN_FORM, REQUIRED))));
        FlowStep directGrant = FlowStep.flow(List.of(authenticator("direct-grant-validate-password", REQUIRED),
                subflow(DISABLED, authenticator("direct-grant-validate-otp", REQUIRED)),
                authenticator(ProviderIds.DIRECT_GRANT, REQUIRED)));

        assertThat(FlowCheck.classify(browser)).isEqualTo(SecondFactor.TOTP_MFA);
        assertThat(FlowCheck.classify(directGrant)).as("Keycloak's subflow disabled").isEqualTo(SecondFactor.TOTP_MFA);
    }

    @Test
    void ourStepInAConditionalSubflowCounts() {
        FlowStep flow = FlowStep.flow(List.of(PASSWORD, subflow(CONDITIONAL,
                authenticator("conditional-user-configured", REQUIRED),
                authenticator(ProviderIds.LOGIN_FORM, REQUIRED))));

        assertThat(FlowCheck.classify(flow)).isEqualTo(SecondFactor.TOTP_MFA);
    }

    @Test
    void bothKindsOfStepAreMixed() {
        FlowStep flow = FlowStep.flow(List.of(PASSWORD, authenticator(ProviderIds.LOGIN_FORM, REQUIRED),
                subflow(CONDITIONAL, authenticator("auth-conditional-otp-form", REQUIRED))));

        assertThat(FlowCheck.classify(flow)).isEqualTo(SecondFactor.MIXED);
    }

    @Test
    void passwordAloneHasNoSecondFactor() {
        assertThat(FlowCheck.classify(FlowStep.flow(List.of(PASSWORD)))).isEqualTo(SecondFactor.NONE);
        assertThat(FlowCheck.classify(FlowStep.flow(List.of()))).isEqualTo(SecondFactor.NONE);
    }

    @Test
    void disabledStepsAndStepsInDisabledSubflowsAreNotAskedFor() {
        FlowStep flow = FlowStep.flow(List.of(PASSWORD, authenticator(ProviderIds.LOGIN_FORM, DISABLED),
                subflow(DISABLED, authenticator("auth-otp-form", REQUIRED))));

        assertThat(FlowCheck.classify(flow)).isEqualTo(SecondFactor.NONE);
    }

    /** Keycloak skips alternatives in a flow that has a REQUIRED or CONDITIONAL execution. */
    @Test
    void anAlternativeBesideARequiredStepNeverRuns() {
        FlowStep flow = FlowStep.flow(List.of(PASSWORD, authenticator(ProviderIds.LOGIN_FORM, ALTERNATIVE)));

        assertThat(FlowCheck.classify(flow)).isEqualTo(SecondFactor.NONE);
    }

    @Test
    void keycloaksRecoveryCodeFormAloneIsKeycloaksOtp() {
        FlowStep flow = FlowStep.flow(List.of(PASSWORD,
                subflow(REQUIRED, authenticator("auth-recovery-authn-code-form", ALTERNATIVE))));

        assertThat(FlowCheck.classify(flow)).isEqualTo(SecondFactor.KEYCLOAK_OTP);
    }

    /** The condition of a conditional subflow is not a REQUIRED step: the alternatives beside it still run. */
    @Test
    void conditionsDoNotHideTheAlternativesOfTheirSubflow() {
        FlowStep flow = FlowStep.flow(List.of(PASSWORD, subflow(CONDITIONAL,
                authenticator("conditional-user-role", REQUIRED), authenticator(ProviderIds.LOGIN_FORM, ALTERNATIVE))));

        assertThat(FlowCheck.classify(flow)).isEqualTo(SecondFactor.TOTP_MFA);
    }

    private static final FlowStep CHOOSE_USER = authenticator("reset-credentials-choose-user", REQUIRED);
    private static final FlowStep SEND_EMAIL = authenticator("reset-credential-email", REQUIRED);
    private static final FlowStep RESET_PASSWORD = authenticator("reset-password", REQUIRED);

    private static FlowStep conditionalResetOtp(FlowStep.Requirement requirement) {
        return subflow(requirement, authenticator("conditional-user-configured", REQUIRED),
                authenticator("reset-otp", REQUIRED));
    }

    /**
     * Keycloak's stock "reset credentials" flow: its "Reset - Conditional OTP" removes or re-enrols Keycloak's OTP,
     * it never checks a code, so the flow signs the user in with the e-mailed link and a new password alone.
     */
    @Test
    void stockResetCredentialsFlowHasNoSecondFactor() {
        FlowStep reset = FlowStep.flow(List.of(CHOOSE_USER, SEND_EMAIL, RESET_PASSWORD,
                conditionalResetOtp(CONDITIONAL)));

        assertThat(FlowCheck.classify(reset)).isEqualTo(SecondFactor.NONE);
    }

    /** What the installer makes of it: our step right after Reset Password, Keycloak's subflow disabled. */
    @Test
    void resetFlowWithOurStepAfterResetPasswordIsOurs() {
        FlowStep reset = FlowStep.flow(List.of(CHOOSE_USER, SEND_EMAIL, RESET_PASSWORD,
                authenticator(ProviderIds.LOGIN_FORM, REQUIRED), conditionalResetOtp(DISABLED)));

        assertThat(FlowCheck.classify(reset)).isEqualTo(SecondFactor.TOTP_MFA);
    }

    /**
     * Reset OTP before our step may remove the built-in device our step would accept; our step then finds no factor
     * and sends the holder of the mailbox to enrolment. After our step it can only remove a device of a user who has
     * already given the code.
     */
    @Test
    void resetOtpBeforeOurStepUndoesIt() {
        FlowStep before = FlowStep.flow(List.of(CHOOSE_USER, SEND_EMAIL, RESET_PASSWORD,
                conditionalResetOtp(CONDITIONAL), authenticator(ProviderIds.LOGIN_FORM, REQUIRED)));
        FlowStep after = FlowStep.flow(List.of(CHOOSE_USER, SEND_EMAIL, RESET_PASSWORD,
                authenticator(ProviderIds.LOGIN_FORM, REQUIRED), conditionalResetOtp(CONDITIONAL)));

        assertThat(FlowCheck.classify(before)).isEqualTo(SecondFactor.NONE);
        assertThat(FlowCheck.classify(after)).isEqualTo(SecondFactor.TOTP_MFA);
    }
}

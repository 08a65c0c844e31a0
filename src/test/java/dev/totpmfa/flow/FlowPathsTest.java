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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The every-path rule over flow trees as Keycloak runs them: each test is a shape an admin can build in the console,
 * and the ways through it that complete it without our step.
 */
class FlowPathsTest {

    private static final FlowStep COOKIE = authenticator("auth-cookie", ALTERNATIVE);
    private static final FlowStep REDIRECTOR = authenticator("identity-provider-redirector", ALTERNATIVE);
    private static final FlowStep PASSWORD = authenticator("auth-username-password-form", REQUIRED);
    private static final FlowStep OURS = authenticator(ProviderIds.LOGIN_FORM, REQUIRED);
    private static final FlowStep USER_CONFIGURED = authenticator("conditional-user-configured", REQUIRED);
    /** Keycloak 26's "Condition - credential" of the stock browser flow: holds unless a passkey was used. */
    private static final FlowStep NO_PASSKEY_USED = authenticator("conditional-credential", REQUIRED,
            Map.of("credentials", "webauthn-passwordless", "included", "false"));

    private static FlowStep browser(FlowStep... steps) {
        return FlowStep.flow(List.of(steps));
    }

    @Test
    void ourStepAfterThePasswordLeavesNoWayPastIt() {
        FlowStep flow = browser(COOKIE, REDIRECTOR, subflow(ALTERNATIVE, PASSWORD, OURS));

        assertThat(FlowPaths.withoutCode(flow)).isEmpty();
    }

    @Test
    void kerberosAsAnAlternativeCompletesTheFlowAlone() {
        FlowStep flow = browser(COOKIE, authenticator("auth-spnego", ALTERNATIVE), REDIRECTOR,
                subflow(ALTERNATIVE, PASSWORD, OURS));

        assertThat(FlowPaths.withoutCode(flow)).containsExactly("auth-spnego");
    }

    @Test
    void disabledKerberosIsNoWayIn() {
        FlowStep flow = browser(COOKIE, authenticator("auth-spnego", DISABLED), subflow(ALTERNATIVE, PASSWORD, OURS));

        assertThat(FlowPaths.withoutCode(flow)).isEmpty();
    }

    @Test
    void aSecondFormsSubflowWithoutOurStepIsAWayPastIt() {
        FlowStep flow = browser(COOKIE, subflow(ALTERNATIVE, PASSWORD, OURS),
                subflow(ALTERNATIVE, authenticator("auth-username-form", REQUIRED),
                        authenticator("auth-password-form", REQUIRED)));

        assertThat(FlowPaths.withoutCode(flow)).containsExactly("auth-username-form + auth-password-form");
    }

    @Test
    void aCertificateFinishesAloneUnlessOurStepFollowsIt() {
        FlowStep alone = browser(authenticator("auth-x509-client-username-form", ALTERNATIVE),
                subflow(ALTERNATIVE, PASSWORD, OURS));
        FlowStep followed = browser(subflow(ALTERNATIVE, authenticator("auth-x509-client-username-form", REQUIRED),
                OURS), subflow(ALTERNATIVE, PASSWORD, OURS));

        assertThat(FlowPaths.withoutCode(alone)).containsExactly("auth-x509-client-username-form");
        assertThat(FlowPaths.withoutCode(followed)).isEmpty();
    }

    /** Keycloak ignores ALTERNATIVE executions beside REQUIRED ones: a Kerberos there is no way in. */
    @Test
    void alternativesBesideARequiredStepNeverRun() {
        FlowStep flow = browser(authenticator("auth-spnego", ALTERNATIVE), PASSWORD, OURS);

        assertThat(FlowPaths.withoutCode(flow)).isEmpty();
    }

    /** Our step as an ALTERNATIVE beside REQUIRED steps never runs: the password alone completes the flow. */
    @Test
    void ourStepAsAnIgnoredAlternativeIsNoStep() {
        FlowStep flow = browser(PASSWORD, authenticator(ProviderIds.LOGIN_FORM, ALTERNATIVE));

        assertThat(FlowPaths.withoutCode(flow)).containsExactly("auth-username-password-form");
    }

    /** "Condition - user configured" skips our step for a user without any second factor: password alone. */
    @Test
    void aConditionalSubflowAroundOurStepCanBeSkipped() {
        FlowStep flow = browser(COOKIE, subflow(ALTERNATIVE, PASSWORD, subflow(CONDITIONAL, USER_CONFIGURED, OURS)));

        assertThat(FlowPaths.withoutCode(flow)).containsExactly("auth-username-password-form");
    }

    /** A conditional subflow without an enabled condition is never run by Keycloak. */
    @Test
    void aConditionalSubflowWithoutConditionsNeverRuns() {
        FlowStep flow = browser(subflow(ALTERNATIVE, PASSWORD, subflow(CONDITIONAL, OURS)));
        FlowStep disabledCondition = browser(subflow(ALTERNATIVE, PASSWORD, subflow(CONDITIONAL,
                authenticator("conditional-user-configured", DISABLED), OURS)));

        assertThat(FlowPaths.withoutCode(flow)).containsExactly("auth-username-password-form");
        assertThat(FlowPaths.withoutCode(disabledCondition)).containsExactly("auth-username-password-form");
    }

    /** The stock 26 "Condition - credential" skips only after a passkey, which is a factor of its own. */
    @Test
    void aConditionThatSkipsOnlyAfterAPasskeyLeavesNoWayPast() {
        FlowStep flow = browser(COOKIE, subflow(ALTERNATIVE, PASSWORD, subflow(CONDITIONAL, NO_PASSKEY_USED,
                authenticator(ProviderIds.LOGIN_FORM, ALTERNATIVE),
                authenticator("webauthn-authenticator", ALTERNATIVE))));

        assertThat(FlowPaths.withoutCode(flow)).isEmpty();
    }

    @Test
    void aConditionOnAnotherCredentialOrIncludedCanSkip() {
        FlowStep included = browser(subflow(ALTERNATIVE, PASSWORD, subflow(CONDITIONAL,
                authenticator("conditional-credential", REQUIRED,
                        Map.of("credentials", "webauthn-passwordless", "included", "true")),
                OURS)));
        FlowStep role = browser(subflow(ALTERNATIVE, PASSWORD, subflow(CONDITIONAL, NO_PASSKEY_USED,
                authenticator("conditional-user-role", REQUIRED), OURS)));

        assertThat(FlowPaths.withoutCode(included)).containsExactly("auth-username-password-form");
        assertThat(FlowPaths.withoutCode(role)).containsExactly("auth-username-password-form");
    }

    /** A security key beside our step is a second factor, not a way past it. */
    @Test
    void webAuthnBesideOurStepIsAFactor() {
        FlowStep flow = browser(subflow(ALTERNATIVE, PASSWORD, subflow(REQUIRED,
                authenticator(ProviderIds.LOGIN_FORM, ALTERNATIVE),
                authenticator("webauthn-authenticator", ALTERNATIVE))));

        assertThat(FlowPaths.withoutCode(flow)).isEmpty();
    }

    @Test
    void anyOtherAlternativeBesideOurStepIsAWayPast() {
        FlowStep flow = browser(subflow(ALTERNATIVE, PASSWORD, subflow(REQUIRED,
                authenticator(ProviderIds.LOGIN_FORM, ALTERNATIVE), authenticator("auth-otp-form", ALTERNATIVE))));

        assertThat(FlowPaths.withoutCode(flow)).containsExactly("auth-username-password-form + auth-otp-form");
    }

    /** Nested: a REQUIRED subflow of alternatives, one of which finishes without our step. */
    @Test
    void nestedSubflowsAreFollowedToTheEnd() {
        FlowStep flow = browser(subflow(ALTERNATIVE, PASSWORD, subflow(REQUIRED,
                subflow(ALTERNATIVE, subflow(CONDITIONAL, USER_CONFIGURED, OURS), authenticator("a", REQUIRED)),
                subflow(ALTERNATIVE, OURS))));

        assertThat(FlowPaths.withoutCode(flow)).containsExactly("auth-username-password-form + a");
    }

    /** When every mandatory execution of a subflow was skipped, Keycloak fails it: that is no way in. */
    @Test
    void aSubflowWhoseEveryStepWasSkippedFails() {
        FlowStep flow = browser(subflow(ALTERNATIVE, subflow(CONDITIONAL, USER_CONFIGURED,
                authenticator("auth-username-password-form", REQUIRED), OURS)));

        assertThat(FlowPaths.withoutCode(flow)).isEmpty();
    }

    @Test
    void theCookieTheRedirectorAndOrganizationsHandOver() {
        FlowStep flow = browser(COOKIE, REDIRECTOR, authenticator("organization", ALTERNATIVE),
                subflow(ALTERNATIVE, PASSWORD, OURS));

        assertThat(FlowPaths.withoutCode(flow)).isEmpty();
    }

    @Test
    void directGrantWithOurStepAndHttpBasicAlone() {
        FlowStep grant = FlowStep.flow(List.of(authenticator("direct-grant-validate-username", REQUIRED),
                authenticator("direct-grant-validate-password", REQUIRED),
                authenticator(ProviderIds.DIRECT_GRANT, REQUIRED)));
        FlowStep ecp = FlowStep.flow(List.of(authenticator("http-basic-authenticator", REQUIRED)));

        assertThat(FlowPaths.withoutCode(grant)).isEmpty();
        assertThat(FlowPaths.withoutCode(ecp)).containsExactly("http-basic-authenticator");
    }
}

package dev.totpmfa.flow;

import static dev.totpmfa.flow.FlowStep.Requirement.ALTERNATIVE;
import static dev.totpmfa.flow.FlowStep.Requirement.CONDITIONAL;
import static dev.totpmfa.flow.FlowStep.Requirement.DISABLED;
import static dev.totpmfa.flow.FlowStep.Requirement.REQUIRED;
import static dev.totpmfa.flow.FlowStep.authenticator;
import static dev.totpmfa.flow.FlowStep.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The installer's plan for the flows admins have: Keycloak 26.7.3's stock ones, with the factors they switch on. */
class InstallPlanTest {

    private static final FlowStep NO_PASSKEY_USED = authenticator("conditional-credential", REQUIRED,
            Map.of("credentials", "webauthn-passwordless", "included", "false"));

    private static FlowStep stockBrowser(FlowStep.Requirement kerberos, FlowStep.Requirement webAuthn) {
        return named("browser", REQUIRED, List.of(
                authenticator("auth-cookie", ALTERNATIVE),
                authenticator("auth-spnego", kerberos),
                authenticator("identity-provider-redirector", ALTERNATIVE),
                named("forms", ALTERNATIVE, List.of(
                        authenticator("auth-username-password-form", REQUIRED),
                        named("Browser - Conditional 2FA", CONDITIONAL, List.of(
                                authenticator("conditional-user-configured", REQUIRED),
                                NO_PASSKEY_USED,
                                authenticator("auth-otp-form", ALTERNATIVE),
                                authenticator("webauthn-authenticator", webAuthn),
                                authenticator("auth-recovery-authn-code-form", DISABLED)))))));
    }

    @Test
    void stockBrowserFlowKeepsItsPasskeyConditionAndLosesOnlyKeycloaksOtp() {
        InstallPlan plan = InstallPlan.of(stockBrowser(DISABLED, DISABLED), ProviderIds.LOGIN_FORM, true);

        assertThat(plan.conflict()).isNull();
        assertThat(plan.changes()).containsExactly(
                "disable auth-otp-form in 'Browser - Conditional 2FA'",
                "add totp-mfa-form (REQUIRED) in 'Browser - Conditional 2FA' where auth-otp-form was",
                "disable conditional-user-configured in 'Browser - Conditional 2FA' (it would skip totp-mfa-form"
                        + " for a user without a second factor)");
        FlowStep copy = plan.applyTo(stockBrowser(DISABLED, DISABLED));
        assertThat(FlowPaths.withoutCode(copy)).isEmpty();
        assertThat(FlowCheck.classify(copy)).isEqualTo(SecondFactor.TOTP_MFA);
    }

    @Test
    void anEnabledSecurityKeyStaysAsAnAlternativeBesideOurStep() {
        InstallPlan plan = InstallPlan.of(stockBrowser(DISABLED, ALTERNATIVE), ProviderIds.LOGIN_FORM, true);

        assertThat(plan.conflict()).isNull();
        assertThat(plan.changes()).contains("add totp-mfa-form (ALTERNATIVE) in 'Browser - Conditional 2FA' where"
                + " auth-otp-form was, beside webauthn-authenticator");
        assertThat(plan.changes()).noneMatch(change -> change.contains("disable webauthn-authenticator"));
        FlowStep subflow = plan.applyTo(stockBrowser(DISABLED, ALTERNATIVE)).steps().get(3).steps().get(1);
        assertThat(subflow.requirement()).isEqualTo(CONDITIONAL);
        assertThat(subflow.steps()).extracting(FlowStep::authenticator, FlowStep::requirement).containsExactly(
                org.assertj.core.groups.Tuple.tuple("conditional-user-configured", DISABLED),
                org.assertj.core.groups.Tuple.tuple("conditional-credential", REQUIRED),
                org.assertj.core.groups.Tuple.tuple("auth-otp-form", DISABLED),
                org.assertj.core.groups.Tuple.tuple(ProviderIds.LOGIN_FORM, ALTERNATIVE),
                org.assertj.core.groups.Tuple.tuple("webauthn-authenticator", ALTERNATIVE),
                org.assertj.core.groups.Tuple.tuple("auth-recovery-authn-code-form", DISABLED));
    }

    /** LDAP's "Allow Kerberos authentication" turns Kerberos ALTERNATIVE: the copy runs our step after it. */
    @Test
    void kerberosAsAnAlternativeIsFollowedByOurStep() {
        FlowStep original = stockBrowser(ALTERNATIVE, DISABLED);
        InstallPlan plan = InstallPlan.of(original, ProviderIds.LOGIN_FORM, true);

        assertThat(plan.conflict()).isNull();
        assertThat(plan.changes()).contains("disable auth-spnego in 'browser' and add in its place the subflow"
                + " 'auth-spnego then totp-mfa' (ALTERNATIVE): auth-spnego (ALTERNATIVE), then totp-mfa-form"
                + " (REQUIRED)");
        assertThat(FlowPaths.withoutCode(original)).contains("auth-spnego");
        assertThat(FlowPaths.withoutCode(plan.applyTo(original))).isEmpty();
    }

    /** Without a condition left, a conditional subflow would never run: it becomes REQUIRED. */
    @Test
    void directGrantsConditionalOtpBecomesRequired() {
        FlowStep grant = named("direct grant", REQUIRED, List.of(
                authenticator("direct-grant-validate-username", REQUIRED),
                authenticator("direct-grant-validate-password", REQUIRED),
                named("Direct Grant - Conditional OTP", CONDITIONAL, List.of(
                        authenticator("conditional-user-configured", REQUIRED),
                        authenticator("direct-grant-validate-otp", REQUIRED)))));

        InstallPlan plan = InstallPlan.of(grant, ProviderIds.DIRECT_GRANT, true);

        assertThat(plan.conflict()).isNull();
        assertThat(plan.changes()).contains("make 'Direct Grant - Conditional OTP' REQUIRED (no condition left)");
        assertThat(plan.applyTo(grant).steps().get(2).requirement()).isEqualTo(REQUIRED);
        assertThat(FlowPaths.withoutCode(plan.applyTo(grant))).isEmpty();
    }

    /** A role condition would skip our step for users without the role: not safe, nothing planned to be written. */
    @Test
    void aConditionItCannotJudgeIsAConflict() {
        FlowStep browser = named("browser", REQUIRED, List.of(named("forms", ALTERNATIVE, List.of(
                authenticator("auth-username-password-form", REQUIRED),
                named("2FA for admins", CONDITIONAL, List.of(authenticator("conditional-user-role", REQUIRED,
                        Map.of("condUserRole", "admin")), authenticator("auth-otp-form", REQUIRED)))))));

        InstallPlan plan = InstallPlan.of(browser, ProviderIds.LOGIN_FORM, true);

        assertThat(plan.conflict()).contains("would still complete without totp-mfa-form by"
                + " auth-username-password-form");
    }

    @Test
    void aPasswordOnlyFlowIsLeftAlone() {
        FlowStep browser = named("browser", REQUIRED, List.of(named("forms", ALTERNATIVE, List.of(
                authenticator("auth-username-password-form", REQUIRED)))));

        assertThat(InstallPlan.of(browser, ProviderIds.LOGIN_FORM, true).nothingToReplace()).isTrue();
    }

    /** A flow that already asks for our step after the password but lets Kerberos in alone: only the guard. */
    @Test
    void ourFlowWithKerberosOnlyGainsTheGuard() {
        FlowStep browser = named("browser-totp", REQUIRED, List.of(authenticator("auth-cookie", ALTERNATIVE),
                authenticator("auth-spnego", ALTERNATIVE), named("forms", ALTERNATIVE, List.of(
                        authenticator("auth-username-password-form", REQUIRED),
                        authenticator(ProviderIds.LOGIN_FORM, REQUIRED)))));

        InstallPlan plan = InstallPlan.of(browser, ProviderIds.LOGIN_FORM, true);

        assertThat(plan.nothingToReplace()).isFalse();
        assertThat(plan.conflict()).isNull();
        assertThat(plan.changes()).singleElement().asString().startsWith("disable auth-spnego in 'browser-totp'");
        assertThat(FlowPaths.withoutCode(plan.applyTo(browser))).isEmpty();
    }

    /** Guarding Kerberos cannot help a forms subflow without our step: a conflict, not a half-safe copy. */
    @Test
    void kerberosBesidePasswordOnlyFormsIsAConflict() {
        FlowStep browser = named("browser", REQUIRED, List.of(authenticator("auth-spnego", ALTERNATIVE),
                named("forms", ALTERNATIVE, List.of(authenticator("auth-username-password-form", REQUIRED)))));

        InstallPlan plan = InstallPlan.of(browser, ProviderIds.LOGIN_FORM, true);

        assertThat(plan.conflict()).isNotNull();
    }
}

package dev.totpmfa.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a realm's flows add up to: the WARN names every flow to change, and only where our step is used. */
class FlowReportTest {

    private static final SignInFlow OUR_BROWSER = new SignInFlow("browser-totp", "browser", SecondFactor.TOTP_MFA);
    private static final SignInFlow STOCK_GRANT = new SignInFlow("direct grant", "direct grant",
            SecondFactor.KEYCLOAK_OTP);

    @Test
    void realmUsingOnlyOurStepsHasNoWarning() {
        FlowReport report = new FlowReport("r", List.of(OUR_BROWSER,
                new SignInFlow("grant-totp", "direct grant", SecondFactor.TOTP_MFA)));

        assertThat(report.warning()).isEmpty();
        assertThat(report.migrationHeldBack()).isEmpty();
        assertThat(report.keycloakOtpFlows()).isEmpty();
    }

    @Test
    void realmWithoutOurStepIsNotOurConcern() {
        FlowReport report = new FlowReport("r", List.of(new SignInFlow("browser", "browser",
                SecondFactor.KEYCLOAK_OTP), new SignInFlow("pw", "direct grant", SecondFactor.NONE)));

        assertThat(report.usesTotpMfa()).isFalse();
        assertThat(report.warning()).isEmpty();
    }

    @Test
    void stockDirectGrantBesideOurBrowserFlowIsNamed() {
        FlowReport report = new FlowReport("demo", List.of(OUR_BROWSER, STOCK_GRANT,
                new SignInFlow("password only", "browser override of client app", SecondFactor.NONE)));

        assertThat(report.warning()).hasValueSatisfying(text -> assertThat(text)
                .contains("realm demo")
                .contains("'direct grant' (direct grant: Keycloak's OTP)")
                .contains("'password only' (browser override of client app: no second factor)")
                .doesNotContain("browser-totp"));
        assertThat(report.keycloakOtpFlows()).containsExactly(STOCK_GRANT);
        assertThat(report.migrationHeldBack()).hasValueSatisfying(text -> assertThat(text)
                .contains("'direct grant'").doesNotContain("password only"));
    }

    @Test
    void anIdentityProviderWithoutPostBrokerLoginFlowIsNamed() {
        SignInFlow provider = new SignInFlow(SignInFlow.NO_FLOW,
                SignInFlow.providerBinding(SignInFlow.POST_BROKER_LOGIN, "google"), SecondFactor.NONE);
        FlowReport report = new FlowReport("demo", List.of(OUR_BROWSER, provider));

        assertThat(report.weakerFlows()).containsExactly(provider);
        assertThat(report.warning()).hasValueSatisfying(text -> assertThat(text)
                .contains("'(none)' (post broker login of google: no second factor)"));
    }

    @Test
    void aMixedFlowIsBothWeakerAndHoldsMigrationBack() {
        SignInFlow mixed = new SignInFlow("mixed", "browser", SecondFactor.MIXED);
        FlowReport report = new FlowReport("r", List.of(mixed));

        assertThat(report.usesTotpMfa()).isTrue();
        assertThat(report.weakerFlows()).containsExactly(mixed);
        assertThat(report.keycloakOtpFlows()).containsExactly(mixed);
    }

    /** Forgot password off: the stock reset flow is listed, unreachable, and neither weaker nor in the WARN. */
    @Test
    void unreachableResetFlowDecidesNothing() {
        SignInFlow reset = new SignInFlow("reset credentials", "reset credentials", SecondFactor.NONE, false);
        FlowReport report = new FlowReport("r", List.of(OUR_BROWSER, reset));

        assertThat(report.flows()).contains(reset);
        assertThat(report.weakerFlows()).isEmpty();
        assertThat(report.warning()).isEmpty();
        assertThat(new FlowReport("r", List.of(new SignInFlow("reset with totp", "reset credentials",
                SecondFactor.TOTP_MFA, false))).usesTotpMfa()).as("an unreachable flow of ours").isFalse();
    }

    /** Forgot password on: the stock reset flow signs users in on the mailbox alone, and the WARN says so. */
    @Test
    void reachableStockResetFlowIsWeaker() {
        SignInFlow reset = new SignInFlow("reset credentials", "reset credentials", SecondFactor.NONE, true);
        FlowReport report = new FlowReport("r", List.of(OUR_BROWSER, reset));

        assertThat(report.weakerFlows()).containsExactly(reset);
        assertThat(report.warning()).hasValueSatisfying(text -> assertThat(text)
                .contains("'reset credentials' (reset credentials: no second factor)")
                .contains("/totp-mfa/flows/install"));
        assertThat(report.keycloakOtpFlows()).isEmpty();
    }

    @Test
    void secondFactorsHaveLowerCasePublicNames() {
        assertThat(java.util.Arrays.stream(SecondFactor.values()).map(FlowsView::publicName))
                .containsExactly("totp-mfa", "keycloak-otp", "mixed", "none");
    }

    /** A flow that asks for our step but can be completed past it is weaker, and the WARN names the way. */
    @Test
    void aWayPastOurStepMakesAFlowWeaker() {
        SignInFlow kerberos = new SignInFlow("browser", "browser", SecondFactor.TOTP_MFA, true,
                List.of("auth-spnego"));
        FlowReport report = new FlowReport("r", List.of(kerberos));

        assertThat(report.weakerFlows()).containsExactly(kerberos);
        assertThat(report.warning()).hasValueSatisfying(warning -> assertThat(warning)
                .contains("'browser' (browser: totp-mfa, but completed without it by auth-spnego)"));
    }
}

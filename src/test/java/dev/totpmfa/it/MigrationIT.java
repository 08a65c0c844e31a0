package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.RecoveryCodesPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestRealm.OtpPolicy;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.EventDetails;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Admins switch from Keycloak's built-in OTP only if nobody has to enrol again: a phone set up with Keycloak's
 * own CONFIGURE_TOTP page must keep working on our form, be moved into our sealed credential on first use (so
 * Keycloak's unsealed copy is gone), and keep working after the move. Keycloak's own recovery codes must keep
 * their promise too, until used up. The users here are enrolled through Keycloak's own pages in the same server,
 * with a non-default policy (HmacSHA256, 8 digits), so that parameters lost in the move would show.
 */
@KeycloakIT
class MigrationIT {

    private static final OtpPolicy POLICY = new OtpPolicy("HmacSHA256", 8, 15);
    private static final OtpParameters PARAMETERS = new OtpParameters(HmacAlgorithm.SHA256, 8, 15);
    private static final String OUR_FLOW = "browser-totp-mfa";
    private static final String BUILT_IN_LABEL = "Keycloak phone";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("migrate", POLICY).enableRecoveryCodes()
            // Warning only when no code is left, so that "used up" is the one moment our codes are asked for.
            .configureAuthenticator(Map.of("recovery-codes-warning", "0"));
    private static final AdminApi admin = KeycloakTargets.admin();
    @RegisterExtension
    static final Browser browser = new Browser();
    private static BuiltIn migrating;
    private static BuiltIn withRecoveryCodes;
    private static BuiltIn refused;

    /** A user and what Keycloak's own enrolment gave them: a phone, and recovery codes in Keycloak's order. */
    private record BuiltIn(TestUser user, TotpDevice phone, List<String> recoveryCodes) {
    }

    @BeforeAll
    static void enrolWithKeycloaksOwnActions() {
        admin.flows().enableRequiredAction(realm.name(), "CONFIGURE_TOTP", "Configure OTP");
        admin.flows().enableRequiredAction(realm.name(), "CONFIGURE_RECOVERY_AUTHN_CODES",
                "Recovery Authentication Codes");
        admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("browserFlow", "browser"));
        migrating = enrolWithKeycloak(false);
        withRecoveryCodes = enrolWithKeycloak(true);
        refused = enrolWithKeycloak(false);
        admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("browserFlow", OUR_FLOW));
        // Devices move into ours only once no flow that signs users in still asks for Keycloak's OTP.
        admin.flows().installDirectGrantFlow(realm.name(), "direct-grant-totp-mfa", ProviderIds.DIRECT_GRANT);
        admin.flows().installFirstBrokerLoginFlow(realm.name(), "first-broker-login-totp-mfa", TestRealm.AUTHENTICATOR);
    }

    @Test
    void builtInPhoneLogsInIsMigratedAndKeepsWorking() {
        TestUser user = migrating.user();
        assertThat(admin.users().credentials(realm.name(), user.id(), "otp")).as("Keycloak's own credential")
                .hasSize(1);

        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);
        login.submit(migrating.phone().nextUnusedCode());
        finishLogin();

        assertThat(admin.users().credentials(realm.name(), user.id(), "otp")).as("built-in credential removed")
                .isEmpty();
        List<JsonNode> ours = admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE);
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).path("userLabel").asText()).isEqualTo(BUILT_IN_LABEL);
        JsonNode data = admin.parse(ours.get(0).path("credentialData").asText());
        assertThat(data.path("algorithm").asText()).isEqualTo("HmacSHA256");
        assertThat(data.path("digits").asInt()).isEqualTo(8);
        assertThat(data.path("period").asInt()).isEqualTo(15);
        assertThat(admin.events().userEvents(realm.name(), "UPDATE_CREDENTIAL"))
                .as("UPDATE_CREDENTIAL of the migration")
                .filteredOn(e -> user.id().equals(e.path("userId").asText()))
                .anySatisfy(e -> {
                    assertThat(e.path("details").path(EventDetails.MIGRATED_FROM).asText()).isEqualTo("otp");
                    assertThat(e.path("details").path("credential_type").asText()).isEqualTo(TestRealm.CREDENTIAL_TYPE);
                });

        BrowserJourneys.login(browser, realm, user, migrating.phone());
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).hasSize(1);
    }

    /**
     * Keycloak's recovery codes work once each on our form, in Keycloak's order (its provider checks only the next
     * code); the last one leads to our recovery codes page, since the user would otherwise have none, and the
     * used-up set is no longer offered.
     */
    @Test
    void builtInRecoveryCodesWorkOnceEachInKeycloaksOrderThenOursAreAsked() {
        TestUser user = withRecoveryCodes.user();
        List<String> codes = withRecoveryCodes.recoveryCodes();
        assertThat(codes).as("codes read from Keycloak's page").hasSizeGreaterThan(2);

        assertRefused(user, codes.get(1), "the second code before the first");
        for (int i = 0; i < codes.size() - 1; i++) {
            HttpResponse<String> answer = HttpJourneys.recoveryLogin(realm, user, codes.get(i));
            assertThat(PlainHttpSession.reachedClient(answer, realm)).as("login with code #%d", i + 1).isTrue();
            if (i == 0) {
                assertRefused(user, codes.get(0), "the first code again");
            }
        }
        assertThat(admin.users().requiredActions(realm.name(), user.id()))
                .doesNotContain(TestRealm.RECOVERY_CODES_ACTION);

        HttpResponse<String> last = HttpJourneys.recoveryLogin(realm, user, codes.get(codes.size() - 1));

        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.body()).as("our recovery codes page after the last built-in code")
                .contains("id=\"" + HttpJourneys.RECOVERY_CODES_FORM + "\"");
        PlainHttpSession next = new PlainHttpSession(realm);
        next.loginWithPassword(user);
        assertThat(next.hasForm(HttpJourneys.LOGIN_FORM)).isTrue();
        assertThat(next.hasForm(HttpJourneys.RECOVERY_FORM)).as("no recovery form for a used-up set").isFalse();
    }

    /**
     * With accept-builtin-otp=false our step cannot check the built-in phone, but it is still the user's second
     * factor: the password alone must not lead to our setup page (the password holder would bind their own app).
     * The user is stopped with a message to contact an admin, and nothing is stored.
     */
    @Test
    void builtInPhoneIsNotAcceptedWhenSwitchedOff() {
        realm.configureAuthenticator(Map.of("recovery-codes-warning", "0", "accept-builtin-otp", "false"));
        try {
            PlainHttpSession session = new PlainHttpSession(realm);
            session.openLogin();
            HttpResponse<String> answer = session.postAndFollow("kc-form-login", Map.of("username",
                    refused.user().username(), "password", refused.user().password(), "credentialId", ""));

            assertThat(answer.body()).as("no setup page after the password alone")
                    .doesNotContain(HttpJourneys.SETUP_FORM)
                    .doesNotContain(HttpJourneys.LOGIN_FORM)
                    .contains("contact your administrator");
            assertThat(PlainHttpSession.reachedClient(answer, realm)).isFalse();
            assertThat(admin.users().credentials(realm.name(), refused.user().id(), "otp")).as("left alone").hasSize(1);
            assertThat(admin.users().credentials(realm.name(), refused.user().id(), TestRealm.CREDENTIAL_TYPE))
                    .isEmpty();
            assertThat(admin.users().requiredActions(realm.name(), refused.user().id()))
                    .doesNotContain(TestRealm.SETUP_ACTION);
        } finally {
            realm.configureAuthenticator(Map.of("recovery-codes-warning", "0"));
        }
    }

    private static void assertRefused(TestUser user, String code, String what) {
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        HttpResponse<String> answer = session.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", code));
        assertThat(answer.statusCode()).as(what).isEqualTo(200);
        assertThat(answer.body()).as(what).contains("id=\"input-error-recoveryCode\"")
                .doesNotContain("id=\"totp-mfa-recovery-remaining\"");
    }

    /** The login ends at the client; our recovery codes page may come first for a user who has none. */
    private static void finishLogin() {
        browser.await().until(d -> Browser.isCallback(realm, d.getCurrentUrl()) || RecoveryCodesPage.isShown(browser));
        if (RecoveryCodesPage.isShown(browser)) {
            new RecoveryCodesPage(browser).acknowledgeAndSubmit();
        }
        browser.awaitCallback(realm);
    }

    /**
     * Keycloak's own CONFIGURE_TOTP page (login-config-totp.ftl, manual mode: the key as text) and, optionally, its
     * CONFIGURE_RECOVERY_AUTHN_CODES page, under the realm's default browser flow.
     */
    private static BuiltIn enrolWithKeycloak(boolean recoveryCodes) {
        TestUser user = realm.createUser();
        admin.users().setRequiredActions(realm.name(), user.id(), recoveryCodes
                ? List.of("CONFIGURE_TOTP", "CONFIGURE_RECOVERY_AUTHN_CODES")
                : List.of("CONFIGURE_TOTP"));
        browser.forgetSessions();
        browser.open(realm.authUrl());
        new PasswordLoginPage(browser).login(user);

        browser.await().withMessage(() -> "no login-config-totp page:\n" + browser.pageSource())
                .until(ExpectedConditions.elementToBeClickable(By.id("mode-manual"))).click();
        String key = browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-totp-secret-key")))
                .getText().replace(" ", "");
        TotpDevice phone = TotpDevice.scan(new OtpAuthUri("IT migrate", user.username(), key, PARAMETERS));
        browser.driver().findElement(By.id("totp")).sendKeys(phone.nextUnusedCode());
        browser.driver().findElement(By.id("userLabel")).sendKeys(BUILT_IN_LABEL);
        browser.driver().findElement(By.id("saveTOTPBtn")).click();

        List<String> codes = List.of();
        if (recoveryCodes) {
            List<WebElement> items =
                    browser.await().withMessage(() -> "no recovery codes page:\n" + browser.pageSource())
                            .until(ExpectedConditions
                                    .presenceOfAllElementsLocatedBy(By.cssSelector("#kc-recovery-codes-list li")));
            codes = items.stream().map(item -> item.getText().strip()).toList();
            browser.driver().findElement(By.id("kcRecoveryCodesConfirmationCheck")).click();
            browser.driver().findElement(By.id("saveRecoveryAuthnCodesBtn")).click();
        }
        browser.awaitCallback(realm);
        assertThat(admin.users().credentials(realm.name(), user.id(), "otp")).as("enrolled by Keycloak").hasSize(1);
        if (recoveryCodes) {
            assertThat(admin.users().credentials(realm.name(), user.id(), "recovery-authn-codes")).hasSize(1);
        }
        return new BuiltIn(user, phone, codes);
    }
}

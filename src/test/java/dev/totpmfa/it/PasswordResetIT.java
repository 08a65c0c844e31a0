package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.IdTokens;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.ResetMailbox;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Forgot password" with the reset-credentials flow the installer makes, over plain HTTP with a real SMTP server:
 * whoever holds the mailbox (and maybe the old password) still needs the second factor, and is asked for it before
 * the new password is set. The first test reads the stock flow's report and installs; the others use its flow.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PasswordResetIT {

    private static final String INSTALLED = "reset credentials with totp-mfa";
    private static final String METHOD_CLAIM = "totp_mfa_method";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("reset").enableRecoveryCodes();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();
    private static ResetMailbox mailbox;

    /** The token says how the step was passed: a "User Session Note" mapper of our note, as README describes. */
    @BeforeAll
    static void startMailboxAndMapTheMethod() {
        mailbox = new ResetMailbox();
        ObjectNode method = admin.json().createObjectNode().put("name", "totp-mfa-method")
                .put("protocol", "openid-connect").put("protocolMapper", "oidc-usersessionmodel-note-mapper");
        method.putObject("config").put("user.session.note", "totp-mfa-method").put("claim.name", METHOD_CLAIM)
                .put("jsonType.label", "String").put("id.token.claim", "true");
        admin.clients().addProtocolMapper(realm.name(), admin.clients().clientUuid(realm.name(), TestRealm.CLIENT_ID),
                method);
    }

    @AfterAll
    static void stopMailbox() {
        mailbox.close();
    }

    /**
     * Keycloak's stock reset flow asks for no second factor: harmless while Forgot password is off, named as weaker
     * once it is on; the installer then binds a copy with our step and leaves the original as it was.
     */
    @Test
    @Order(1)
    void theStockResetFlowIsReportedWhileForgotPasswordIsOnAndTheInstallerReplacesIt() {
        JsonNode off = resetFlow(admin.totpMfa(realm.name(), "GET", "flows"));
        assertThat(off.path("alias").asText()).isEqualTo("reset credentials");
        assertThat(off.path("secondFactor").asText()).isEqualTo("none");
        assertThat(off.path("reachable").asBoolean()).isFalse();
        assertThat(off.path("weaker").asBoolean()).isFalse();

        admin.realms().enableForgotPassword(realm.name(), mailbox.port());
        JsonNode flows = admin.totpMfa(realm.name(), "GET", "flows");
        JsonNode on = resetFlow(flows);
        assertThat(on.path("reachable").asBoolean()).isTrue();
        assertThat(on.path("weaker").asBoolean()).isTrue();
        assertThat(flows.path("warning").asText())
                .contains("'reset credentials' (reset credentials: no second factor)");

        JsonNode dry = binding(admin.totpMfa(realm.name(), "POST", "flows/install?dryRun=true"));
        assertThat(dry.path("action").asText()).isEqualTo("copy-and-bind");
        assertThat(dry.path("to").asText()).isEqualTo(INSTALLED);
        assertThat(dry.path("changes").toString()).contains("add totp-mfa-form (REQUIRED) after reset-password",
                "disable the subflow holding Keycloak's reset-otp");
        assertThat(binding(admin.totpMfa(realm.name(), "POST", "flows/install?dryRun=false"))).isEqualTo(dry);

        JsonNode installed = resetFlow(admin.totpMfa(realm.name(), "GET", "flows"));
        assertThat(installed.path("alias").asText()).isEqualTo(INSTALLED);
        assertThat(installed.path("secondFactor").asText()).isEqualTo("totp-mfa");
        assertThat(providers(INSTALLED)).containsSubsequence("reset-password", ProviderIds.LOGIN_FORM);
        assertThat(providers("reset credentials")).doesNotContain(ProviderIds.LOGIN_FORM).contains("reset-otp");
        assertThat(binding(admin.totpMfa(realm.name(), "POST", "flows/install?dryRun=false")).path("action").asText())
                .as("a second run").isEqualTo("unchanged");
    }

    /**
     * The e-mailed link leads to our code page before the new password: a wrong code neither signs in nor lets the
     * password be changed; the right code, then the new password, signs in.
     */
    @Test
    @Order(2)
    void theResetAsksForTheCodeBeforeTheNewPassword() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        TestUser user = enrolled.user();
        String passwordSetAt = passwordCreatedDate(user);
        PlainHttpSession browser = openResetLink(user);
        assertThat(browser.hasForm(HttpJourneys.LOGIN_FORM)).as(browser.page()).isTrue();
        assertThat(browser.page()).doesNotContain("totp-mfa-trust-browser");

        HttpResponse<String> wrong = browser.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", enrolled.app().wrong()));
        assertThat(PlainHttpSession.reachedClient(wrong, realm)).isFalse();
        assertThat(browser.hasForm(ResetMailbox.NEW_PASSWORD_FORM)).as(browser.page()).isFalse();
        assertThat(browser.hasForm(HttpJourneys.LOGIN_FORM)).isTrue();
        assertThat(passwordCreatedDate(user)).as("password unchanged").isEqualTo(passwordSetAt);

        browser.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next()));
        assertThat(browser.hasForm(ResetMailbox.NEW_PASSWORD_FORM)).as(browser.page()).isTrue();
        String newPassword = "new-" + user.password();
        HttpResponse<String> done = browser.postAndFollow(ResetMailbox.NEW_PASSWORD_FORM,
                Map.of("password-new", newPassword, "password-confirm", newPassword));

        assertThat(PlainHttpSession.reachedClient(done, realm)).as(browser.page()).isTrue();
        assertThat(passwordCreatedDate(user)).as("password changed").isNotEqualTo(passwordSetAt);
        // The LOGIN comes with the new-password request, a request after our step's, whose event Keycloak fills
        // (credential_type password); the session's note says how our step was passed.
        assertThat(admin.events().userEvents(realm.name(), "LOGIN")).anySatisfy(event -> {
            assertThat(event.path("userId").asText()).isEqualTo(user.id());
            assertThat(event.path("details").path("custom_required_action").asText()).isEqualTo("UPDATE_PASSWORD");
        });
        assertThat(IdTokens.claims(keycloak, realm, TestRealm.CLIENT_ID, done).path(METHOD_CLAIM).asText())
                .isEqualTo("otp");
    }

    /** A user without a second factor sets the new password, then enrols, as at their first login. */
    @Test
    @Order(3)
    void aUserWithoutASecondFactorEnrolsAfterTheNewPassword() {
        TestUser user = realm.createUser();
        PlainHttpSession browser = openResetLink(user);
        String newPassword = "new-" + user.password();
        HttpResponse<String> answer = browser.postAndFollow(ResetMailbox.NEW_PASSWORD_FORM,
                Map.of("password-new", newPassword, "password-confirm", newPassword));

        assertThat(PlainHttpSession.reachedClient(answer, realm)).isFalse();
        assertThat(browser.hasForm(HttpJourneys.SETUP_FORM)).as(browser.page()).isTrue();
    }

    /** A recovery code passes the step in a reset as at login: the offer, then the new password. */
    @Test
    @Order(4)
    void aRecoveryCodeAlsoPasses() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        PlainHttpSession browser = openResetLink(enrolled.user());
        browser.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", enrolled.recoveryCodes().get(0)));
        assertThat(browser.hasForm(HttpJourneys.OFFER_FORM)).as(browser.page()).isTrue();

        browser.postAndFollow(HttpJourneys.OFFER_FORM, Map.of("recoveryOffer", "skip"));

        assertThat(browser.hasForm(ResetMailbox.NEW_PASSWORD_FORM)).as(browser.page()).isTrue();
    }

    private static PlainHttpSession openResetLink(TestUser user) {
        String email = user.username() + "@example.test";
        int before = mailbox.mailsTo(email);
        PlainHttpSession browser = new PlainHttpSession(realm);
        ResetMailbox.requestReset(browser, keycloak, user);
        browser.openLogin(mailbox.resetLink(email, before));
        return browser;
    }

    private static String passwordCreatedDate(TestUser user) {
        return admin.users().credentials(realm.name(), user.id(), "password").get(0).path("createdDate").asText();
    }

    private static JsonNode resetFlow(JsonNode flows) {
        return StreamSupport.stream(flows.path("flows").spliterator(), false)
                .filter(flow -> "reset credentials".equals(flow.path("boundAs").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no reset credentials flow in " + flows));
    }

    private static JsonNode binding(JsonNode result) {
        return StreamSupport.stream(result.path("flows").spliterator(), false)
                .filter(flow -> "reset credentials".equals(flow.path("binding").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no reset credentials binding in " + result));
    }

    private static List<String> providers(String flowAlias) {
        return admin.flows().executions(realm.name(), flowAlias).stream()
                .filter(execution -> !"DISABLED".equals(execution.path("requirement").asText()))
                .map(execution -> execution.path("providerId").asText()).toList();
    }
}

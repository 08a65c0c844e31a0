package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.HttpLoginSession;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakServer;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sealing keys must be rotatable without re-enrolling every user: with {@code old,new} configured, secrets
 * sealed under {@code old} still open, {@code new} seals, and each secret is re-sealed under {@code new} on its
 * next successful login, so that {@code old} can then be removed. A user who did not log in while both keys
 * were configured shows that removing {@code old} really takes something away (the control).
 */
@KeycloakIT
// Ordered so that the server switches from development to production mode once: each switch re-augments Keycloak,
// which costs more than the restart itself. The sealing keys are runtime options, so the production-mode restarts
// that follow need no re-augmentation; the next class gets the default server back when it asks for it.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationIT {

    private static final String OPTION = "--spi-credential--totp-mfa--sealing-keys=";
    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    @Order(4)
    void secretSealedUnderARetiredKeyIsResealedOnTheNextLogin(KeycloakTarget keycloak, AdminApi admin) {
        assumeTrue(keycloak.supportsRestart(), "the target cannot be restarted with other options");
        String oldKey = "old:" + randomKey();
        String newKey = "new:" + randomKey();

        // Production mode, where configured keys belong.
        keycloak.restart(List.of(KeycloakServer.PRODUCTION_MODE, OPTION + oldKey));
        try (TestRealm realm = TestRealm.create(keycloak, admin, "rotation")) {
            TestUser active = realm.createUser();
            TotpDevice activeDevice = BrowserJourneys.enrol(browser, realm, active, "Phone");
            TestUser idle = realm.createUser();
            TotpDevice idleDevice = BrowserJourneys.enrol(browser, realm, idle, "Phone");

            keycloak.restart(List.of(KeycloakServer.PRODUCTION_MODE, OPTION + oldKey + "," + newKey));
            BrowserJourneys.login(browser, realm, active, activeDevice);

            keycloak.restart(List.of(KeycloakServer.PRODUCTION_MODE, OPTION + newKey));
            BrowserJourneys.login(browser, realm, active, activeDevice);

            assertThat(loginSucceeds(realm, idle, idleDevice.nextUnusedCode()))
                    .as("control: a secret sealed only under the removed key cannot be used").isFalse();
        }
    }

    /**
     * Without configured keys (the development fallback), an admin who rotates the realm's keys in the admin console
     * (adds a new AES key and deletes the old one) must not take the users' devices and recovery codes with it.
     */
    @Test
    @Order(1)
    void rotatingAwayTheRealmsAesKeysKeepsDevicesAndRecoveryCodesWorking(KeycloakTarget keycloak, AdminApi admin) {
        keycloak.ensureStartedWithDefaults();
        try (TestRealm aesRealm = TestRealm.create(keycloak, admin, "aes-rotation").enableRecoveryCodes()) {
            TestUser user = aesRealm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(aesRealm, user);
            List<JsonNode> oldKeys = admin.realms().keyProviders(aesRealm.name(), "aes-generated");
            assertThat(oldKeys).as("control: the realm has an AES key to rotate").isNotEmpty();

            admin.realms().addKeyProvider(aesRealm.name(), "aes-generated", 200);
            for (JsonNode key : oldKeys) {
                admin.realms().deleteComponent(aesRealm.name(), key.path("id").asText());
            }

            assertThat(loginSucceeds(aesRealm, user, enrolled.app().next())).isTrue();
            assertThat(PlainHttpSession.reachedClient(
                    HttpJourneys.recoveryLogin(aesRealm, user, enrolled.recoveryCodes().get(0)), aesRealm)).isTrue();
        }
    }

    /** Ids starting with realm- name the keys kept per realm: a configured one stops the server with a clear reason. */
    @Test
    @Order(3)
    void configuredKeyIdWithTheReservedPrefixIsRefusedAtStartup(KeycloakTarget keycloak) {
        assumeTrue(keycloak.supportsRestart(), "the target cannot be restarted with other options");
        // The refused start leaves no server running; whoever comes next starts the one it needs.
        assertThatThrownBy(() -> keycloak.restart(
                List.of(KeycloakServer.PRODUCTION_MODE, OPTION + "realm-2026:" + randomKey())))
                .hasMessageContaining("Sealing key id 'realm-2026' starts with 'realm-', which is reserved");
    }

    /**
     * The development fallback key lives in the database beside the secrets: a production server ({@code kc.sh
     * start}) without a configured key must say so loudly, once per realm, while a dev-mode one stays quiet.
     */
    @Test
    @Order(2)
    void productionModeWithoutAConfiguredKeyLogsAnErrorOncePerRealm(KeycloakTarget keycloak, AdminApi admin) {
        assumeTrue(keycloak.supportsRestart(), "the target cannot be restarted with other options");
        String warning = "seals TOTP secrets with the development fallback key";
        keycloak.ensureStartedWithDefaults();
        try (TestRealm devRealm = TestRealm.create(keycloak, admin, "devmode").useFastPasswordHashing()) {
            int logBefore = keycloak.serverLog().length();
            HttpJourneys.enrol(devRealm, devRealm.createUser());
            assertThat(keycloak.serverLog().substring(logBefore)).as("dev mode").doesNotContain(warning);
        }

        keycloak.restart(List.of(KeycloakServer.PRODUCTION_MODE));
        try (TestRealm prodRealm = TestRealm.create(keycloak, admin, "prodmode").useFastPasswordHashing()) {
            HttpJourneys.enrol(prodRealm, prodRealm.createUser());
            HttpJourneys.enrol(prodRealm, prodRealm.createUser());
            List<String> errors = keycloak.serverLog().lines()
                    .filter(line -> line.contains(" ERROR ") && line.contains(warning)
                            && line.contains("realm " + prodRealm.name() + " "))
                    .toList();
            assertThat(errors).as("ERROR lines naming the realm after two enrolments").hasSize(1);
        }
    }

    /** Over HTTP, because the control may end on an error page rather than on the TOTP form. */
    private static boolean loginSucceeds(TestRealm realm, TestUser user, String code) {
        HttpLoginSession session = new HttpLoginSession(realm);
        try {
            session.loginWithPassword(user);
        } catch (IllegalStateException pageNotServed) {
            return false;
        }
        if (!session.showsTotpForm()) {
            return false;
        }
        HttpResponse<String> response = session.submitOtp(code);
        return HttpLoginSession.isSuccess(response, realm);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}

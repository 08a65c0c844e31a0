package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.HttpLoginSession;
import dev.totpmfa.it.support.KeycloakUpgrade;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.names.EventDetails;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.Totp;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Admins upgrade Keycloak under live data: users enrol on the older release (Keycloak 26.4.7, the stream Red Hat's
 * build follows), the server stops, and the release under test (keycloak.version) starts on the same PostgreSQL database and
 * migrates its schema, with the same jar. What users hold must keep working, and what protects them must keep
 * protecting them: a device logs in with a fresh code, a code spent before the upgrade is still refused while it
 * is inside the verification window, spent recovery codes stay spent and the others work, a lockout still holds and
 * an admin's unlock still ends it, and the events stored before the upgrade are still there.
 *
 * <p>Runs in its own JVM after the other ITs (see the pom's failsafe executions, which select it by its tag),
 * because it starts its own servers, one after the other.
 */
@Tag("upgrade")
class KeycloakUpgradeIT {

    /** Keycloak's default period; a window of ten steps each side keeps a spent code verifiable across the upgrade. */
    private static final TestRealm.OtpPolicy POLICY = new TestRealm.OtpPolicy("HmacSHA1", 6, 30);
    private static final int WINDOW = 10;
    private static final int FAILURES = 3;
    private static final int ISSUED = 10;
    private static final String LOCKED = "Too many failed attempts";
    private static final String INVALID_CODE = "Invalid or already used code";
    private static final String INVALID_RECOVERY_CODE = "Invalid or already used recovery code";
    /** Where our lockout record lives: the user's state row. */
    private static final String STATE_TYPE = ProviderIds.USER_STATE_CREDENTIAL;
    private static final String KEY_ID = "upgrade-it";

    private static KeycloakUpgrade upgrade;
    private static AdminApi admin;
    private static TestRealm realm;

    private static TestUser withRecoveryCodes;
    private static Enrolled withRecoveryCodesHolds;
    private static String recoveryCodesCredentialBefore;

    private static TestUser spentACode;
    private static Enrolled spentACodeHolds;
    private static String spentCode;
    private static Instant spentAt;
    private static String deviceBefore;

    private static TestUser lockedOut;
    private static Enrolled lockedOutHolds;

    /**
     * Longer than the 10 minutes of every other method: this one also waits for the machine lock (at most 30 minutes,
     * while other builds run their servers) and starts two servers (at most {@code it.startTimeoutSeconds} each).
     */
    @BeforeAll
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    static void enrolOnTheOlderReleaseThenUpgrade() {
        // A configured sealing key, as in production, and the same one after the upgrade.
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        upgrade = KeycloakUpgrade.startOlderRelease(List.of("--spi-credential--totp-mfa--sealing-keys=" + KEY_ID + ":"
                + Base64.getEncoder().encodeToString(key)));
        AdminApi before = new AdminApi(upgrade.server());
        assertThat(before.serverInfo().path("systemInfo").path("version").asText())
                .as("the release that writes the data").isEqualTo(upgrade.version())
                .isNotEqualTo(System.getProperty("keycloak.version"));
        TestRealm realmBefore = TestRealm.create(upgrade.server(), before, "upgrade", POLICY).enableRecoveryCodes()
                .useFastPasswordHashing()
                .configureAuthenticator(Map.of("lockout-failures", Integer.toString(FAILURES),
                        "lockout-seconds", "3600"));
        before.realms().updateRealm(realmBefore.name(), before.json().createObjectNode()
                .put("otpPolicyLookAheadWindow", WINDOW));

        withRecoveryCodes = realmBefore.createUser();
        withRecoveryCodesHolds = HttpJourneys.enrol(realmBefore, withRecoveryCodes);
        assertThat(withRecoveryCodesHolds.recoveryCodes()).hasSize(ISSUED);
        assertThat(PlainHttpSession.reachedClient(HttpJourneys.recoveryLogin(realmBefore, withRecoveryCodes,
                withRecoveryCodesHolds.recoveryCodes().get(0)), realmBefore)).as("recovery login before").isTrue();
        recoveryCodesCredentialBefore = remainingRecoveryCodes(before, realmBefore, withRecoveryCodes);

        spentACode = realmBefore.createUser();
        spentACodeHolds = HttpJourneys.enrol(realmBefore, spentACode);
        spentAt = Instant.now();
        spentCode = spentACodeHolds.app().next();
        assertThat(loginSucceeds(realmBefore, spentACode, spentCode)).as("login with a code before").isTrue();
        deviceBefore = deviceId(before, realmBefore, spentACode);

        lockedOut = realmBefore.createUser();
        lockedOutHolds = HttpJourneys.enrol(realmBefore, lockedOut);
        PlainHttpSession guessing = new PlainHttpSession(realmBefore);
        guessing.loginWithPassword(lockedOut);
        for (int i = 1; i <= FAILURES; i++) {
            assertThat(guessing.post(HttpJourneys.LOGIN_FORM, Map.of("otp", lockedOutHolds.app().wrong())).body())
                    .as("wrong code %d before", i).contains(INVALID_CODE);
        }
        assertThat(guessing.post(HttpJourneys.LOGIN_FORM, Map.of("otp", lockedOutHolds.app().next())).body())
                .as("the right code once locked, before").contains(LOCKED);

        upgrade.upgrade();
        admin = new AdminApi(upgrade.server());
        realm = realmBefore.onNode(upgrade.server());
    }

    @AfterAll
    static void stopAndDropTheDatabase() {
        if (upgrade != null) {
            upgrade.close();
        }
    }

    @Test
    void theUpgradedServerIsTheReleaseUnderTestOnTheSameData() {
        assertThat(upgrade.version()).isEqualTo(System.getProperty("keycloak.version"));
        assertThat(admin.serverInfo().path("systemInfo").path("version").asText()).isEqualTo(upgrade.version());
        assertThat(admin.users().userId(realm.name(), spentACode.username())).isEqualTo(spentACode.id());
        assertThat(upgrade.server().currentRunLog().lines().filter(line -> line.matches("\\S+ \\S+ ERROR .*")))
                .as("ERROR lines of the upgraded server (its start migrated the database)").isEmpty();
    }

    @Test
    void aDeviceLogsInWithAFreshCodeAndACodeSpentBeforeTheUpgradeIsStillRefused() {
        Totp clock = new Totp(spentACodeHolds.app().device().parameters(), Clock.systemUTC());
        // The spent code's step is at least the step of the moment it was taken: while that is less than WINDOW steps
        // ago, only the stored last-used step can refuse it, not the clock.
        assertThat(clock.currentStep() - clock.stepAt(spentAt)).as("steps since the code was spent")
                .isLessThan(WINDOW);

        HttpLoginSession session = new HttpLoginSession(realm);
        session.loginWithPassword(spentACode);
        HttpResponse<String> replay = session.submitOtp(spentCode);
        assertThat(HttpLoginSession.isSuccess(replay, realm)).as("the code spent before the upgrade").isFalse();
        assertThat(replay.body()).contains(INVALID_CODE);

        assertThat(HttpLoginSession.isSuccess(session.submitOtp(spentACodeHolds.app().next()), realm))
                .as("a fresh code after the upgrade").isTrue();
        assertThat(deviceId(admin, realm, spentACode)).as("the same device row").isEqualTo(deviceBefore);
        assertThat(upgrade.database().query("SELECT secret_data FROM credential WHERE id = '" + deviceBefore + "'"))
                .as("its secret, sealed with the configured key").startsWith("{\"sealed\":\"v2:" + KEY_ID + ":");
        assertThat(eventsOf(spentACode, "LOGIN_ERROR")).as("the refused replay")
                .anySatisfy(event -> assertThat(event.path("error").asText()).isEqualTo("invalid_user_credentials"));
    }

    @Test
    void spentRecoveryCodesStaySpentAndTheOthersWorkAndCountDown() {
        assertThat(recoveryCodesCredentialBefore).as("left before the upgrade").isEqualTo(Integer.toString(ISSUED - 1));
        assertThat(remainingRecoveryCodes(admin, realm, withRecoveryCodes)).as("left after the upgrade")
                .isEqualTo(Integer.toString(ISSUED - 1));

        PlainHttpSession spent = new PlainHttpSession(realm);
        spent.loginWithPassword(withRecoveryCodes);
        spent.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", withRecoveryCodesHolds.recoveryCodes().get(0)));
        assertThat(spent.pageContains(INVALID_RECOVERY_CODE)).as("the code used before the upgrade").isTrue();

        HttpResponse<String> recovered = HttpJourneys.recoveryLogin(realm, withRecoveryCodes,
                withRecoveryCodesHolds.recoveryCodes().get(1));
        assertThat(PlainHttpSession.reachedClient(recovered, realm)).as("an unused recovery code").isTrue();
        assertThat(remainingRecoveryCodes(admin, realm, withRecoveryCodes)).isEqualTo(Integer.toString(ISSUED - 2));
        assertThat(eventsOf(withRecoveryCodes, "LOGIN")).extracting(e -> e.path("details")
                .path(EventDetails.RECOVERY_CODES_REMAINING).asText())
                .as("LOGIN events of recovery logins, newest first").startsWith(Integer.toString(ISSUED - 2))
                .contains(Integer.toString(ISSUED - 1));

        assertThat(loginSucceeds(realm, withRecoveryCodes, withRecoveryCodesHolds.app().next()))
                .as("the device of the same user").isTrue();
    }

    @Test
    void aLockoutFromBeforeTheUpgradeStillHoldsAndAnAdminUnlockEndsIt() {
        assertThat(storedLockout(lockedOut)).as("our lockout record in the database after the upgrade")
                .startsWith("v1:" + FAILURES + ":");
        String correct = lockedOutHolds.app().next();
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(lockedOut);
        HttpResponse<String> refused = session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct));
        assertThat(PlainHttpSession.reachedClient(refused, realm)).as("the right code, still locked").isFalse();
        assertThat(refused.body()).contains(LOCKED);
        assertThat(eventsOf(lockedOut, "LOGIN_ERROR")).as("LOGIN_ERROR events, newest first").first()
                .satisfies(event -> assertThat(event.path("error").asText()).isEqualTo("user_temporarily_disabled"));

        admin.users().clearLoginFailures(realm.name(), lockedOut.id());

        // The same code: it was not evaluated while locked, so it is still unused.
        assertThat(PlainHttpSession.reachedClient(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct)), realm))
                .as("the right code after the admin's unlock").isTrue();
        assertThat(storedLockout(lockedOut)).as("our lockout record after the login").isEmpty();
    }

    @Test
    void eventsStoredBeforeTheUpgradeAreStillThere() {
        assertThat(eventsOf(lockedOut, "LOGIN_ERROR")).as("the failure that locked the factor")
                .anySatisfy(event -> assertThat(event.path("details").path(EventDetails.LOCKOUT).asText())
                        .isEqualTo(EventDetails.LOCKOUT_LOCKED));
        assertThat(eventsOf(withRecoveryCodes, "LOGIN")).as("the recovery login before the upgrade")
                .anySatisfy(
                        event -> assertThat(event.path("details").path(EventDetails.RECOVERY_CODES_REMAINING).asText())
                                .isEqualTo(Integer.toString(ISSUED - 1)));
        assertThat(eventsOf(spentACode, "LOGIN")).as("the login with a code before the upgrade").isNotEmpty();
        assertThat(eventsOf(spentACode, "UPDATE_CREDENTIAL")).as("the enrolment").isNotEmpty();
    }

    private static boolean loginSucceeds(TestRealm in, TestUser user, String code) {
        HttpLoginSession session = new HttpLoginSession(in);
        session.loginWithPassword(user);
        return session.showsTotpForm() && HttpLoginSession.isSuccess(session.submitOtp(code), in);
    }

    private static String remainingRecoveryCodes(AdminApi api, TestRealm in, TestUser user) {
        return api.users().credentials(in.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE).stream()
                .map(set -> api.parse(set.path("credentialData").asText()).path("remaining").asText())
                .reduce((a, b) -> a + "," + b).orElse("none");
    }

    private static String deviceId(AdminApi api, TestRealm in, TestUser user) {
        List<JsonNode> devices = api.users().credentials(in.name(), user.id(), TestRealm.CREDENTIAL_TYPE);
        assertThat(devices).as("devices of " + user.username()).hasSize(1);
        return devices.get(0).path("id").asText();
    }

    private static List<JsonNode> eventsOf(TestUser user, String type) {
        return admin.events().userEvents(realm.name(), type).stream()
                .filter(event -> user.id().equals(event.path("userId").asText())).toList();
    }

    /** The lockout record in the user's state row (credential type totp-mfa-user-state); empty when there is none. */
    private static String storedLockout(TestUser user) {
        String state = upgrade.database().query("SELECT credential_data FROM credential WHERE user_id = '" + user.id()
                + "' AND type = '" + STATE_TYPE + "'");
        return state.isEmpty() ? "" : admin.parse(state).path("lockout").asText("");
    }
}

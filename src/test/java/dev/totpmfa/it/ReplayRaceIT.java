package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.Together;
import dev.totpmfa.it.support.TokenEndpoint;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Single use under races, one layer at a time. A code, a pending enrolment or a pending set of recovery codes that
 * two requests act on at the same moment must take effect once: one login, one device, one set, and a step record
 * that never goes back. Each test releases its requests together (a latch) over plain HTTP, and checks what the
 * server stored through the admin API, not only what the pages say. A code used with Keycloak's own OTP step must
 * be spent for ours too, since both check the same built-in device.
 */
@KeycloakIT
class ReplayRaceIT {

    private static final String DIRECT_GRANT_FLOW = "direct-grant-totp-mfa";
    private static final String CLIENT = "it-cli";
    private static final int ROUNDS = 3;
    private static final OtpParameters BUILT_IN = new OtpParameters(HmacAlgorithm.SHA1, 6, 15);

    private static final KeycloakTarget keycloak = KeycloakTargets.current();
    private static final AdminApi admin = KeycloakTargets.admin();
    /** Our step in every flow that signs users in (browser, direct grant, first broker login): devices migrate. */
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("replay").enableRecoveryCodes().useFastPasswordHashing();
    /** Our browser step, and Keycloak's stock direct-grant flow with its own OTP step. */
    @RegisterExtension
    static final TestRealm stockGrantRealm = TestRealm.perClass("kcotp").useFastPasswordHashing();

    @BeforeAll
    static void installTheFlowsAndClients() {
        admin.flows().installDirectGrantFlow(realm.name(), DIRECT_GRANT_FLOW, ProviderIds.DIRECT_GRANT);
        admin.flows().installFirstBrokerLoginFlow(realm.name(), "first-broker-login-totp-mfa", TestRealm.AUTHENTICATOR);
        admin.clients().createDirectGrantClient(realm.name(), CLIENT);
        admin.clients().createDirectGrantClient(stockGrantRealm.name(), CLIENT);
    }

    /** The browser form and the token endpoint share one device: one code, posted to both at once, signs in once. */
    @Test
    void oneCodeThroughBrowserAndDirectGrantAtOnceSignsInOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TestUser user = realm.createUser();
            StepCodes app = HttpJourneys.enrol(realm, user).app();
            PlainHttpSession browser = atCodePage(realm, user);
            String code = app.next();

            List<Boolean> signedIn = Together.atOnce(
                    () -> PlainHttpSession.reachedClient(
                            browser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)), realm),
                    () -> token(realm, user, Map.of("otp", code)).statusCode() == 200);

            assertThat(signedIn).as("round %d: browser, direct grant", round).containsOnlyOnce(true);
        }
    }

    /**
     * Two different codes of one set at once may both pass, but no consumption is lost: the one row left holds
     * exactly the codes nobody used.
     */
    @Test
    void twoRecoveryCodesOfOneSetAtOnceLoseNoUpdate() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TestUser user = realm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(realm, user);
            List<String> codes = enrolled.recoveryCodes();
            PlainHttpSession first = atCodePage(realm, user);
            PlainHttpSession second = atCodePage(realm, user);

            List<Boolean> accepted = Together.atOnce(
                    () -> acceptedRecovery(
                            first.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", codes.get(0)))),
                    () -> acceptedRecovery(
                            second.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", codes.get(1)))));

            long passed = accepted.stream().filter(Boolean::booleanValue).count();
            assertThat(passed).as("round %d: codes accepted", round).isBetween(1L, 2L);
            List<JsonNode> sets = admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE);
            assertThat(sets).as("round %d: rows of the set", round).hasSize(1);
            assertThat(admin.parse(sets.get(0).path("credentialData").asText()).path("remaining").asInt())
                    .as("round %d: codes left", round).isEqualTo(codes.size() - passed);
            for (int i = 0; i < 2; i++) {
                if (accepted.get(i)) {
                    assertThat(acceptedRecovery(atCodePage(realm, user)
                            .post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", codes.get(i)))))
                            .as("round %d: code %d again", round, i).isFalse();
                }
            }
        }
    }

    /** Two sessions migrating one built-in device with one code: one totp-mfa device, one login. */
    @Test
    void twoSessionsMigratingOneBuiltInDeviceMakeOneDevice() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            BuiltInUser built = builtInUser(realm);
            PlainHttpSession first = atCodePage(realm, built.user());
            PlainHttpSession second = atCodePage(realm, built.user());
            String code = built.phone().nextUnusedCode();

            List<Boolean> signedIn = Together.atOnce(
                    () -> PlainHttpSession.reachedClient(first.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)),
                            realm),
                    () -> PlainHttpSession.reachedClient(second.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)),
                            realm));

            assertThat(signedIn).as("round %d: logins", round).containsOnlyOnce(true);
            assertThat(admin.users().credentials(realm.name(), built.user().id(), TestRealm.CREDENTIAL_TYPE))
                    .as("round %d: migrated devices", round).hasSize(1);
            assertThat(admin.users().credentials(realm.name(), built.user().id(), "otp"))
                    .as("round %d: built-in device left", round).isEmpty();
        }
    }

    /**
     * Keycloak's own direct-grant OTP step marks a used code as {@code <credential id>.<code>}; our step checking
     * the same built-in device must find that mark, or a code spent at the token endpoint logs in a browser again.
     */
    @Test
    void codeUsedWithKeycloaksOwnOtpStepIsRefusedByOurs() {
        BuiltInUser built = builtInUser(stockGrantRealm);
        String code = built.phone().nextUnusedCode();

        HttpResponse<String> granted = token(stockGrantRealm, built.user(), Map.of("otp", code));
        assertThat(granted.statusCode()).as("Keycloak's own step: " + granted.body()).isEqualTo(200);

        PlainHttpSession browser = atCodePage(stockGrantRealm, built.user());
        HttpResponse<String> replay = browser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code));
        assertThat(PlainHttpSession.reachedClient(replay, stockGrantRealm)).as("the same code in our step").isFalse();
        assertThat(admin.users().credentials(stockGrantRealm.name(), built.user().id(), "otp"))
                .as("the built-in device is not migrated by a spent code").hasSize(1);
    }

    /** A double click on the setup page (same session, same secret, same code, no label typed) stores one device. */
    @Test
    void setupPostedTwiceAtOnceStoresOneDevice() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TestUser user = realm.createUser();
            PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
            StepCodes app = StepCodes.of(TotpDevice.scan(session.otpAuthUri()));
            String code = app.next();

            Together.atOnce(() -> session.post(HttpJourneys.SETUP_FORM, Map.of("totp", code, "userLabel", "")),
                    () -> session.post(HttpJourneys.SETUP_FORM, Map.of("totp", code, "userLabel", "")));

            assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE))
                    .as("round %d: devices", round).hasSize(1);
        }
    }

    /**
     * Two sessions of one user enrolling "Phone" at the same moment: one device, the other is told the name is
     * taken.
     */
    @Test
    void twoSessionsSettingUpAtOnceStoreOneDevice() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TestUser user = realm.createUser();
            PlainHttpSession first = HttpJourneys.pastThePassword(realm, user);
            PlainHttpSession second = HttpJourneys.pastThePassword(realm, user);
            String firstCode = StepCodes.of(TotpDevice.scan(first.otpAuthUri())).next();
            String secondCode = StepCodes.of(TotpDevice.scan(second.otpAuthUri())).next();

            Together.atOnce(() -> first.post(HttpJourneys.SETUP_FORM, Map.of("totp", firstCode, "userLabel", "Phone")),
                    () -> second.post(HttpJourneys.SETUP_FORM, Map.of("totp", secondCode, "userLabel", "Phone")));

            assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE))
                    .as("round %d: devices", round).hasSize(1);
        }
    }

    /** A double acknowledgement of one set, then two sessions acknowledging different sets: one set each time. */
    @Test
    void recoveryCodesAcknowledgedTwiceAtOnceStoreOneSet() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            TestUser user = realm.createUser();
            PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
            StepCodes app = StepCodes.of(TotpDevice.scan(session.otpAuthUri()));
            session.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("totp", app.next(), "userLabel", "Phone"));
            assertThat(session.hasForm(HttpJourneys.RECOVERY_CODES_FORM)).as("recovery codes page").isTrue();

            Together.atOnce(() -> session.post(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", "on")),
                    () -> session.post(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", "on")));
            assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE))
                    .as("round %d: sets after a double post", round).hasSize(1);

            PlainHttpSession first = regenerating(user, app);
            PlainHttpSession second = regenerating(user, app);
            List<String> secondCodes = second.recoveryCodes();
            Together.atOnce(() -> first.post(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", "on")),
                    () -> second.post(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", "on")));
            List<JsonNode> sets = admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE);
            assertThat(sets).as("round %d: sets after two sessions", round).hasSize(1);
            assertThat(admin.parse(sets.get(0).path("credentialData").asText()).path("remaining").asInt())
                    .isEqualTo(secondCodes.size());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private record BuiltInUser(TestUser user, TotpDevice phone) {
    }

    private static BuiltInUser builtInUser(TestRealm target) {
        String username = "builtin-" + Long.toHexString(System.nanoTime());
        String password = "pw-" + Long.toHexString(System.nanoTime());
        String secretRaw = "S" + Long.toHexString(System.nanoTime()).toUpperCase() + "QZXWVUTSRQ";
        String id = admin.users().createUserWithBuiltInTotp(target.name(), username, password, secretRaw,
                BUILT_IN.algorithm().jcaName(), BUILT_IN.digits(), BUILT_IN.periodSeconds());
        TotpDevice phone = TotpDevice.scan(new OtpAuthUri("IT replay", username,
                Base32.encode(secretRaw.getBytes(StandardCharsets.UTF_8)), BUILT_IN));
        return new BuiltInUser(new TestUser(id, username, password), phone);
    }

    /** A new session of an enrolled user, through the code page, at the page of a new set of recovery codes. */
    private static PlainHttpSession regenerating(TestUser user, StepCodes app) {
        PlainHttpSession session = new PlainHttpSession(realm);
        session.openLogin(realm.authUrl(TestRealm.RECOVERY_CODES_ACTION));
        session.postAndFollow("kc-form-login",
                Map.of("username", user.username(), "password", user.password(), "credentialId", ""));
        session.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", app.next()));
        assertThat(session.hasForm(HttpJourneys.RECOVERY_CODES_FORM)).as("new set page:\n" + session.page()).isTrue();
        return session;
    }

    private static PlainHttpSession atCodePage(TestRealm target, TestUser user) {
        PlainHttpSession session = HttpJourneys.pastThePassword(target, user);
        assertThat(session.hasForm(HttpJourneys.LOGIN_FORM)).as("code page:\n" + session.page()).isTrue();
        return session;
    }

    private static boolean acceptedRecovery(HttpResponse<String> response) {
        return response.statusCode() == 200 && response.body().contains("id=\"totp-mfa-recovery-remaining\"");
    }

    private static HttpResponse<String> token(TestRealm target, TestUser user, Map<String, String> secondFactor) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password", "client_id", CLIENT,
                "username", user.username(), "password", user.password()));
        form.putAll(secondFactor);
        return TokenEndpoint.post(keycloak, target.name(), form, Duration.ofSeconds(60));
    }
}

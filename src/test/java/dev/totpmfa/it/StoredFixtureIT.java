package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.HttpLoginSession;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.Postgres;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credential rows exactly as the first release stored them (src/test/resources/fixtures) are imported into a real
 * Keycloak with a PostgreSQL database, and the user logs in with a code of the enrolled secret and with a recovery
 * code. The login re-seals the rows in the current format, which this test reads back from the database; for the
 * rows sealed with the first release's development fallback (a key derived from the realm's AES key), the realm's
 * AES keys are then rotated away, and the device and the codes keep working. The user of the configured key also
 * carries the user attributes in which the release before the user's state row kept a lockout and the postponements
 * taken ({@code fixtures/user-state-attributes-0.1.json}): they are carried over into the state row at the first
 * code, which is refused at the carried-over ceiling until a recovery code ends it.
 */
@KeycloakIT
class StoredFixtureIT {

    private static final String KEYS_OPTION = "--spi-credential--totp-mfa--sealing-keys=";
    private static JsonNode fixture;
    private static Postgres.Database database;
    private static KeycloakTarget keycloak;
    private static AdminApi admin;

    @BeforeAll
    static void setUp(KeycloakTarget target, AdminApi adminApi) throws IOException {
        assumeTrue(target.supportsRestart(), "the target cannot be restarted with other options");
        keycloak = target;
        admin = adminApi;
        try (InputStream in = StoredFixtureIT.class.getResourceAsStream("/fixtures/stored-credentials-v1.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        database = Postgres.createDatabase("totpmfa_stored");
    }

    @AfterAll
    static void tearDown() {
        if (database != null) {
            // The realms go with the database. Stopped, not restarted: the next class, if there is one, starts the
            // default server itself (in the container run this class comes last, and a restart would be wasted).
            keycloak.stop();
            database.drop();
        }
    }

    @Test
    void firstReleaseDevFallbackRowsLogInAndOutliveTheRealmsAesKeys() {
        JsonNode stored = storedUser("dev-fallback");
        keycloak.restart(database.serverOptions());
        TestRealm realm = TestRealm.create(keycloak, admin, "stored-dev", TestRealm.OtpPolicy.FAST,
                withTheRealmsIdAndKeys(stored))
                .enableRecoveryCodes();
        TestUser user = importUser(realm, stored);
        StepCodes app = app(stored);
        Iterator<JsonNode> recoveryCodes = stored.path("recoveryCodes").iterator();

        assertThat(loginSucceeds(realm, user, app.next())).as("v1 row sealed with the AES-derived key").isTrue();
        assertThat(secretData(user, ProviderIds.TOTP_CREDENTIAL)).startsWith("{\"sealed\":\"v2:realm-dev-");
        assertThat(secretData(user, ProviderIds.RECOVERY_CODES_CREDENTIAL)).contains("\"hashKey\":\"v2:realm-dev-");

        for (JsonNode provider : admin.realms().keyProviders(realm.name(), "aes-generated")) {
            admin.realms().deleteComponent(realm.name(), provider.path("id").asText());
        }
        admin.realms().addKeyProvider(realm.name(), "aes-generated", 200);

        assertThat(loginSucceeds(realm, user, app.next())).as("after the AES keys were rotated away").isTrue();
        assertThat(PlainHttpSession.reachedClient(
                HttpJourneys.recoveryLogin(realm, user, recoveryCodes.next().asText()), realm)).isTrue();
    }

    @Test
    void firstReleaseConfiguredKeyRowsLogInAndAreResealedAsV2() throws IOException {
        JsonNode stored = storedUser("configured-key");
        List<String> options = new ArrayList<>(database.serverOptions());
        options.add(KEYS_OPTION + fixture.path("sealingKeys").asText());
        keycloak.restart(options);
        TestRealm realm = TestRealm.create(keycloak, admin, "stored-key").enableRecoveryCodes();
        JsonNode legacy = legacyUserState("at the guess ceiling");
        TestUser user = importUser(realm, stored, legacy.path("attributes"));
        assertThat(publicRecoveryData(realm, user)).contains("\"keyId\"");

        HttpLoginSession atTheCeiling = new HttpLoginSession(realm);
        atTheCeiling.loginWithPassword(user);
        assertThat(atTheCeiling.showsTotpForm()).isTrue();
        assertThat(atTheCeiling.submitOtp(app(stored).next()).body()).as("the carried-over ceiling")
                .contains("ask your administrator");
        assertThat(database.query("SELECT count(*) FROM user_attribute WHERE user_id = '" + user.id()
                + "' AND name LIKE 'totp-mfa-%'")).as("the old attributes, removed once carried over").isEqualTo("0");
        assertThat(database.query("SELECT credential_data FROM credential WHERE user_id = '" + user.id()
                + "' AND type = 'totp-mfa-user-state'")).as("the state row")
                .contains(legacy.path("attributes").path("totp-mfa-lockout").asText()).contains("\"graceUsed\":2");
        assertThat(PlainHttpSession.reachedClient(HttpJourneys.recoveryLogin(realm, user,
                stored.path("recoveryCodes").get(1).asText()), realm)).as("a recovery code ends the lockout").isTrue();

        assertThat(loginSucceeds(realm, user, app(stored).next())).isTrue();

        assertThat(secretData(user, ProviderIds.TOTP_CREDENTIAL)).startsWith("{\"sealed\":\"v2:fixture-test-only:");
        assertThat(secretData(user, ProviderIds.RECOVERY_CODES_CREDENTIAL))
                .contains("\"hashKey\":\"v2:fixture-test-only:");
        assertThat(publicRecoveryData(realm, user)).doesNotContain("keyId").doesNotContain("fixture-test-only")
                .contains("\"formatVersion\":2");
        String code = stored.path("recoveryCodes").get(0).asText();
        assertThat(PlainHttpSession.reachedClient(HttpJourneys.recoveryLogin(realm, user, code), realm)).isTrue();
    }

    /**
     * The realm as an import brings it back: its id and its AES key (the input of the first release's fallback), and
     * the other generated keys Keycloak would have made (an import that names any key provider gets no defaults).
     */
    private static ObjectNode withTheRealmsIdAndKeys(JsonNode stored) {
        ObjectNode representation = admin.json().createObjectNode().put("id", stored.path("realmId").asText());
        ArrayNode keys = representation.putObject("components").putArray("org.keycloak.keys.KeyProvider");
        ObjectNode aesConfig = keys.addObject().put("name", "aes-of-the-first-release")
                .put("providerId", "aes-generated").putObject("config");
        stored.path("realmAesKey").fields().forEachRemaining(e -> aesConfig.putArray(e.getKey()).add(e.getValue()));
        for (String generated : List.of("rsa-generated", "rsa-enc-generated", "hmac-generated")) {
            ObjectNode config = keys.addObject().put("name", generated).put("providerId", generated)
                    .putObject("config");
            config.putArray("priority").add("100");
            if (generated.startsWith("hmac")) {
                config.putArray("algorithm").add("HS512");
            }
        }
        return representation;
    }

    /** The stored rows as a realm import carries them: the columns verbatim, ids included. */
    private static TestUser importUser(TestRealm realm, JsonNode stored) {
        return importUser(realm, stored, null);
    }

    /** The user of a fixture case of the attributes that held a user's state before the state row. */
    private static JsonNode legacyUserState(String caseStart) throws IOException {
        try (InputStream in = StoredFixtureIT.class.getResourceAsStream("/fixtures/user-state-attributes-0.1.json")) {
            for (JsonNode user : new ObjectMapper().readTree(in).path("users")) {
                if (user.path("case").asText().startsWith(caseStart)) {
                    return user;
                }
            }
        }
        throw new IllegalStateException("no fixture case " + caseStart);
    }

    /** As {@link #importUser(TestRealm, JsonNode)}, with user attributes as a release stored them (or null). */
    private static TestUser importUser(TestRealm realm, JsonNode stored, JsonNode attributes) {
        String username = "stored-" + stored.path("sealedWith").asText();
        String password = "pw-" + stored.path("userId").asText();
        ObjectNode user = admin.json().createObjectNode()
                .put("id", stored.path("userId").asText())
                .put("username", username)
                .put("enabled", true)
                .put("email", username + "@example.test")
                .put("emailVerified", true)
                .put("firstName", "Stored")
                .put("lastName", "User");
        if (attributes != null) {
            ObjectNode imported = user.putObject("attributes");
            attributes.fields().forEachRemaining(e -> imported.putArray(e.getKey()).add(e.getValue().asText()));
        }
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
        for (JsonNode row : stored.path("credentials")) {
            credentials.addObject()
                    .put("id", row.path("id").asText())
                    .put("type", row.path("type").asText())
                    .put("userLabel", row.path("user_label").isNull() ? null : row.path("user_label").asText())
                    .put("createdDate", row.path("created_date").asLong())
                    .put("credentialData", row.path("credential_data").asText())
                    .put("secretData", row.path("secret_data").asText());
        }
        admin.users().importUsers(realm.name(), admin.json().createArrayNode().add(user));
        return new TestUser(admin.users().userId(realm.name(), username), username, password);
    }

    private static boolean loginSucceeds(TestRealm realm, TestUser user, String code) {
        HttpLoginSession session = new HttpLoginSession(realm);
        session.loginWithPassword(user);
        return session.showsTotpForm() && HttpLoginSession.isSuccess(session.submitOtp(code), realm);
    }

    private static String secretData(TestUser user, String type) {
        return database.query("SELECT secret_data FROM credential WHERE user_id = '" + user.id() + "' AND type = '"
                + type + "'");
    }

    private static String publicRecoveryData(TestRealm realm, TestUser user) {
        return admin.users().credentials(realm.name(), user.id(), ProviderIds.RECOVERY_CODES_CREDENTIAL).get(0)
                .path("credentialData").asText();
    }

    private static StepCodes app(JsonNode stored) {
        OtpParameters parameters = new OtpParameters(HmacAlgorithm.fromName(stored.path("algorithm").asText()),
                stored.path("digits").asInt(), stored.path("period").asInt());
        return StepCodes.of(TotpDevice.scan(new OtpAuthUri("Fixture", "stored", stored.path("secretBase32").asText(),
                parameters)));
    }

    private static JsonNode storedUser(String sealedWith) {
        for (JsonNode user : fixture.path("users")) {
            if (user.path("sealedWith").asText().equals(sealedWith)) {
                return user;
            }
        }
        throw new IllegalStateException("fixture has no user sealed with " + sealedWith);
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.UserStoreJourneys;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our per-user state for the users of a custom User Storage SPI provider that is not LDAP: the test-only provider of
 * {@code src/test/user-storage} (id {@value #PROVIDER}), the smallest an admin might deploy: read-only users found by
 * id, username or e-mail, a password check, no import, no search, no registration. Keycloak keeps their credentials,
 * ours included, in its federated-storage tables. The same journeys as the LDAP realms ({@link UserStoreJourneys}).
 */
@KeycloakIT
class CustomUserStorageIT {

    private static final String PROVIDER = "totp-mfa-test-fixed-users";
    private static final int USERS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    static final TestRealm realm = UserStoreJourneys.realm("custom-storage");
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final List<TestUser> STORED = new ArrayList<>();
    private static final AtomicInteger TAKEN = new AtomicInteger();
    private static UserStoreJourneys journeys;
    private static String component;

    /** Adds the provider to the realm ("User federation"), serving {@value #USERS} users made up here. */
    @BeforeAll
    static void addTheProvider() {
        ObjectNode body = admin.json().createObjectNode()
                .put("name", "fixed-users")
                .put("providerId", PROVIDER)
                .put("providerType", "org.keycloak.storage.UserStorageProvider")
                .put("parentId", admin.realms().realm(realm.name()).path("id").asText());
        ObjectNode config = body.putObject("config");
        config.putArray("enabled").add("true");
        config.putArray("priority").add("0");
        ArrayNode users = config.putArray("users");
        List<String[]> made = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String username = "fixed-" + hex(4);
            String password = "pw-" + hex(8);
            users.add(username + ":" + password);
            made.add(new String[] {username, password});
        }
        HttpResponse<String> answer = admin.request("POST", "/admin/realms/" + realm.name() + "/components", body);
        assertThat(answer.statusCode()).as("the provider refused: " + answer.body()).isEqualTo(201);
        String location = answer.headers().firstValue("Location").orElseThrow();
        component = location.substring(location.lastIndexOf('/') + 1);
        // Keycloak's id of a user of a provider without import: f:<component id>:<the provider's id of the user>.
        made.forEach(user -> STORED.add(new TestUser("f:" + component + ":" + user[0], user[0], user[1])));
        journeys = new UserStoreJourneys(realm, CustomUserStorageIT::newUser);
        journeys.installDirectGrant();
    }

    @Test
    void enrolSignInWithACodeOrARecoveryCodeAndInTheDirectGrant() {
        TestUser user = journeys.enrolSignInWithACodeOrARecoveryCodeAndInTheDirectGrant();

        JsonNode stored = admin.parse(admin.request("GET", "/admin/realms/" + realm.name() + "/users/" + user.id(),
                null).body());
        assertThat(stored.path("federationLink").asText()).as("a user of the custom provider").isEqualTo(component);
        assertThat(stored.path("username").asText()).isEqualTo(user.username());
    }

    @Test
    void parallelWrongCodesCountOneAfterAnotherAndTheAdminUnlocks() throws Exception {
        journeys.parallelWrongCodesCountOneAfterAnotherAndTheAdminUnlocks();
    }

    @Test
    void aTrustedBrowserSkipsTheCodeAndAnAdminResetAsksForEnrolmentAgain() {
        journeys.aTrustedBrowserSkipsTheCodeAndAnAdminResetAsksForEnrolmentAgain();
    }

    @Test
    void theGracePeriodIsCountedOnce() {
        journeys.theGracePeriodIsCountedOnce();
    }

    @Test
    void theAdminApiListsAndCountsTheProvidersUsers() {
        journeys.theAdminApiListsAndCountsTheUsers();
    }

    private static TestUser newUser() {
        int next = TAKEN.getAndIncrement();
        if (next >= STORED.size()) {
            throw new IllegalStateException("more than " + USERS + " users asked for: raise USERS");
        }
        return STORED.get(next);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

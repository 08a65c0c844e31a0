package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each endpoint of the admin API answers on this Keycloak release, once: the cheap proof that runs with the core
 * ITs on the older releases (26.4, 26.5), where Keycloak's admin SPI, JPA entities and flow model could differ.
 * {@link AdminApiIT} is the thorough one (authorisation matrix, every state, logins after the changes).
 */
@KeycloakIT
class AdminApiCoreIT {

    private static final String PASSWORD = "Admin-Api-Core-Password-1";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("adminapicore");
    private static final AdminApi admin = KeycloakTargets.admin();

    @Test
    void everyEndpointAnswers() {
        String name = realm.name();
        String builtIn = admin.users().createUserWithBuiltInTotp(name, "builtin", PASSWORD, "12345678901234567890",
                "HmacSHA1", 6, 30);
        String none = admin.users().createUser(name, "none", PASSWORD);

        JsonNode summary = ok(call("GET", "summary"));
        assertThat(summary.path("users").asLong()).isEqualTo(2);
        assertThat(summary.path("builtInOnly").asLong()).isEqualTo(1);
        assertThat(summary.path("withoutSecondFactor").asLong()).isEqualTo(1);
        assertThat(usernames(ok(call("GET", "users?first=1&max=1")))).containsExactly("none");
        assertThat(usernames(ok(call("GET", "users?state=builtin")))).containsExactly("builtin");

        JsonNode reset = ok(call("POST", "users/" + builtIn + "/reset"));
        assertThat(reset.path("removed").path(0).path("type").asText()).isEqualTo("otp");
        // The user's state row (not a factor), which the reset locked, stays.
        assertThat(admin.users().credentials(name, builtIn)).extracting(c -> c.path("type").asText())
                .containsExactlyInAnyOrder("password", ProviderIds.USER_STATE_CREDENTIAL);
        assertThat(admin.users().requiredActions(name, builtIn)).contains(TestRealm.SETUP_ACTION);
        assertThat(call("POST", "users/" + none + "/unlock").statusCode()).isEqualTo(204);

        assertThat(flow(ok(call("GET", "flows")), "direct grant").path("secondFactor").asText())
                .isEqualTo("keycloak-otp");
        JsonNode install = ok(call("POST", "flows/install?dryRun=false"));
        assertThat(install.path("changed").asBoolean()).isTrue();
        JsonNode grant = flow(ok(call("GET", "flows")), "direct grant");
        assertThat(grant.path("alias").asText()).isEqualTo("direct grant with totp-mfa");
        assertThat(grant.path("secondFactor").asText()).isEqualTo("totp-mfa");
    }

    private static HttpResponse<String> call(String method, String path) {
        return admin.request(method, "/admin/realms/" + realm.name() + "/totp-mfa/" + path, null);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().uri() + " " + response.body()).isEqualTo(200);
        return admin.parse(response.body());
    }

    private static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> usernames(JsonNode users) {
        return elements(users).stream().map(user -> user.path("username").asText()).toList();
    }

    private static JsonNode flow(JsonNode flows, String boundAs) {
        return elements(flows.path("flows")).stream().filter(f -> boundAs.equals(f.path("boundAs").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no flow bound as " + boundAs + ": " + flows));
    }
}

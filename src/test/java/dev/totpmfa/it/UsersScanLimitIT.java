package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.AdminCalls;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.TestRealm;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET users} for an admin whom fine-grained admin permissions restrict tests each user against the admin's
 * permissions; a call tests at most {@code users-scan-limit} users, so that no {@code first}, however large, makes
 * it walk every user of a realm. The server runs with a limit of three, so that a realm of six users shows it.
 */
@KeycloakIT
class UsersScanLimitIT {

    private static final String PASSWORD = "Users-Scan-Limit-Password-1";
    private static final String LIMIT_OPTION = "--spi-admin-realm-restapi-extension--totp-mfa--users-scan-limit=3";
    private static final String STOPPED = "X-Totp-Mfa-Scan-Stopped";

    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();
    private static boolean restarted;

    @BeforeAll
    static void limitOfThree() {
        assumeTrue(keycloak.supportsRestart(), "the target cannot be restarted with other options");
        keycloak.restart(List.of(LIMIT_OPTION));
        restarted = true;
    }

    @AfterAll
    static void defaultServerForTheNextClass() {
        if (restarted) {
            // Stopped, not restarted: the next class starts the default server itself.
            keycloak.stop();
        }
    }

    @Test
    void aRestrictedAdminsListStopsAtTheLimitAndSaysSo() {
        try (TestRealm realm = TestRealm.create(keycloak, admin, "scanlimit")) {
            String name = realm.name();
            admin.realms().updateRealm(name, admin.json().createObjectNode().put("adminPermissionsEnabled", true));
            String auditor = admin.users().createUser(name, "auditor", PASSWORD);
            admin.users().grantClientRoles(name, auditor, "realm-management", List.of("query-users"));
            for (String user : List.of("user-1", "user-2", "user-3", "user-4", "user-5")) {
                admin.users().createUser(name, user, PASSWORD);
            }
            mayViewEveryUser(name, auditor);
            String token = AdminCalls.token(keycloak, name, "auditor", PASSWORD);

            HttpResponse<String> page = AdminCalls.send(keycloak, "GET", "/admin/realms/" + name
                    + "/totp-mfa/users?max=100", token);
            assertThat(usernames(page)).containsExactly("auditor", "user-1", "user-2");
            assertThat(page.headers().firstValue(STOPPED)).contains("3");

            HttpResponse<String> far = AdminCalls.send(keycloak, "GET", "/admin/realms/" + name
                    + "/totp-mfa/users?first=999999999", token);
            assertThat(usernames(far)).isEmpty();
            assertThat(far.headers().firstValue(STOPPED)).contains("3");

            HttpResponse<String> everyone = admin.request("GET", "/admin/realms/" + name + "/totp-mfa/users", null);
            assertThat(usernames(everyone)).as("view-users: no test per user, no limit")
                    .containsExactly("auditor", "user-1", "user-2", "user-3", "user-4", "user-5");
            assertThat(everyone.headers().firstValue(STOPPED)).isEmpty();
        }
    }

    /** A permission (admin permissions v2) to view all users, for the auditor only. */
    private static void mayViewEveryUser(String realm, String auditor) {
        HttpResponse<String> clients = admin.request("GET", "/admin/realms/" + realm
                + "/clients?clientId=admin-permissions", null);
        assertThat(clients.statusCode()).as(clients.body()).isEqualTo(200);
        String authz = "/admin/realms/" + realm + "/clients/" + admin.parse(clients.body()).path(0).path("id")
                .asText() + "/authz/resource-server";
        ObjectNode policy = admin.json().createObjectNode().put("name", "is auditor").put("logic", "POSITIVE");
        policy.putArray("users").add(auditor);
        created(admin.request("POST", authz + "/policy/user", policy));
        ObjectNode permission = admin.json().createObjectNode().put("name", "auditor: every user")
                .put("resourceType", "Users");
        permission.putArray("scopes").add("view");
        permission.putArray("resources");
        permission.putArray("policies").add("is auditor");
        created(admin.request("POST", authz + "/permission/scope", permission));
    }

    private static void created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().uri() + " " + response.body()).isEqualTo(201);
    }

    private static List<String> usernames(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode users = admin.parse(response.body());
        return StreamSupport.stream(users.spliterator(), false).map(user -> user.path("username").asText()).toList();
    }
}

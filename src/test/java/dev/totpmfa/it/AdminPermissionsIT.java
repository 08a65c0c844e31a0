package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.AdminCalls;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.TestRealm;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin API in a realm with Keycloak's fine-grained admin permissions (v2, the realm's "Admin Permissions"):
 * admins holding only {@code query-users} get exactly the users their permissions give them, as Keycloak's own
 * user list does. A helpdesk admin may view and manage the members of one group; an auditor may view every user
 * but one, whom a second permission denies (Keycloak decides unanimously: a denial wins over a grant).
 */
@KeycloakIT
class AdminPermissionsIT {

    private static final String PASSWORD = "Admin-Permissions-Password-1";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("fgap");
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    @Test
    void aGroupsAdminListsResetsAndUnlocksItsMembersOnly() {
        Users users = new Users(realm.name());
        String team = admin.users().createGroup(users.realm, "team");
        admin.users().joinGroup(users.realm, users.id("team-a"), team);
        admin.users().joinGroup(users.realm, users.id("team-b"), team);
        users.policy("is helpdesk", "POSITIVE", "helpdesk");
        users.permission("helpdesk: the team", "Groups", List.of("view-members", "manage-members"), List.of(team),
                "is helpdesk");
        String helpdesk = users.token("helpdesk");

        assertThat(usernames(ours(users.realm, "GET", "users", helpdesk))).containsExactly("team-a", "team-b")
                .containsExactlyElementsOf(keycloaksOwnList(users.realm, helpdesk));
        assertThat(usernames(ours(users.realm, "GET", "users?state=none&first=1&max=5", helpdesk)))
                .containsExactly("team-b");

        assertThat(ours(users.realm, "POST", "users/" + users.id("team-a") + "/reset", helpdesk).statusCode())
                .isEqualTo(200);
        assertThat(ours(users.realm, "POST", "users/" + users.id("team-b") + "/unlock", helpdesk).statusCode())
                .isEqualTo(204);
        for (String other : List.of("outsider", "hidden", "auditor")) {
            assertThat(ours(users.realm, "POST", "users/" + users.id(other) + "/reset", helpdesk).statusCode())
                    .as(other).isEqualTo(403);
            assertThat(ours(users.realm, "POST", "users/" + users.id(other) + "/unlock", helpdesk).statusCode())
                    .as(other).isEqualTo(403);
        }
        assertThat(ours(users.realm, "GET", "summary", helpdesk).statusCode()).as("counts of users it may not see")
                .isEqualTo(403);
    }

    /** In a realm of its own: Keycloak decides unanimously, so one admin's permissions would narrow the other's. */
    @Test
    void aDeniedUserStaysHiddenUnderAPermissionOnEveryUser() {
        try (TestRealm own = TestRealm.create(keycloak, admin, "fgap-all")) {
            Users users = new Users(own.name());
            users.policy("is auditor", "POSITIVE", "auditor");
            users.policy("is not auditor", "NEGATIVE", "auditor");
            users.permission("auditor: every user", "Users", List.of("view"), List.of(), "is auditor");
            users.permission("nobody but: hidden", "Users", List.of("view"), List.of(users.id("hidden")),
                    "is not auditor");
            String auditor = users.token("auditor");

            assertThat(usernames(ours(users.realm, "GET", "users", auditor)))
                    .containsExactly("auditor", "helpdesk", "outsider", "team-a", "team-b")
                    .containsExactlyElementsOf(keycloaksOwnList(users.realm, auditor));
            assertThat(ours(users.realm, "GET", "summary", auditor).statusCode()).as("counts the hidden user too")
                    .isEqualTo(403);
            assertThat(ours(users.realm, "POST", "users/" + users.id("team-a") + "/reset", auditor).statusCode())
                    .isEqualTo(403);
            assertThat(ours(users.realm, "POST", "users/" + users.id("outsider") + "/unlock", auditor)
                    .statusCode()).isEqualTo(403);
        }
    }

    /** The users of a realm with admin permissions on; the two admins hold only {@code query-users}. */
    private static final class Users {

        final String realm;
        private final Map<String, String> ids = new HashMap<>();
        private final String authz;

        Users(String realm) {
            this.realm = realm;
            admin.realms().updateRealm(realm, admin.json().createObjectNode().put("adminPermissionsEnabled", true));
            for (String username : List.of("auditor", "helpdesk", "hidden", "outsider", "team-a", "team-b")) {
                ids.put(username, admin.users().createUser(realm, username, PASSWORD));
            }
            for (String rights : List.of("auditor", "helpdesk")) {
                admin.users().grantClientRoles(realm, ids.get(rights), "realm-management", List.of("query-users"));
            }
            HttpResponse<String> clients = admin.request("GET", "/admin/realms/" + realm
                    + "/clients?clientId=admin-permissions", null);
            assertThat(clients.statusCode()).as(clients.body()).isEqualTo(200);
            authz = "/admin/realms/" + realm + "/clients/" + admin.parse(clients.body()).path(0).path("id").asText()
                    + "/authz/resource-server";
        }

        String id(String username) {
            return ids.get(username);
        }

        void policy(String name, String logic, String username) {
            ObjectNode policy = admin.json().createObjectNode().put("name", name).put("logic", logic);
            policy.putArray("users").add(ids.get(username));
            created(admin.request("POST", authz + "/policy/user", policy));
        }

        /** A scope permission on {@code resources} of {@code resourceType}, or on all of them when none. */
        void permission(String name, String resourceType, List<String> scopes, List<String> resources,
                        String policy) {
            ObjectNode permission = admin.json().createObjectNode().put("name", name)
                    .put("resourceType", resourceType);
            scopes.forEach(permission.putArray("scopes")::add);
            resources.forEach(permission.putArray("resources")::add);
            permission.putArray("policies").add(policy);
            created(admin.request("POST", authz + "/permission/scope", permission));
        }

        String token(String username) {
            return AdminCalls.token(keycloak, realm, username, PASSWORD);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static void created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().uri() + " " + response.body()).isEqualTo(201);
    }

    private static HttpResponse<String> ours(String realmName, String method, String path, String token) {
        return send(method, "/admin/realms/" + realmName + "/totp-mfa/" + path, token);
    }

    /** Keycloak's own {@code GET users}, in username order, as this admin sees it. */
    private static List<String> keycloaksOwnList(String realmName, String token) {
        return usernames(send("GET", "/admin/realms/" + realmName + "/users?max=100&briefRepresentation=true",
                token)).stream().sorted().toList();
    }

    private static HttpResponse<String> send(String method, String path, String token) {
        return AdminCalls.send(keycloak, method, path, token);
    }

    private static List<String> usernames(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode users = admin.parse(response.body());
        return StreamSupport.stream(users.spliterator(), false).map(user -> user.path("username").asText()).toList();
    }
}

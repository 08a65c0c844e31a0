package dev.totpmfa.it.support;

import static dev.totpmfa.it.support.AdminHttp.elements;
import static dev.totpmfa.it.support.AdminHttp.encode;
import static dev.totpmfa.it.support.AdminHttp.realmPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Users: their credentials, required actions, sessions, roles, groups, links and brute-force records. */
public final class UserAdmin {

    private final AdminHttp http;
    private final ClientAdmin clients;

    UserAdmin(AdminHttp http, ClientAdmin clients) {
        this.http = http;
        this.clients = clients;
    }

    /** Creates an enabled user with a complete profile (no "update profile" step) and a permanent password. */
    public String createUser(String realm, String username, String password) {
        return createUser(realm, username, password, null);
    }

    /**
     * The same, plus one stored credential written as given (e.g. a device of Keycloak's own {@code otp} type, with
     * its {@code credentialData} and {@code secretData} JSON), as an admin migrating users would create it.
     */
    public String createUser(String realm, String username, String password, ObjectNode extraCredential) {
        ObjectNode user = http.json().createObjectNode()
                .put("username", username)
                .put("enabled", true)
                .put("email", username + "@example.test")
                .put("emailVerified", true)
                .put("firstName", "Test")
                .put("lastName", "User");
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
        if (extraCredential != null) {
            credentials.add(extraCredential);
        }
        return http.create(realmPath(realm) + "/users", user);
    }

    /**
     * A user as {@link #createUser} plus a TOTP device of Keycloak's own OTP form ({@code otp} credential), stored as
     * Keycloak stores one: {@code secretRaw} is the secret's UTF-8 text (Keycloak's default secret encoding).
     */
    public String createUserWithBuiltInTotp(String realm, String username, String password, String secretRaw,
                                            String algorithm, int digits, int periodSeconds) {
        ObjectNode device = http.json().createObjectNode()
                .put("type", "otp")
                .put("userLabel", "Keycloak phone")
                .put("secretData", http.json().createObjectNode().put("value", secretRaw).toString())
                .put("credentialData", http.json().createObjectNode().put("subType", "totp").put("digits", digits)
                        .put("counter", 0).put("period", periodSeconds).put("algorithm", algorithm).toString());
        return createUser(realm, username, password, device);
    }

    /** The user's id, by exact username. */
    public String userId(String realm, String username) {
        JsonNode users = http.get(realmPath(realm) + "/users?exact=true&username=" + encode(username));
        if (users.size() != 1) {
            throw new IllegalStateException("No single user " + username + " in " + realm + ": " + users);
        }
        return users.get(0).path("id").asText();
    }

    /** Partial import of users with their credentials as given (stored columns included), failing on a clash. */
    public void importUsers(String realm, ArrayNode users) {
        ObjectNode body = http.json().createObjectNode().put("ifResourceExists", "FAIL");
        body.set("users", users);
        http.send("POST", realmPath(realm) + "/partialImport", body, 200);
    }

    /**
     * Merges {@code changes} into the user's current representation ({@code attributes} key by key) and PUTs the
     * whole: with the user profile on, a partial PUT would drop the attributes it does not name.
     */
    public void updateUser(String realm, String userId, ObjectNode changes) {
        ObjectNode user = (ObjectNode) http.get(userPath(realm, userId));
        changes.properties().forEach(field -> {
            if ("attributes".equals(field.getKey()) && user.path("attributes").isObject()) {
                ((ObjectNode) user.get("attributes")).setAll((ObjectNode) field.getValue());
            } else {
                user.set(field.getKey(), field.getValue());
            }
        });
        http.send("PUT", userPath(realm, userId), user, 204);
    }

    public void deleteUser(String realm, String userId) {
        http.send("DELETE", userPath(realm, userId), null, 204);
    }

    // Credentials.

    public List<JsonNode> credentials(String realm, String userId) {
        return elements(http.get(userPath(realm, userId) + "/credentials"));
    }

    public List<JsonNode> credentials(String realm, String userId, String type) {
        return credentials(realm, userId).stream().filter(c -> type.equals(c.path("type").asText())).toList();
    }

    public void deleteCredential(String realm, String userId, String credentialId) {
        http.send("DELETE", userPath(realm, userId) + "/credentials/" + credentialId, null, 204);
    }

    /** Sets the user's password as an admin does ({@code PUT users/{id}/reset-password}), not temporary. */
    public void resetPassword(String realm, String userId, String password) {
        http.send("PUT", userPath(realm, userId) + "/reset-password", http.json().createObjectNode()
                .put("type", "password").put("value", password).put("temporary", false), 204);
    }

    // Required actions, sessions, brute force.

    /** The user's pending required actions. */
    public List<String> requiredActions(String realm, String userId) {
        return elements(http.get(userPath(realm, userId)).path("requiredActions")).stream()
                .map(JsonNode::asText).toList();
    }

    /** The user's required actions replaced by {@code actions} (e.g. Keycloak's own CONFIGURE_TOTP). */
    public void setRequiredActions(String realm, String userId, List<String> actions) {
        ObjectNode changes = http.json().createObjectNode();
        ArrayNode list = changes.putArray("requiredActions");
        actions.forEach(list::add);
        updateUser(realm, userId, changes);
    }

    /** Ends all of the user's sessions, so that the next browser login asks for the second factor again. */
    public void logoutUser(String realm, String userId) {
        http.send("POST", userPath(realm, userId) + "/logout", null, 204);
    }

    /** Keycloak's brute-force record of the user ({@code numFailures}, {@code disabled}, ...). */
    public JsonNode bruteForceStatus(String realm, String userId) {
        return http.get(realmPath(realm) + "/attack-detection/brute-force/users/" + userId);
    }

    /** The admin console's "Unlock user": deletes the user's login-failure record. */
    public void clearLoginFailures(String realm, String userId) {
        http.send("DELETE", realmPath(realm) + "/attack-detection/brute-force/users/" + userId, null, 204);
    }

    // Roles, groups, identity-provider links.

    /** Grants the user roles of one client of the realm, e.g. {@code view-users} of {@code realm-management}. */
    public void grantClientRoles(String realm, String userId, String clientId, List<String> roles) {
        String client = clients.clientUuid(realm, clientId);
        ArrayNode body = http.json().createArrayNode();
        roles.forEach(role -> body.add(http.get(realmPath(realm) + "/clients/" + client + "/roles/" + encode(role))));
        http.send("POST", userPath(realm, userId) + "/role-mappings/clients/" + client, body, 204);
    }

    /** A group of the realm; its id. */
    public String createGroup(String realm, String name) {
        return http.create(realmPath(realm) + "/groups", http.json().createObjectNode().put("name", name));
    }

    public void joinGroup(String realm, String userId, String groupId) {
        http.send("PUT", userPath(realm, userId) + "/groups/" + encode(groupId), null, 204);
    }

    /** The identity-provider links of a user ({@code identityProvider}, {@code userId}, {@code userName}). */
    public List<JsonNode> federatedIdentities(String realm, String userId) {
        return elements(http.get(userPath(realm, userId) + "/federated-identity"));
    }

    private static String userPath(String realm, String userId) {
        return realmPath(realm) + "/users/" + encode(userId);
    }
}

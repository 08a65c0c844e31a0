package dev.totpmfa.it.support;

import static dev.totpmfa.it.support.AdminHttp.elements;
import static dev.totpmfa.it.support.AdminHttp.encode;
import static dev.totpmfa.it.support.AdminHttp.realmPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Realms and their settings: OTP policy, mail, the user cache, the key providers. */
public final class RealmAdmin {

    private final AdminHttp http;

    RealmAdmin(AdminHttp http) {
        this.http = http;
    }

    public void createRealm(ObjectNode representation) {
        http.send("POST", "/admin/realms", representation, 201);
    }

    public void deleteRealm(String realm) {
        http.send("DELETE", realmPath(realm), null, 204);
    }

    public JsonNode realm(String realm) {
        return http.get(realmPath(realm));
    }

    /** PUT of a partial representation: only the fields present change. */
    public void updateRealm(String realm, ObjectNode changes) {
        http.send("PUT", realmPath(realm), changes, 204);
    }

    /** The realm OTP policy that new enrolments use ({@code algorithm} as Keycloak names it, e.g. HmacSHA256). */
    public void setOtpPolicy(String realm, String algorithm, int digits, int periodSeconds) {
        updateRealm(realm, http.json().createObjectNode()
                .put("otpPolicyType", "totp")
                .put("otpPolicyAlgorithm", algorithm)
                .put("otpPolicyDigits", digits)
                .put("otpPolicyPeriod", periodSeconds)
                .put("otpPolicyLookAheadWindow", 1));
    }

    /** Keycloak's "clear user cache" of a realm: the next read of each user comes from the database. */
    public void clearUserCache(String realm) {
        http.send("POST", realmPath(realm) + "/clear-user-cache", null, 204);
    }

    /** Turns "Forgot password" on, with the realm's mail going to the SMTP server on {@code smtpPort}. */
    public void enableForgotPassword(String realm, int smtpPort) {
        ObjectNode changes = http.json().createObjectNode().put("resetPasswordAllowed", true);
        changes.putObject("smtpServer").put("host", "127.0.0.1").put("port", Integer.toString(smtpPort))
                .put("from", "no-reply@totpmfa.test").put("auth", "false").put("ssl", "false")
                .put("starttls", "false");
        updateRealm(realm, changes);
    }

    public void disableForgotPassword(String realm) {
        ObjectNode changes = http.json().createObjectNode().put("resetPasswordAllowed", false);
        changes.putObject("smtpServer");
        updateRealm(realm, changes);
    }

    // Realm settings -> Keys -> Providers.

    /** The realm's key-provider components with {@code providerId}, e.g. {@code aes-generated}. */
    public List<JsonNode> keyProviders(String realm, String providerId) {
        return elements(http.get(realmPath(realm) + "/components?type=org.keycloak.keys.KeyProvider")).stream()
                .filter(component -> providerId.equals(component.path("providerId").asText()))
                .toList();
    }

    /** "Add provider": a generated key of {@code providerId} with {@code priority}, as an admin rotates keys. */
    public void addKeyProvider(String realm, String providerId, int priority) {
        ObjectNode component = http.json().createObjectNode()
                .put("name", providerId + "-" + priority)
                .put("providerId", providerId)
                .put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", realm(realm).path("id").asText());
        component.putObject("config").putArray("priority").add(String.valueOf(priority));
        http.send("POST", realmPath(realm) + "/components", component, 201);
    }

    public void deleteComponent(String realm, String componentId) {
        http.send("DELETE", realmPath(realm) + "/components/" + encode(componentId), null, 204);
    }
}

package dev.totpmfa.it.support;

import static dev.totpmfa.it.support.AdminHttp.elements;
import static dev.totpmfa.it.support.AdminHttp.realmPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a realm stores of user and admin events, and reading them back. */
public final class EventAdmin {

    /** Event types the test realms store; every other type is not needed by any assertion. */
    private static final List<String> EVENT_TYPES = List.of(
            "LOGIN", "LOGIN_ERROR", "CODE_TO_TOKEN", "LOGOUT",
            "UPDATE_CREDENTIAL", "UPDATE_CREDENTIAL_ERROR", "REMOVE_CREDENTIAL", "REMOVE_CREDENTIAL_ERROR",
            "UPDATE_TOTP", "UPDATE_TOTP_ERROR", "REMOVE_TOTP", "REMOVE_TOTP_ERROR",
            "CUSTOM_REQUIRED_ACTION", "CUSTOM_REQUIRED_ACTION_ERROR",
            "EXECUTE_ACTIONS", "EXECUTE_ACTIONS_ERROR");

    private final AdminHttp http;

    EventAdmin(AdminHttp http) {
        this.http = http;
    }

    /** Stores user events of {@link #EVENT_TYPES} and admin events with their representations. */
    public void enableEvents(String realm) {
        ObjectNode config = http.json().createObjectNode()
                .put("eventsEnabled", true)
                .put("adminEventsEnabled", true)
                .put("adminEventsDetailsEnabled", true);
        config.putArray("eventsListeners").add("jboss-logging");
        ArrayNode types = config.putArray("enabledEventTypes");
        EVENT_TYPES.forEach(types::add);
        http.send("PUT", realmPath(realm) + "/events/config", config, 204);
    }

    /** Whether the realm stores admin events (the admin console's "Save events" of admin events). */
    public void storeAdminEvents(String realm, boolean store) {
        ObjectNode config = (ObjectNode) http.get(realmPath(realm) + "/events/config");
        config.put("adminEventsEnabled", store);
        http.send("PUT", realmPath(realm) + "/events/config", config, 204);
    }

    /** The realm's stored user events as the admin console receives them (newest first). */
    public String userEventsJson(String realm) {
        return http.send("GET", realmPath(realm) + "/events?first=0&max=1000", null, 200);
    }

    public List<JsonNode> userEvents(String realm, String type) {
        return elements(http.parse(userEventsJson(realm))).stream()
                .filter(event -> type.equals(event.path("type").asText()))
                .toList();
    }

    public String adminEventsJson(String realm) {
        return http.send("GET", realmPath(realm) + "/admin-events?first=0&max=1000", null, 200);
    }
}

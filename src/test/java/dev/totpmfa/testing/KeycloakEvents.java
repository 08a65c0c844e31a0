package dev.totpmfa.testing;

import java.util.Map;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/** Keycloak events as our listeners receive them, of user {@value #USER_ID} in realm {@value #REALM_ID}. */
public final class KeycloakEvents {

    public static final String USER_ID = "user-1";
    public static final String REALM_ID = "realm-1";

    private KeycloakEvents() {
    }

    public static Event event(EventType type, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setUserId(USER_ID);
        event.setRealmId(REALM_ID);
        event.setDetails(details);
        return event;
    }

    /** An admin's action on a user (such as a reset or an unlock), at {@code path}. */
    public static AdminEvent adminEvent(String path, Map<String, String> details) {
        AdminEvent event = new AdminEvent();
        event.setRealmId(REALM_ID);
        event.setOperationType(OperationType.ACTION);
        event.setResourceType(ResourceType.USER);
        event.setResourcePath(path);
        event.setDetails(details);
        return event;
    }
}

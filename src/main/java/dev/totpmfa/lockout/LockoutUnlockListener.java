package dev.totpmfa.lockout;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak's "Unlock user" ({@code DELETE /admin/realms/{realm}/attack-detection/brute-force/users/{id}}) also
 * clears our lockout record. Keycloak sends that admin event only while it holds a login-failure record of the user,
 * so {@link FactorLockout} keeps one in place while our lockout lasts (docs/OPERATIONS.md says what to do once it
 * has expired).
 */
final class LockoutUnlockListener implements EventListenerProvider {

    private static final String UNLOCK_PATH = "attack-detection/brute-force/users/";

    private final KeycloakSession session;

    LockoutUnlockListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        String path = event.getResourcePath();
        if (event.getOperationType() != OperationType.DELETE || path == null || !path.startsWith(UNLOCK_PATH)) {
            return;
        }
        String userId = path.substring(UNLOCK_PATH.length());
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null || userId.isEmpty() ? null : session.users().getUserById(realm, userId);
        if (user != null) {
            FactorLockout.clear(session, realm, user);
        }
    }

    @Override
    public void onEvent(Event event) {
        // Only the admin's unlock matters here.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

package dev.totpmfa.credential;

import dev.totpmfa.trust.TrustRevocation;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Revokes a user's trusted browsers on the events {@link TrustRevocation} names, in the transaction of the change
 * itself (Keycloak hands successful events to listeners before it commits), so the change and the revocation are
 * stored together or not at all.
 */
final class TrustRevocationListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(TrustRevocationListener.class);

    private final KeycloakSession session;

    TrustRevocationListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        revoke(event.getRealmId(), TrustRevocation.userOf(event), event.getType().name());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        revoke(event.getRealmId(), TrustRevocation.userOf(event), "admin " + event.getResourcePath());
    }

    private void revoke(String realmId, Optional<String> userId, String cause) {
        if (userId.isEmpty()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId.get());
        if (user == null) {
            return;
        }
        int revoked = TrustedBrowserCredentialProvider.of(session).revokeAll(user);
        if (revoked > 0) {
            LOG.debugf("Revoked %d trusted browsers of user %s in realm %s after %s", revoked, user.getId(),
                    realm.getName(), cause);
        }
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

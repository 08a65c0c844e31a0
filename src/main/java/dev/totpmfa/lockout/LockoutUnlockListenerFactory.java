package dev.totpmfa.lockout;

import dev.totpmfa.names.ProviderIds;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** A global listener: the admin's unlock clears our lockout in every realm, with no event settings to change. */
public final class LockoutUnlockListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.UNLOCK_LISTENER;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new LockoutUnlockListener(session);
    }

    @Override
    public void init(Config.Scope config) {
        // No settings.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

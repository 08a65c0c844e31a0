package dev.totpmfa.lockout;

import dev.totpmfa.config.NoServerSetup;
import dev.totpmfa.names.ProviderIds;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** A global listener: the admin's unlock clears our lockout in every realm, with no event settings to change. */
public final class LockoutUnlockListenerFactory
        implements EventListenerProviderFactory, NoServerSetup<EventListenerProvider> {

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
}

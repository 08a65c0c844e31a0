package dev.totpmfa.credential;

import dev.totpmfa.config.NoServerSetup;
import dev.totpmfa.names.ProviderIds;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** A global listener: revocation works in every realm, whatever its event settings say. */
public final class TrustRevocationListenerFactory implements EventListenerProviderFactory,
        NoServerSetup<EventListenerProvider> {

    public static final String PROVIDER_ID = ProviderIds.TRUST_REVOCATION_LISTENER;

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
        return new TrustRevocationListener(session);
    }
}

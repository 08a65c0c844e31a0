package dev.totpmfa.config;

import java.util.function.Function;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * For our event listeners that need nothing but the session: global, so each works in every realm without a
 * listener added to the realm's event settings. A subclass names its id and how it makes its listener.
 */
public abstract class GlobalListenerFactory
        implements EventListenerProviderFactory, NoServerSetup<EventListenerProvider> {

    private final String id;
    private final Function<KeycloakSession, EventListenerProvider> listener;

    protected GlobalListenerFactory(String id, Function<KeycloakSession, EventListenerProvider> listener) {
        this.id = id;
        this.listener = listener;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final boolean isGlobal() {
        return true;
    }

    @Override
    public final EventListenerProvider create(KeycloakSession session) {
        return listener.apply(session);
    }
}

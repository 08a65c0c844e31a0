package dev.totpmfa.config;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * For our factories that need nothing at server start: they read no server option (their settings, if any, are
 * per realm, in the step's or the action's config), wire nothing and hold nothing to close. A factory that does
 * one of these overrides just that method.
 */
public interface NoServerSetup<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
        // No server options.
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    default void close() {
        // Nothing held.
    }
}

package dev.totpmfa.credential;

import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A credential provider that shares the sealing keys of the {@code totp-mfa} provider: one set of keys to configure
 * and rotate (on {@link TotpCredentialProviderFactory}), taken from it once every factory is initialised.
 */
abstract class VaultSharingProviderFactory<P extends CredentialProvider<?>> implements CredentialProviderFactory<P> {

    /** A provider's constructor: the session, the shared keys, randomness and the clock. */
    @FunctionalInterface
    interface Constructor<P> {
        P create(KeycloakSession session, SecretVault vault, SecureRandom random, Clock clock);
    }

    private final String id;
    private final Constructor<P> constructor;
    private final SecureRandom random = new SecureRandom();
    private SecretVault vault;

    VaultSharingProviderFactory(String id, Constructor<P> constructor) {
        this.id = id;
        this.constructor = constructor;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
        vault = ((TotpCredentialProviderFactory) factory.getProviderFactory(CredentialProvider.class,
                TotpCredentialModel.TYPE)).vault();
    }

    @Override
    public final P create(KeycloakSession session) {
        return constructor.create(session, vault, random, Clock.systemUTC());
    }
}

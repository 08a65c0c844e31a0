package dev.totpmfa.credential;

import java.security.SecureRandom;
import java.time.Clock;
import org.keycloak.Config;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Shares the sealing keys of the {@code totp-mfa} provider: one set of keys to configure and rotate. */
public final class TrustedBrowserCredentialProviderFactory
        implements CredentialProviderFactory<TrustedBrowserCredentialProvider> {

    private final SecureRandom random = new SecureRandom();
    private SecretVault vault;

    @Override
    public String getId() {
        return TrustedBrowserCredentialModel.TYPE;
    }

    @Override
    public void init(Config.Scope config) {
        // Keys are configured once, on the totp-mfa provider.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        vault = ((TotpCredentialProviderFactory) factory.getProviderFactory(CredentialProvider.class,
                TotpCredentialModel.TYPE)).vault();
    }

    @Override
    public TrustedBrowserCredentialProvider create(KeycloakSession session) {
        return new TrustedBrowserCredentialProvider(session, vault, random, Clock.systemUTC());
    }
}

package dev.totpmfa.credential;

import dev.totpmfa.config.SealingSettings;
import dev.totpmfa.crypto.KeyRing;
import dev.totpmfa.crypto.SecretSealer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Reads the sealing keys once at startup; {@code --spi-credential--totp-mfa--…} options land here. */
public final class TotpCredentialProviderFactory implements CredentialProviderFactory<TotpCredentialProvider> {

    private static final Logger LOG = Logger.getLogger(TotpCredentialProviderFactory.class);

    private SecretVault vault;

    @Override
    public String getId() {
        return TotpCredentialModel.TYPE;
    }

    @Override
    public void init(Config.Scope config) {
        KeyRing keys = SealingSettings.keyRing(config);
        vault = new SecretVault(keys, new SecretSealer(new SecureRandom()));
        if (keys.isEmpty()) {
            LOG.warn("keycloak-totp-mfa: no sealing key configured (--spi-credential--totp-mfa--sealing-keys or "
                    + "--spi-credential--totp-mfa--sealing-keys-file). TOTP secrets are sealed with a key derived "
                    + "from each realm's generated AES key, which lives in the same database. Configure a sealing "
                    + "key for production; existing secrets are re-sealed with it at each user's next login.");
        } else {
            LOG.infof("keycloak-totp-mfa: %d sealing key(s) configured", keys.size());
        }
    }

    SecretVault vault() {
        return vault;
    }

    @Override
    public TotpCredentialProvider create(KeycloakSession session) {
        return new TotpCredentialProvider(session, vault, Clock.systemUTC());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(SealingSettings.SEALING_KEYS).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated id:base64 AES-256 keys, oldest first; the last one seals.").add()
                .property().name(SealingSettings.SEALING_KEYS_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of a file with one id:base64 key per line, oldest first.").add()
                .build();
    }
}

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
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Reads the sealing keys once at startup; {@code --spi-credential--totp-mfa--…} options land here. */
public final class TotpCredentialProviderFactory implements CredentialProviderFactory<TotpCredentialProvider> {

    private static final Logger LOG = Logger.getLogger(TotpCredentialProviderFactory.class);

    private SecretVault vault;
    private FallbackSealingKeys fallbackKeys;

    @Override
    public String getId() {
        return TotpCredentialModel.TYPE;
    }

    @Override
    public void init(Config.Scope config) {
        KeyRing keys = SealingSettings.keyRing(config);
        fallbackKeys = new FallbackSealingKeys(new SecureRandom(), SealingSettings.isProductionMode());
        vault = new SecretVault(keys, new SecretSealer(new SecureRandom()), fallbackKeys);
        if (keys.isEmpty()) {
            LOG.warn("keycloak-totp-mfa: no sealing key configured (--spi-credential--totp-mfa--sealing-keys-file or "
                    + "--spi-credential--totp-mfa--sealing-keys). TOTP secrets are sealed with a random key per "
                    + "realm stored in the same database. Configure a sealing key for production; existing "
                    + "secrets are re-sealed with it at each user's next login.");
        } else {
            LOG.infof("keycloak-totp-mfa: %d sealing key(s) configured", keys.size());
        }
    }

    /** In production without configured keys, every realm that already sealed with the fallback is named at start. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (vault.usesConfiguredKeys() || !SealingSettings.isProductionMode()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                        .filter(FallbackSealingKeys::hasStoredKeys)
                        .forEach(fallbackKeys::reportInProduction));
            }
        });
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
                .secret(true)
                .helpText("Comma-separated id:base64 AES-256 keys, oldest first; the last one seals. "
                        + "Prefer sealing-keys-file: option values can end up in process lists and shell history.")
                .add()
                .property().name(SealingSettings.SEALING_KEYS_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .secret(true)
                .helpText("Path of a file with one id:base64 key per line, oldest first (recommended).").add()
                .build();
    }
}

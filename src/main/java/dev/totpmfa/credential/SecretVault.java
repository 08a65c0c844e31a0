package dev.totpmfa.credential;

import dev.totpmfa.crypto.KeyRing;
import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.crypto.SealingException;
import dev.totpmfa.crypto.SealingKey;
import dev.totpmfa.crypto.SealingKeySelection;
import dev.totpmfa.crypto.SecretBinding;
import dev.totpmfa.crypto.SecretSealer;
import java.util.Optional;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Seals and opens secrets with the configured key ring or, where none is configured, with the realm's fallback key
 * (see {@link FallbackSealingKeys}). A secret sealed in an older format or with a key other than the one that seals
 * now keeps opening for as long as its key exists, and is sealed anew at its next use.
 */
public final class SecretVault {

    private final KeyRing configuredKeys;
    private final SecretSealer sealer;
    private final FallbackSealingKeys fallbackKeys;

    public SecretVault(KeyRing configuredKeys, SecretSealer sealer, FallbackSealingKeys fallbackKeys) {
        this.configuredKeys = configuredKeys;
        this.sealer = sealer;
        this.fallbackKeys = fallbackKeys;
    }

    /** Where a credential's sealed data belongs: its realm, user, row and type. */
    static SecretBinding binding(RealmModel realm, UserModel user, CredentialModel credential) {
        return new SecretBinding(realm.getId(), user.getId(), credential.getId(), credential.getType());
    }

    public boolean usesConfiguredKeys() {
        return !configuredKeys.isEmpty();
    }

    SealedSecret seal(KeycloakSession session, RealmModel realm, SecretBinding binding, byte[] secret) {
        return sealer.seal(keys(session, realm).sealingKey(), secret, binding);
    }

    /** @throws SealingException when the key is gone or the ciphertext does not belong to this binding */
    byte[] open(KeycloakSession session, RealmModel realm, SecretBinding binding, SealedSecret sealed) {
        return sealer.open(keyFor(session, realm, sealed.keyId()), sealed, binding);
    }

    /** {@code sealed} itself when it is current, otherwise {@code secret} (its opened form) sealed anew. */
    SealedSecret resealIfStale(KeycloakSession session, RealmModel realm, SecretBinding binding, SealedSecret sealed,
                               byte[] secret) {
        return isCurrent(session, realm, sealed) ? sealed : seal(session, realm, binding, secret);
    }

    boolean isCurrent(KeycloakSession session, RealmModel realm, SealedSecret sealed) {
        return keys(session, realm).isCurrent(sealed);
    }

    /** @throws SealingException when no configured or realm key has this id */
    SealingKey keyFor(KeycloakSession session, RealmModel realm, String keyId) {
        return keys(session, realm).openingKey(keyId);
    }

    /**
     * The configured ring and this realm's fallback keys (its generated key, or a key derived from a realm AES key
     * by the first release), which stay findable after real keys are configured so their secrets can be re-sealed.
     */
    private SealingKeySelection keys(KeycloakSession session, RealmModel realm) {
        return new SealingKeySelection(configuredKeys, new SealingKeySelection.RealmKeys() {
            @Override
            public SealingKey current() {
                return fallbackKeys.current(realm);
            }

            @Override
            public Optional<SealingKey> find(String keyId) {
                return fallbackKeys.find(session, realm, keyId);
            }
        });
    }
}

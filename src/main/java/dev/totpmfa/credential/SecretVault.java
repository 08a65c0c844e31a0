package dev.totpmfa.credential;

import dev.totpmfa.crypto.KeyDerivation;
import dev.totpmfa.crypto.KeyRing;
import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.crypto.SealingException;
import dev.totpmfa.crypto.SealingKey;
import dev.totpmfa.crypto.SecretSealer;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Seals and opens TOTP secrets with the configured key ring, or, where none is configured, with a key
 * derived from the realm's own generated AES key (Keycloak creates one per realm; every cluster node reads
 * the same one). A derived key's id is {@code realm-<aes kid>}, so its ciphertexts remain readable after an
 * admin configures real keys, and are re-sealed with the newest configured key on the next login.
 */
public final class SecretVault {

    static final String REALM_KEY_PREFIX = "realm-";
    private static final String DERIVATION_INFO = "keycloak-totp-mfa secret sealing v1";

    private final KeyRing configuredKeys;
    private final SecretSealer sealer;

    public SecretVault(KeyRing configuredKeys, SecretSealer sealer) {
        this.configuredKeys = configuredKeys;
        this.sealer = sealer;
    }

    public boolean usesConfiguredKeys() {
        return !configuredKeys.isEmpty();
    }

    SealedSecret seal(KeycloakSession session, RealmModel realm, String credentialId, byte[] secret) {
        return sealer.seal(newestKey(session, realm), secret, credentialId);
    }

    /** @throws SealingException when the key is gone or the ciphertext does not belong to this credential */
    byte[] open(KeycloakSession session, RealmModel realm, String credentialId, SealedSecret sealed) {
        return sealer.open(keyFor(session, realm, sealed.keyId()), sealed, credentialId);
    }

    boolean isSealedWithNewestKey(KeycloakSession session, RealmModel realm, SealedSecret sealed) {
        return configuredKeys.newest()
                .map(key -> key.id().equals(sealed.keyId()))
                .orElseGet(() -> realmKeyId(session.keys().getActiveAesKey(realm).getKid()).equals(sealed.keyId()));
    }

    /** The key that seals now; recovery codes derive their hashing key from it as well. */
    SealingKey newestKey(KeycloakSession session, RealmModel realm) {
        return configuredKeys.newest().orElseGet(() -> {
            KeyManager.ActiveAesKey active = session.keys().getActiveAesKey(realm);
            return derive(realm, active.getKid(), active.getSecretKey());
        });
    }

    /** @throws SealingException when no configured or realm key has this id */
    SealingKey keyFor(KeycloakSession session, RealmModel realm, String keyId) {
        return configuredKeys.find(keyId).orElseGet(() -> {
            if (!keyId.startsWith(REALM_KEY_PREFIX)) {
                throw new SealingException("Sealing key '" + keyId + "' is not configured; add it back to "
                        + "sealing-keys until every secret has been re-sealed");
            }
            String aesKid = keyId.substring(REALM_KEY_PREFIX.length());
            SecretKey aesKey = session.keys().getAesSecretKey(realm, aesKid);
            if (aesKey == null) {
                throw new SealingException("Realm AES key '" + aesKid + "' that sealed this secret no longer exists");
            }
            return derive(realm, aesKid, aesKey);
        });
    }

    private static SealingKey derive(RealmModel realm, String aesKid, SecretKey aesKey) {
        byte[] derived = KeyDerivation.hkdfSha256(aesKey.getEncoded(),
                realm.getId().getBytes(StandardCharsets.UTF_8), DERIVATION_INFO);
        return SealingKey.of(realmKeyId(aesKid), derived);
    }

    private static String realmKeyId(String aesKid) {
        return REALM_KEY_PREFIX + aesKid;
    }
}

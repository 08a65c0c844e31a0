package dev.totpmfa.credential;

import dev.totpmfa.crypto.KeyDerivation;
import dev.totpmfa.crypto.KeyRing;
import dev.totpmfa.crypto.SealingException;
import dev.totpmfa.crypto.SealingKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The development fallback when no sealing key is configured: one random key per realm, generated at its first
 * use and stored as a realm attribute ({@value #ATTRIBUTE_PREFIX}{@code <id>}). Key rotation in the admin console
 * never touches realm attributes, so rotating or deleting the realm's keys never makes a secret unreadable. The key
 * is written in the transaction that first seals with it, so a secret never names a key that was not stored; two
 * nodes that generate one at the same moment store two keys under two names, both stay readable and the smaller id
 * seals from then on. It lives in the same database as the secrets, which is why production needs real keys.
 *
 * <p>The first release derived the fallback from the realm's generated AES key ({@code realm-<aes kid>}); such
 * secrets still open while that AES key exists and are re-sealed with the stored key at their next use.
 */
public final class FallbackSealingKeys {

    static final String ATTRIBUTE_PREFIX = "totp-mfa.sealing-key.";
    private static final String GENERATED_ID_PREFIX = KeyRing.RESERVED_ID_PREFIX + "dev-";
    private static final String AES_DERIVATION_INFO = "keycloak-totp-mfa secret sealing v1";
    private static final Logger LOG = Logger.getLogger(FallbackSealingKeys.class);

    private final SecureRandom random;
    private final boolean productionMode;
    private final Set<String> realmsReported = ConcurrentHashMap.newKeySet();

    public FallbackSealingKeys(SecureRandom random, boolean productionMode) {
        this.random = random;
        this.productionMode = productionMode;
    }

    /** The realm's fallback key that seals now; generated and stored when the realm has none yet. */
    SealingKey current(RealmModel realm) {
        reportInProduction(realm);
        return stored(realm).min(Comparator.comparing(SealingKey::id)).orElseGet(() -> generate(realm));
    }

    /**
     * A stored fallback key, or one derived from a realm AES key by the first release.
     *
     * @throws SealingException when the id names a realm AES key that no longer exists
     */
    Optional<SealingKey> find(KeycloakSession session, RealmModel realm, String keyId) {
        if (!keyId.startsWith(KeyRing.RESERVED_ID_PREFIX)) {
            return Optional.empty();
        }
        String stored = realm.getAttribute(ATTRIBUTE_PREFIX + keyId);
        if (stored != null) {
            return Optional.of(SealingKey.of(keyId, Base64.getDecoder().decode(stored)));
        }
        String aesKid = keyId.substring(KeyRing.RESERVED_ID_PREFIX.length());
        SecretKey aesKey = session.keys().getAesSecretKey(realm, aesKid);
        if (aesKey == null) {
            throw new SealingException("Realm AES key '" + aesKid + "' that sealed this secret no longer exists");
        }
        return Optional.of(derivedFromAesKey(keyId, aesKey.getEncoded(), realm.getId()));
    }

    /** The first release's fallback: HKDF of the realm's AES key, salted with the realm id. */
    static SealingKey derivedFromAesKey(String keyId, byte[] aesKey, String realmId) {
        return SealingKey.of(keyId, KeyDerivation.hkdfSha256(aesKey, realmId.getBytes(StandardCharsets.UTF_8),
                AES_DERIVATION_INFO));
    }

    /** Whether the realm has sealed anything with a generated fallback key. */
    static boolean hasStoredKeys(RealmModel realm) {
        return realm.getAttributes().keySet().stream().anyMatch(name -> name.startsWith(ATTRIBUTE_PREFIX));
    }

    private static Stream<SealingKey> stored(RealmModel realm) {
        return realm.getAttributes().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(ATTRIBUTE_PREFIX + GENERATED_ID_PREFIX))
                .map(FallbackSealingKeys::parse);
    }

    private static SealingKey parse(Map.Entry<String, String> attribute) {
        return SealingKey.of(attribute.getKey().substring(ATTRIBUTE_PREFIX.length()),
                Base64.getDecoder().decode(attribute.getValue()));
    }

    private SealingKey generate(RealmModel realm) {
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        byte[] material = new byte[SealingKey.KEY_BYTES];
        random.nextBytes(material);
        SealingKey key = SealingKey.of(GENERATED_ID_PREFIX + HexFormat.of().formatHex(idBytes), material);
        realm.setAttribute(ATTRIBUTE_PREFIX + key.id(), Base64.getEncoder().encodeToString(material));
        LOG.infof("keycloak-totp-mfa: generated fallback sealing key %s for realm %s", key.id(), realm.getName());
        return key;
    }

    /** Once per realm and node: production should never seal with a key stored beside the secrets. */
    void reportInProduction(RealmModel realm) {
        if (productionMode && realmsReported.add(realm.getId())) {
            LOG.errorf("keycloak-totp-mfa: realm %s seals TOTP secrets with the development fallback key, which is "
                    + "stored in the same database. Configure --spi-credential--totp-mfa--sealing-keys-file; "
                    + "secrets are re-sealed with it at each user's next login.", realm.getName());
        }
    }
}

package dev.totpmfa.crypto;

import java.util.Optional;

/**
 * Which key seals a secret now and which key opens a stored one. Configured keys win: once a key ring is
 * configured its newest key seals, and a secret sealed with any other key (an older ring key, or the realm's own
 * fallback key from before keys were configured) is stale and gets sealed anew at its next use. The realm's keys
 * are still searched when opening, so configuring keys never makes an existing secret unreadable.
 */
public final class SealingKeySelection {

    /** The keys one realm keeps for itself when none are configured; looked up only when needed. */
    public interface RealmKeys {

        /** The realm's key that seals now (created at first use). */
        SealingKey current();

        /**
         * @return empty when the realm never had a key with this id
         * @throws SealingException when the id names a realm key that no longer exists
         */
        Optional<SealingKey> find(String keyId);
    }

    private final KeyRing configured;
    private final RealmKeys realmKeys;

    public SealingKeySelection(KeyRing configured, RealmKeys realmKeys) {
        this.configured = configured;
        this.realmKeys = realmKeys;
    }

    /** The key that seals now. */
    public SealingKey sealingKey() {
        return configured.newest().orElseGet(realmKeys::current);
    }

    /** @throws SealingException when neither the configured ring nor the realm has a key with this id */
    public SealingKey openingKey(String keyId) {
        return configured.find(keyId).or(() -> realmKeys.find(keyId))
                .orElseThrow(() -> new SealingException("Sealing key '" + keyId + "' is not configured; add it back "
                        + "to sealing-keys until every secret has been re-sealed"));
    }

    /** Whether {@code sealed} is in the current format and under the key that seals now. */
    public boolean isCurrent(SealedSecret sealed) {
        return sealed.isCurrentFormat() && sealingKey().id().equals(sealed.keyId());
    }
}

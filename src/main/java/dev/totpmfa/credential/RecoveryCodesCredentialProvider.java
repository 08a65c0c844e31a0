package dev.totpmfa.credential;

import dev.totpmfa.crypto.KeyDerivation;
import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.crypto.SealingKey;
import dev.totpmfa.crypto.SecretBinding;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.RecoveryCodeHasher;
import dev.totpmfa.otp.RecoveryCodes;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.OptimisticLockException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Stores a user's recovery codes as keyed hashes and consumes them one at a time.
 *
 * <p>Why consumption is strictly single-use, on one node or several: a code is consumed by deleting the set's row
 * and inserting a new row (new id) with the remaining hashes. Keycloak deletes a credential under a
 * {@code SELECT … FOR UPDATE} row lock, so of two transactions that consume from the same set only the first
 * finds the row; the second finds nothing and is refused. A {@code SingleUseObjectProvider} entry per set and
 * code in front of that turns the common race (the same code posted twice) into a clean refusal before the
 * database is touched. We chose the row over the single-use store alone because an update of the hash list
 * (read, remove one, write) loses updates under concurrency, and the in-memory single-use store does not
 * survive a full cluster restart.
 */
public final class RecoveryCodesCredentialProvider extends SealedCredentialProvider<RecoveryCodesCredentialModel> {

    /** The required action that issues a new set; the account console offers it. */
    public static final String CREATE_ACTION = ProviderIds.RECOVERY_CODES_ACTION;

    private static final Logger LOG = Logger.getLogger(RecoveryCodesCredentialProvider.class);
    private static final String LEGACY_HASH_KEY_INFO = "keycloak-totp-mfa recovery code hashing v1";
    private static final int HASH_KEY_BYTES = 32;
    private static final String SINGLE_USE_PREFIX = "totp-mfa-recovery-used:";
    private static final long SINGLE_USE_SECONDS = 300;

    private final SecureRandom random;

    /** This session's provider of recovery-code sets (registered by {@link RecoveryCodesCredentialProviderFactory}). */
    public static RecoveryCodesCredentialProvider of(KeycloakSession session) {
        return (RecoveryCodesCredentialProvider) session.getProvider(CredentialProvider.class,
                RecoveryCodesCredentialModel.TYPE);
    }

    RecoveryCodesCredentialProvider(KeycloakSession session, SecretVault vault, SecureRandom random, Clock clock) {
        super(RecoveryCodesCredentialModel.TYPE, RecoveryCodesCredentialModel::createFromModel, session, vault, clock);
        this.random = random;
    }

    /**
     * Replaces the user's set (if any) with these codes, in the same transaction. Under the user's state lock every set
     * committed so far is deleted, so of two sessions acknowledging a new set at the same moment the later one
     * deletes the earlier one's set and the user ends with exactly one.
     */
    public RecoveryCodesCredentialModel replaceSet(RealmModel realm, UserModel user, List<String> codes) {
        byte[] hashKey = new byte[HASH_KEY_BYTES];
        random.nextBytes(hashKey);
        try {
            RecoveryCodeHasher hasher = new RecoveryCodeHasher(hashKey);
            byte[] salt = RecoveryCodeHasher.newSalt(random);
            List<byte[]> hashes = codes.stream()
                    .map(code -> hasher.hash(salt, RecoveryCodes.canonicalize(code).orElseThrow()))
                    .toList();
            UserStateRows.hold(session, realm, user);
            new CredentialRows(session).committedIds(user, getType())
                    .forEach(old -> user.credentialManager().removeStoredCredentialById(old));
            return createCredential(realm, user, newRow(realm, user,
                    RecoveryCodesCredentialData.current(codes.size(), codes.size(), clock.millis()), salt, hashes,
                    hashKey));
        } finally {
            Arrays.fill(hashKey, (byte) 0);
        }
    }

    /**
     * @return the number of codes left after consuming the typed one; empty when it is not an unused code of
     *         this user's set, or when another request consumed from the set at the same moment
     */
    public OptionalInt consume(RealmModel realm, UserModel user, String typedCode) {
        Optional<RecoveryCodesCredentialModel> set = find(user);
        if (set.isEmpty()) {
            return OptionalInt.empty();
        }
        RecoveryCodesCredentialModel codes = set.get();
        byte[] hashKey = openHashKey(realm, user, codes);
        if (hashKey == null) {
            return OptionalInt.empty();
        }
        try {
            OptionalInt index = new RecoveryCodeHasher(hashKey).findMatch(codes.salt(), codes.hashes(), typedCode);
            if (index.isEmpty()) {
                return OptionalInt.empty();
            }
            String claim = SINGLE_USE_PREFIX + codes.getId() + ":" + index.getAsInt();
            if (!SingleUseClaims.claim(session, claim, SINGLE_USE_SECONDS)) {
                return OptionalInt.empty();
            }
            if (!removeSetRow(user, codes)) {
                return OptionalInt.empty();
            }
            List<byte[]> remaining = new ArrayList<>(codes.hashes());
            remaining.remove(index.getAsInt());
            // The new row is always written in the current format, whatever format the old one had.
            createCredential(realm, user, newRow(realm, user,
                    RecoveryCodesCredentialData.current(codes.issued(), remaining.size(), codes.created()),
                    codes.salt(), remaining, hashKey));
            return OptionalInt.of(remaining.size());
        } finally {
            Arrays.fill(hashKey, (byte) 0);
        }
    }

    /**
     * Seals the set's HMAC key anew (same row, same hashes) when it is in the first release's format or sealed with
     * a key other than the one that seals now, so that the old key can go; called after a successful login. A set
     * whose key cannot be opened is logged and left as it is.
     */
    public void resealIfStale(RealmModel realm, UserModel user) {
        Optional<RecoveryCodesCredentialModel> set = find(user);
        if (set.isEmpty() || !isStale(realm, set.get())) {
            return;
        }
        RecoveryCodesCredentialModel codes = set.get();
        byte[] hashKey = openHashKey(realm, user, codes);
        if (hashKey == null) {
            return;
        }
        try {
            RecoveryCodesCredentialModel resealed = RecoveryCodesCredentialModel.create(codes.getId(),
                    RecoveryCodesCredentialData.current(codes.issued(), codes.remaining(), codes.created()),
                    codes.salt(), codes.hashes(),
                    vault.seal(session, realm, SecretVault.binding(realm, user, codes), hashKey));
            resealed.setUserLabel(codes.getUserLabel());
            user.credentialManager().updateStoredCredential(resealed);
        } finally {
            Arrays.fill(hashKey, (byte) 0);
        }
    }

    /** Whether the user has a set that {@link #resealIfStale} would seal anew. */
    public boolean hasStaleSet(RealmModel realm, UserModel user) {
        return find(user).filter(set -> isStale(realm, set)).isPresent();
    }

    private boolean isStale(RealmModel realm, RecoveryCodesCredentialModel set) {
        return set.sealedHashKey().filter(key -> vault.isCurrent(session, realm, key)).isEmpty();
    }

    public Optional<RecoveryCodesCredentialModel> find(UserModel user) {
        return storedRows(user)
                .map(RecoveryCodesCredentialModel::createFromModel)
                .findFirst();
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        CredentialTypeMetadata.CredentialTypeMetadataBuilder builder = twoFactorMetadata(
                "totpMfaRecoveryCodesDisplayName", "totpMfaRecoveryCodesHelpText",
                "kcAuthenticatorRecoveryAuthnCodesClass");
        // Keycloak refuses metadata naming both: "set up" for a user without a set, "make a new set" for one with.
        UserModel user = metadataContext.getUser();
        boolean hasSet = user != null && storedRows(user).findAny().isPresent();
        if (hasSet) {
            builder.updateAction(CREATE_ACTION);
        } else {
            builder.createAction(CREATE_ACTION);
        }
        return builder.build(session);
    }

    private RecoveryCodesCredentialModel newRow(RealmModel realm, UserModel user, RecoveryCodesCredentialData data,
                                                byte[] salt, List<byte[]> hashes, byte[] hashKey) {
        String id = KeycloakModelUtils.generateId();
        SealedSecret sealedKey = vault.seal(session, realm,
                new SecretBinding(realm.getId(), user.getId(), id, RecoveryCodesCredentialModel.TYPE), hashKey);
        return RecoveryCodesCredentialModel.create(id, data, salt, hashes, sealedKey);
    }

    /** The set's HMAC key, or null (logged) when its sealing key is gone or the data does not open. */
    private byte[] openHashKey(RealmModel realm, UserModel user, RecoveryCodesCredentialModel codes) {
        try {
            Optional<SealedSecret> sealed = codes.sealedHashKey();
            if (sealed.isPresent()) {
                return vault.open(session, realm, SecretVault.binding(realm, user, codes), sealed.get());
            }
            // First format: the HMAC key was derived from the sealing key named in the credential data.
            return legacyHashKey(vault.keyFor(session, realm, codes.legacyKeyId()));
        } catch (RuntimeException e) {
            LOG.errorf("Cannot check the recovery codes of credential %s in realm %s: %s", codes.getId(),
                    realm.getName(), e.getMessage());
            return null;
        }
    }

    /**
     * Removes the set's row before its successor is written; false when another transaction removed it first (it won
     * the race: Hibernate finds the row it read gone when it locks it). Any other failure, a database that stopped
     * among them, is let through: the request fails and nothing is spent, where "refused" would tell the user that
     * a right code was wrong.
     */
    private static boolean removeSetRow(UserModel user, RecoveryCodesCredentialModel codes) {
        try {
            return user.credentialManager().removeStoredCredentialById(codes.getId());
        } catch (OptimisticLockException | EntityNotFoundException e) {
            LOG.debugf("Recovery-code set %s was consumed concurrently: %s", codes.getId(), e.getMessage());
            return false;
        }
    }

    /** The first release's HMAC key of a set: derived from the sealing key that was newest when it was issued. */
    static byte[] legacyHashKey(SealingKey key) {
        return KeyDerivation.hkdfSha256(key.keyBytes(), new byte[0], LEGACY_HASH_KEY_INFO);
    }
}

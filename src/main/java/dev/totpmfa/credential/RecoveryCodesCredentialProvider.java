package dev.totpmfa.credential;

import dev.totpmfa.crypto.KeyDerivation;
import dev.totpmfa.crypto.SealingKey;
import dev.totpmfa.otp.RecoveryCodeHasher;
import dev.totpmfa.otp.RecoveryCodes;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
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
public final class RecoveryCodesCredentialProvider implements CredentialProvider<RecoveryCodesCredentialModel> {

    /** The required action that issues a new set; the account console offers it. */
    public static final String CREATE_ACTION = "totp-mfa-recovery-codes";

    private static final Logger LOG = Logger.getLogger(RecoveryCodesCredentialProvider.class);
    private static final String HASH_KEY_INFO = "keycloak-totp-mfa recovery code hashing v1";
    private static final String SINGLE_USE_PREFIX = "totp-mfa-recovery-used:";
    private static final long SINGLE_USE_SECONDS = 300;

    private final KeycloakSession session;
    private final SecretVault vault;
    private final SecureRandom random;
    private final Clock clock;

    RecoveryCodesCredentialProvider(KeycloakSession session, SecretVault vault, SecureRandom random, Clock clock) {
        this.session = session;
        this.vault = vault;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public String getType() {
        return RecoveryCodesCredentialModel.TYPE;
    }

    /**
     * Replaces the user's set (if any) with these codes, in the same transaction. Under the user's row lock every set
     * committed so far is deleted, so of two sessions acknowledging a new set at the same moment the later one
     * deletes the earlier one's set and the user ends with exactly one.
     */
    public RecoveryCodesCredentialModel replaceSet(RealmModel realm, UserModel user, List<String> codes) {
        SealingKey key = vault.newestKey(session, realm);
        RecoveryCodeHasher hasher = new RecoveryCodeHasher(hashKey(key));
        byte[] salt = RecoveryCodeHasher.newSalt(random);
        List<byte[]> hashes = codes.stream()
                .map(code -> hasher.hash(salt, RecoveryCodes.canonicalize(code).orElseThrow()))
                .toList();
        RecoveryCodesCredentialData data = new RecoveryCodesCredentialData(RecoveryCodesCredentialData.CURRENT_FORMAT,
                codes.size(), codes.size(), clock.millis(), key.id());
        CredentialRows rows = new CredentialRows(session);
        rows.lockUser(user);
        rows.committedIds(user, getType()).forEach(old -> user.credentialManager().removeStoredCredentialById(old));
        return createCredential(realm, user,
                RecoveryCodesCredentialModel.create(KeycloakModelUtils.generateId(), data, salt, hashes));
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
        OptionalInt index = matchIndex(realm, codes, typedCode);
        if (index.isEmpty()) {
            return OptionalInt.empty();
        }
        String claim = SINGLE_USE_PREFIX + codes.getId() + ":" + index.getAsInt();
        if (!session.singleUseObjects().putIfAbsent(claim, SINGLE_USE_SECONDS)) {
            return OptionalInt.empty();
        }
        if (!removeSetRow(user, codes)) {
            return OptionalInt.empty();
        }
        List<byte[]> remaining = new ArrayList<>(codes.hashes());
        remaining.remove(index.getAsInt());
        RecoveryCodesCredentialData data = codes.data();
        createCredential(realm, user, RecoveryCodesCredentialModel.create(KeycloakModelUtils.generateId(),
                new RecoveryCodesCredentialData(data.formatVersion(), data.issued(), remaining.size(), data.created(),
                        data.keyId()),
                codes.salt(), remaining));
        return OptionalInt.of(remaining.size());
    }

    public Optional<RecoveryCodesCredentialModel> find(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(RecoveryCodesCredentialModel::createFromModel)
                .findFirst();
    }

    @Override
    public RecoveryCodesCredentialModel createCredential(RealmModel realm, UserModel user,
                                                         RecoveryCodesCredentialModel credential) {
        return RecoveryCodesCredentialModel.createFromModel(user.credentialManager().createStoredCredential(credential));
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public RecoveryCodesCredentialModel getCredentialFromModel(CredentialModel model) {
        return RecoveryCodesCredentialModel.createFromModel(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("totpMfaRecoveryCodesDisplayName")
                .helpText("totpMfaRecoveryCodesHelpText")
                .iconCssClass("kcAuthenticatorRecoveryAuthnCodesClass")
                .createAction(CREATE_ACTION)
                .updateAction(CREATE_ACTION)
                .removeable(true)
                .build(session);
    }

    private OptionalInt matchIndex(RealmModel realm, RecoveryCodesCredentialModel codes, String typedCode) {
        try {
            SealingKey key = vault.keyFor(session, realm, codes.keyId());
            return new RecoveryCodeHasher(hashKey(key)).findMatch(codes.salt(), codes.hashes(), typedCode);
        } catch (RuntimeException e) {
            LOG.errorf("Cannot check the recovery codes of credential %s in realm %s: %s", codes.getId(),
                    realm.getName(), e.getMessage());
            return OptionalInt.empty();
        }
    }

    private static boolean removeSetRow(UserModel user, RecoveryCodesCredentialModel codes) {
        try {
            return user.credentialManager().removeStoredCredentialById(codes.getId());
        } catch (RuntimeException e) {
            // Another transaction deleted the row between our read and our lock: it won the race.
            LOG.debugf("Recovery-code set %s was consumed concurrently: %s", codes.getId(), e.getMessage());
            return false;
        }
    }

    private static byte[] hashKey(SealingKey key) {
        return KeyDerivation.hkdfSha256(key.keyBytes(), new byte[0], HASH_KEY_INFO);
    }
}

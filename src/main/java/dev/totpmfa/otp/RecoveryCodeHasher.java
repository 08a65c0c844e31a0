package dev.totpmfa.otp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import javax.crypto.Mac;

/**
 * Stores recovery codes as HMAC-SHA-256(server key, salt || code). A code has only 50 bits, so a plain or
 * salted hash in a leaked database could be brute-forced; the server key, kept outside the database,
 * prevents that, and the per-set salt keeps equal codes in two sets from having equal hashes.
 */
public final class RecoveryCodeHasher {

    /** Fixed, so that salt || code can only be split one way. */
    public static final int SALT_BYTES = 16;
    public static final int MIN_KEY_BYTES = 16;

    private static final HmacAlgorithm HMAC = HmacAlgorithm.SHA256;

    private final byte[] serverKey;

    public RecoveryCodeHasher(byte[] serverKey) {
        Objects.requireNonNull(serverKey, "serverKey");
        if (serverKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The server key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.serverKey = serverKey.clone();
    }

    public static byte[] newSalt(SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    /** @param canonicalCode as {@link RecoveryCodes#canonicalize} returns it */
    public byte[] hash(byte[] salt, String canonicalCode) {
        checkSalt(salt);
        Objects.requireNonNull(canonicalCode, "canonicalCode");
        if (!RecoveryCodes.canonicalize(canonicalCode).map(canonicalCode::equals).orElse(false)) {
            throw new IllegalArgumentException("Only canonical recovery codes are hashed");
        }
        return hashUnchecked(HMAC.newMac(serverKey), salt, canonicalCode);
    }

    /**
     * Every stored hash is compared, whether or not an earlier one matched, so the response time does not
     * tell how far down the set the typed code sits.
     *
     * @return the index in {@code storedHashes} of the code typed, or empty (also for null or malformed input)
     */
    public OptionalInt findMatch(byte[] salt, List<byte[]> storedHashes, String typed) {
        checkSalt(salt);
        Objects.requireNonNull(storedHashes, "storedHashes");
        var canonical = RecoveryCodes.canonicalize(typed);
        if (canonical.isEmpty()) {
            return OptionalInt.empty();
        }
        byte[] candidate = hashUnchecked(HMAC.newMac(serverKey), salt, canonical.get());
        long matchedIndex = 0;
        int found = 0;
        for (int i = 0; i < storedHashes.size(); i++) {
            int hit = (ConstantTime.equals(candidate, storedHashes.get(i)) ? 1 : 0) & (found ^ 1);
            matchedIndex = ConstantTime.select(hit, i, matchedIndex);
            found |= hit;
        }
        return found == 1 ? OptionalInt.of((int) matchedIndex) : OptionalInt.empty();
    }

    private static byte[] hashUnchecked(Mac mac, byte[] salt, String canonicalCode) {
        mac.update(salt);
        return mac.doFinal(canonicalCode.getBytes(StandardCharsets.US_ASCII));
    }

    private static void checkSalt(byte[] salt) {
        Objects.requireNonNull(salt, "salt");
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("A salt has " + SALT_BYTES + " bytes, not " + salt.length);
        }
    }
}

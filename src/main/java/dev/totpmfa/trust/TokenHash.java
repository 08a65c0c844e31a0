package dev.totpmfa.trust;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the server keeps of a trust token: HMAC-SHA256 under a random key of the row (sealed, never stored in the
 * clear), so a copy of the database gives neither the token nor a way to test guesses without the sealing key.
 */
public final class TokenHash {

    public static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private TokenHash() {
    }

    public static byte[] of(byte[] key, byte[] token) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** In constant time: how much of a guess was right must not show in the time of the answer. */
    public static boolean matches(byte[] key, byte[] token, byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(of(key, token), storedHash);
    }
}

package dev.totpmfa.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA-256 (RFC 5869) for one 32-byte output block: turns a key that exists for another purpose into
 * an independent sealing key, so the two uses never share key material directly.
 */
public final class KeyDerivation {

    private static final String HMAC = "HmacSHA256";

    private KeyDerivation() {
    }

    public static byte[] hkdfSha256(byte[] inputKey, byte[] salt, String info) {
        return hkdfSha256(inputKey, salt, info.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hkdfSha256(byte[] inputKey, byte[] salt, byte[] info) {
        try {
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, HMAC));
            byte[] pseudoRandomKey = extract.doFinal(inputKey);

            Mac expand = Mac.getInstance(HMAC);
            expand.init(new SecretKeySpec(pseudoRandomKey, HMAC));
            expand.update(info);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}

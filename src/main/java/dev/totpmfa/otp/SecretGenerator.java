package dev.totpmfa.otp;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Makes TOTP secrets. 160 bits is RFC 4226's recommendation and the length of an HMAC-SHA1 key; more is
 * allowed for SHA-256/512 credentials, less than 128 is refused as RFC 4226 §4 requires.
 */
public final class SecretGenerator {

    public static final int DEFAULT_BITS = 160;
    public static final int MIN_BITS = 128;
    public static final int MAX_BITS = 512;

    private final SecureRandom random;
    private final int bytes;

    public SecretGenerator(SecureRandom random, int bits) {
        this.random = Objects.requireNonNull(random, "random");
        if (bits < MIN_BITS || bits > MAX_BITS || bits % 8 != 0) {
            throw new IllegalArgumentException(
                    "A secret has " + MIN_BITS + " to " + MAX_BITS + " bits in whole bytes, not " + bits);
        }
        this.bytes = bits / 8;
    }

    public static SecretGenerator withDefaultSize() {
        return new SecretGenerator(new SecureRandom(), DEFAULT_BITS);
    }

    public byte[] generate() {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return secret;
    }
}

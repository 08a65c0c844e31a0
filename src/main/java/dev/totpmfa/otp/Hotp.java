package dev.totpmfa.otp;

import java.util.Objects;

/** RFC 4226 HOTP: the code for one counter. TOTP is this with the counter taken from the clock. */
public final class Hotp {

    private Hotp() {
    }

    /**
     * @param digits 6 to 8
     * @throws IllegalArgumentException on an empty secret or a digit count outside 6..8
     */
    public static String generate(byte[] secret, long counter, HmacAlgorithm algorithm, int digits) {
        Objects.requireNonNull(algorithm, "algorithm");
        return HmacOtp.format(new HmacOtp(algorithm, secret, digits).valueAt(counter), digits);
    }
}

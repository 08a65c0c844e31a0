package dev.totpmfa.otp;

/**
 * RFC 4226 §5.3 for one secret and many counters: the HMAC is keyed once and reused for every counter,
 * which is what makes checking a whole window cheap. Not thread-safe; make one per computation.
 */
final class HmacOtp {

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000};

    private final PrecomputedHmac hmac;
    private final int modulus;
    private final byte[] counterBytes = new byte[Long.BYTES];
    private final byte[] digest;

    HmacOtp(HmacAlgorithm algorithm, byte[] secret, int digits) {
        OtpParameters.checkDigits(digits);
        this.hmac = new PrecomputedHmac(algorithm, secret);
        this.modulus = POWERS_OF_TEN[digits];
        this.digest = new byte[hmac.length()];
    }

    /** The code for {@code counter} as a number below 10^digits (leading zeros are the caller's to add). */
    int valueAt(long counter) {
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            counterBytes[i] = (byte) counter;
            counter >>>= 8;
        }
        hmac.compute(counterBytes, digest);
        int offset = digest[digest.length - 1] & 0x0F;
        int binary = ((digest[offset] & 0x7F) << 24)
                | ((digest[offset + 1] & 0xFF) << 16)
                | ((digest[offset + 2] & 0xFF) << 8)
                | (digest[offset + 3] & 0xFF);
        return binary % modulus;
    }

    /** Zero-padded decimal text; hand-rolled because String.format is far slower than the HMAC itself. */
    static String format(int value, int digits) {
        char[] text = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return new String(text);
    }
}

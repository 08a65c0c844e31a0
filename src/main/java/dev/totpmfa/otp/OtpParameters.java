package dev.totpmfa.otp;

/**
 * What an authenticator app needs besides the secret. Stored with each credential, so a later change to
 * the realm's OTP policy never invalidates a device that was enrolled under the old one.
 *
 * @param digits 6 to 8: fewer is guessable, more is what RFC 4226's truncation cannot produce reliably
 * @param periodSeconds 15 to 300: the range Keycloak's OTP policy and common authenticator apps support
 */
public record OtpParameters(HmacAlgorithm algorithm, int digits, int periodSeconds) {

    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 8;
    public static final int MIN_PERIOD_SECONDS = 15;
    public static final int MAX_PERIOD_SECONDS = 300;

    /** What Google Authenticator assumes when a URI names nothing else. */
    public static final OtpParameters DEFAULT = new OtpParameters(HmacAlgorithm.SHA1, 6, 30);

    public OtpParameters {
        if (algorithm == null) {
            throw new IllegalArgumentException("The HMAC algorithm must be given");
        }
        checkDigits(digits);
        if (periodSeconds < MIN_PERIOD_SECONDS || periodSeconds > MAX_PERIOD_SECONDS) {
            throw new IllegalArgumentException("The period must be between " + MIN_PERIOD_SECONDS + " and "
                    + MAX_PERIOD_SECONDS + " seconds, not " + periodSeconds);
        }
    }

    static void checkDigits(int digits) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException(
                    "A code has " + MIN_DIGITS + " to " + MAX_DIGITS + " digits, not " + digits);
        }
    }
}

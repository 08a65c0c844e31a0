package dev.totpmfa.config;

import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpParameters;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;

/**
 * Reads the realm's OTP policy (Authentication → Policies → OTP Policy) as the parameters of a new
 * enrolment and the verification window. Only time-based policies make sense for this extension.
 */
public final class RealmOtpPolicy {

    /** A wider window would turn a 6-digit code into a guessable one; Keycloak's console allows up to 10. */
    static final int MAX_WINDOW = 10;

    private static final String TOTP = "totp";

    private RealmOtpPolicy() {
    }

    /** @throws UnsupportedPolicyException when the policy is HOTP or its values are out of range */
    public static OtpParameters enrolmentParameters(RealmModel realm) {
        OTPPolicy policy = realm.getOTPPolicy();
        if (!TOTP.equals(policy.getType())) {
            throw new UnsupportedPolicyException("OTP policy type '" + policy.getType()
                    + "' is not supported by totp-mfa; set the realm's OTP type to 'totp' (Time-based)");
        }
        try {
            return new OtpParameters(HmacAlgorithm.fromName(policy.getAlgorithm()), policy.getDigits(),
                    policy.getPeriod());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedPolicyException("Realm OTP policy is not usable by totp-mfa: " + e.getMessage());
        }
    }

    /** Look-around window in steps, each side of the current one. */
    public static int window(RealmModel realm) {
        return Math.max(0, Math.min(MAX_WINDOW, realm.getOTPPolicy().getLookAheadWindow()));
    }

    /** The realm's OTP policy cannot be used for new enrolments. */
    public static final class UnsupportedPolicyException extends RuntimeException {
        UnsupportedPolicyException(String message) {
            super(message);
        }
    }
}

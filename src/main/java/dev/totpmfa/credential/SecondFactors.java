package dev.totpmfa.credential;

import org.keycloak.models.UserModel;

/**
 * Which second factors a user already has, for the one decision that must fail closed: a user with any factor
 * Keycloak knows proves it before setting up a new app, and only a user with none is sent to enrolment after
 * the password. Keycloak's {@code otp} credentials count whatever their kind (TOTP or HOTP) and even when their
 * data cannot be read: such a device matches no code, but it is never "no device".
 */
public final class SecondFactors {

    private SecondFactors() {
    }

    /** Our devices, any built-in {@code otp} credential, or unused built-in recovery codes. */
    public static boolean any(UserModel user) {
        return hasAny(user, TotpCredentialModel.TYPE) || hasAny(user, BuiltInOtpMigration.BUILT_IN_TYPE)
                || hasUnusedBuiltInRecoveryCodes(user);
    }

    /**
     * Whether our step can check a factor of this user: one of our devices, or, where the step accepts Keycloak's
     * own OTP, a built-in TOTP device we can read or unused built-in recovery codes.
     */
    public static boolean checkableByOurStep(UserModel user, boolean acceptBuiltIn) {
        return hasAny(user, TotpCredentialModel.TYPE) || (acceptBuiltIn
                && (!BuiltInOtpMigration.builtInTotpDevices(user).isEmpty() || hasUnusedBuiltInRecoveryCodes(user)));
    }

    private static boolean hasAny(UserModel user, String type) {
        return user.credentialManager().getStoredCredentialsByTypeStream(type).findAny().isPresent();
    }

    /** A set we cannot read counts as unused: we cannot tell that it is used up. */
    private static boolean hasUnusedBuiltInRecoveryCodes(UserModel user) {
        try {
            return BuiltInRecoveryCodes.hasUnused(user);
        } catch (RuntimeException e) {
            return hasAny(user, BuiltInRecoveryCodes.TYPE);
        }
    }
}

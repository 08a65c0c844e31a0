package dev.totpmfa.credential;

import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.Set;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Which second factors a user already has, for the one decision that must fail closed: a user with any factor
 * Keycloak knows proves it before setting up a new app, and only a user with none is sent to enrolment after
 * the password. Keycloak's {@code otp} credentials count whatever their kind (TOTP or HOTP) and even when their
 * data cannot be read: such a device matches no code, but it is never "no device". So does a two-factor credential
 * of another provider (a WebAuthn security key, or any extension's): whoever has only the password must not bind
 * a new app to an account that already has a second factor.
 */
public final class SecondFactors {

    /** Types that {@link #any} already weighs, or that are no second factor the user proves. */
    private static final Set<String> NOT_OTHERS = Set.of(PasswordCredentialModel.TYPE, TotpCredentialModel.TYPE,
            RecoveryCodesCredentialModel.TYPE, TrustedBrowserCredentialModel.TYPE,
            ProviderIds.USER_STATE_CREDENTIAL, BuiltInOtpMigration.BUILT_IN_TYPE, BuiltInRecoveryCodes.TYPE);

    private SecondFactors() {
    }

    /**
     * Our devices, any built-in {@code otp} credential, unused built-in recovery codes, or a two-factor credential
     * of another provider ({@link #others}).
     */
    public static boolean any(KeycloakSession session, UserModel user) {
        return hasAny(user, TotpCredentialModel.TYPE) || hasAny(user, BuiltInOtpMigration.BUILT_IN_TYPE)
                || hasUnusedBuiltInRecoveryCodes(user) || !others(session, user).isEmpty();
    }

    /**
     * The types of the user's credentials that another provider declares as a second factor (category two-factor
     * in its metadata, e.g. Keycloak's {@code webauthn}), which our step cannot check. Passkeys
     * ({@code webauthn-passwordless}, category passwordless) are not among them: they sign in instead of the
     * password, and a passkey user who types a password still has no second factor.
     */
    public static List<String> others(KeycloakSession session, UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .map(CredentialModel::getType)
                .distinct()
                .filter(type -> !NOT_OTHERS.contains(type))
                .filter(type -> CredentialCategories.of(session, user, type)
                        .filter(CredentialTypeMetadata.Category.TWO_FACTOR::equals).isPresent())
                .sorted()
                .toList();
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

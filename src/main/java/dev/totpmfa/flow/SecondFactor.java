package dev.totpmfa.flow;

/** What second factor a flow that signs users in asks for. */
public enum SecondFactor {
    /** Our step ({@code totp-mfa-form} or {@code totp-mfa-direct-grant}) and none of Keycloak's OTP steps. */
    TOTP_MFA,
    /** Keycloak's own OTP or recovery-code steps only: they see only Keycloak's {@code otp} credentials. */
    KEYCLOAK_OTP,
    /** Both: a user with our device passes Keycloak's steps whose "user configured" condition does not see it. */
    MIXED,
    /** No second factor at all: the password alone signs in. */
    NONE;

    /** Whether some path through the flow is decided by Keycloak's OTP steps. */
    public boolean usesKeycloakOtp() {
        return this == KEYCLOAK_OTP || this == MIXED;
    }

    public boolean usesTotpMfa() {
        return this == TOTP_MFA || this == MIXED;
    }
}

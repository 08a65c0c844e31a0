package dev.totpmfa.names;

/**
 * The names and values of the event details our steps add to Keycloak's events, declared once: the login steps
 * write them, the e-mail notices and the trust revocation read them, and admins filter events and alert on them.
 */
public final class EventDetails {

    /**
     * On the LOGIN_ERROR of the failure that starts the first wait of a run ({@value #LOCKOUT_LOCKED}) or spends the
     * last of the guess budget ({@value #LOCKOUT_CEILING}).
     */
    public static final String LOCKOUT = "totp_mfa_lockout";
    public static final String LOCKOUT_LOCKED = "locked";
    public static final String LOCKOUT_CEILING = "ceiling";

    /** On a LOGIN with a recovery code: how many codes of the set are left. */
    public static final String RECOVERY_CODES_REMAINING = "recovery_codes_remaining";

    /** ({@code otp}) on the UPDATE_CREDENTIAL of a device of Keycloak's OTP form moved into ours. */
    public static final String MIGRATED_FROM = "migrated_from";

    private EventDetails() {
    }
}

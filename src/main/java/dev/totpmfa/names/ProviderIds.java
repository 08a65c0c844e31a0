package dev.totpmfa.names;

/**
 * The ids admins pick in the admin console and write into realm exports: each declared once, here, in a package
 * that depends on nothing, so that every package (the factories, the flow check, the credential providers) can use
 * the same constant. Changing one is a breaking change for every realm that uses it.
 */
public final class ProviderIds {

    /** The browser step: authenticator code or recovery code on one page. */
    public static final String LOGIN_FORM = "totp-mfa-form";
    /** The direct-grant step: {@code otp} or {@code recovery_code} beside the password. */
    public static final String DIRECT_GRANT = "totp-mfa-direct-grant";
    /** The required action that enrols an authenticator app. */
    public static final String SETUP_ACTION = "totp-mfa-setup";
    /** The required action that shows a new set of recovery codes. */
    public static final String RECOVERY_CODES_ACTION = "totp-mfa-recovery-codes";
    /** Credential type (and credential provider id) of an authenticator app. */
    public static final String TOTP_CREDENTIAL = "totp-mfa";
    /** Credential type (and credential provider id) of a recovery-code set. */
    public static final String RECOVERY_CODES_CREDENTIAL = "totp-mfa-recovery-codes";
    /** Credential type (and credential provider id) of a browser whose user chose not to be asked for a code. */
    public static final String TRUSTED_BROWSER_CREDENTIAL = "totp-mfa-trusted-browser";

    /**
     * Credential type of a user's own state (lockout record, postponements): one row per user, kept where Keycloak
     * keeps the user's credentials, so every user store holds it. Not a factor, never listed in the account console.
     */
    public static final String USER_STATE_CREDENTIAL = "totp-mfa-user-state";

    /** The admin API under {@code /admin/realms/{realm}/totp-mfa/} (a realm resource provider). */
    public static final String ADMIN_API = "totp-mfa";
    /** Global event listener: e-mails the user about changes to their second factor. */
    public static final String NOTICES_LISTENER = "totp-mfa-notices";
    /** Global event listener: a change of the password or of a second factor ends the user's trusted browsers. */
    public static final String TRUST_REVOCATION_LISTENER = "totp-mfa-trust-revocation";
    /** Global event listener: Keycloak's "Unlock user" also clears our factor lockout. */
    public static final String UNLOCK_LISTENER = "totp-mfa-unlock";
    /** Global event listener: reviews the realms' sign-in flows at startup and after an admin changes them. */
    public static final String FLOW_WATCH_LISTENER = "totp-mfa-flow-watch";

    private ProviderIds() {
    }
}

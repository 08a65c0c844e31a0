package dev.totpmfa.flow;

/**
 * One flow that can sign a user in, as the admin API serves it.
 *
 * @param alias the flow's alias in the admin console, {@value #NO_FLOW} for a provider without a post-broker-login
 *              flow
 * @param boundAs how it is reached: {@code browser}, {@code direct grant}, {@code first broker login}, an identity
 *                provider's {@code first broker login of google} or {@code post broker login of google}, or a
 *                client's override such as {@code browser override of client my-app}
 * @param secondFactor what it asks for after the password
 * @param reachable    whether users can start it now: false only for the reset-credentials flow while the realm's
 *                     "Forgot password" is off (it is listed anyway, so that an admin sees it before turning it on)
 */
public record SignInFlow(String alias, String boundAs, SecondFactor secondFactor, boolean reachable) {

    static final String BROWSER = "browser";
    static final String DIRECT_GRANT = "direct grant";
    static final String FIRST_BROKER_LOGIN = "first broker login";
    /** Keycloak's "Forgot password": the e-mailed link leads through it, and it ends in a session. */
    static final String RESET_CREDENTIALS = "reset credentials";
    public static final String POST_BROKER_LOGIN = "post broker login";
    /** The alias of an identity provider's missing post-broker-login flow. */
    public static final String NO_FLOW = "(none)";

    /** A flow users can start now. */
    public SignInFlow(String alias, String boundAs, SecondFactor secondFactor) {
        this(alias, boundAs, secondFactor, true);
    }

    /** e.g. {@code post broker login of google}. */
    public static String providerBinding(String binding, String providerAlias) {
        return binding + " of " + providerAlias;
    }

    static String clientOverride(String binding, String clientId) {
        return binding + " override of client " + clientId;
    }

    /** e.g. {@code 'direct grant' (direct grant: Keycloak's OTP)}, for log lines. */
    String describe() {
        return "'" + alias + "' (" + boundAs + ": " + switch (secondFactor) {
            case TOTP_MFA -> "totp-mfa";
            case KEYCLOAK_OTP -> "Keycloak's OTP";
            case MIXED -> "totp-mfa and Keycloak's OTP";
            case NONE -> "no second factor";
        } + ")";
    }
}

package dev.totpmfa.flow;

/**
 * One flow that can sign a user in, as the admin API serves it.
 *
 * @param alias the flow's alias in the admin console
 * @param boundAs how it is reached: {@code browser}, {@code direct grant}, {@code first broker login}, or a client's
 *                override such as {@code browser override of client my-app}
 * @param secondFactor what it asks for after the password
 */
public record SignInFlow(String alias, String boundAs, SecondFactor secondFactor) {

    static final String BROWSER = "browser";
    static final String DIRECT_GRANT = "direct grant";
    static final String FIRST_BROKER_LOGIN = "first broker login";

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

package dev.totpmfa.flow;

import java.util.List;

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
 * @param withoutCode  the ways that complete it without our step (or a security key or passkey), by the steps
 *                     that run on each (see {@link FlowPaths}); empty when every way asks for our code
 */
public record SignInFlow(String alias, String boundAs, SecondFactor secondFactor, boolean reachable,
        List<String> withoutCode) {

    static final String BROWSER = "browser";
    static final String DIRECT_GRANT = "direct grant";
    static final String FIRST_BROKER_LOGIN = "first broker login";
    /** Keycloak's "Forgot password": the e-mailed link leads through it, and it ends in a session. */
    static final String RESET_CREDENTIALS = "reset credentials";
    public static final String POST_BROKER_LOGIN = "post broker login";
    /** The alias of an identity provider's missing post-broker-login flow. */
    public static final String NO_FLOW = "(none)";
    /** Keycloak's flow for SAML clients with ECP on: HTTP Basic, the password alone. */
    static final String SAML_ECP = "saml ecp";
    /** RFC 7523: a client trades a JWT another issuer signed for our tokens, with no flow. */
    static final String JWT_AUTHORIZATION_GRANT = "jwt authorization grant";
    /** Token exchange v1: a client trades an identity provider's token for ours, with no flow. */
    static final String EXTERNAL_TOKEN_EXCHANGE = "token exchange of external tokens";

    public SignInFlow {
        withoutCode = List.copyOf(withoutCode);
    }

    /** A flow users can start now. */
    public SignInFlow(String alias, String boundAs, SecondFactor secondFactor) {
        this(alias, boundAs, secondFactor, true, List.of());
    }

    public SignInFlow(String alias, String boundAs, SecondFactor secondFactor, boolean reachable) {
        this(alias, boundAs, secondFactor, reachable, List.of());
    }

    /** A way in that runs no flow at all: whoever passes it is signed in with no code. */
    static SignInFlow noFlow(String boundAs, String how) {
        return new SignInFlow(NO_FLOW, boundAs, SecondFactor.NONE, true, List.of(how));
    }

    /** Whether it lets a user in without our code: another second factor, none, or a way past our step. */
    public boolean withoutOurCode() {
        return secondFactor != SecondFactor.TOTP_MFA || !withoutCode.isEmpty();
    }

    /** e.g. {@code post broker login of google}. */
    public static String providerBinding(String binding, String providerAlias) {
        return binding + " of " + providerAlias;
    }

    static String clientOverride(String binding, String clientId) {
        return binding + " override of client " + clientId;
    }

    /** e.g. {@code saml ecp of client my-app}. */
    static String clientBinding(String way, String clientId) {
        return way + " of client " + clientId;
    }

    /** e.g. {@code 'direct grant' (direct grant: Keycloak's OTP)}, for log lines. */
    String describe() {
        return "'" + alias + "' (" + boundAs + ": " + switch (secondFactor) {
            case TOTP_MFA -> "totp-mfa";
            case KEYCLOAK_OTP -> "Keycloak's OTP";
            case MIXED -> "totp-mfa and Keycloak's OTP";
            case NONE -> "no second factor";
        } + (secondFactor == SecondFactor.TOTP_MFA && !withoutCode.isEmpty()
                ? ", but completed without it by " + String.join(" or ", withoutCode) : "") + ")";
    }
}

package dev.totpmfa.login;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The first sign-in through an identity provider that links an existing account runs our step twice: in the
 * first-broker-login flow (re-authentication of the account) and then in the post-broker-login flow, which Keycloak
 * runs after every brokered sign-in. The second would ask for a second code, which the replay check only accepts a
 * time step later. So a pass of our step is remembered in the authentication session (server-side, with the user
 * it was for), and the post-broker-login flow that follows that first broker login of the same user takes it.
 * Nothing else honours it: a later brokered sign-in is a new authentication session and is asked.
 */
final class PassedInFirstBrokerLogin {

    /** Auth note: the id of the user who passed our step in this authentication session. */
    static final String NOTE = "totp-mfa-passed-user";

    private PassedInFirstBrokerLogin() {
    }

    static void remember(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user != null) {
            context.getAuthenticationSession().setAuthNote(NOTE, user.getId());
        }
    }

    /** Whether this is the post-broker-login flow right after a first broker login in which this user passed. */
    static boolean appliesTo(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        return user != null
                && "true".equals(authSession.getAuthNote(PostBrokerLoginConstants.PBL_AFTER_FIRST_BROKER_LOGIN))
                && user.getId().equals(authSession.getAuthNote(NOTE));
    }
}

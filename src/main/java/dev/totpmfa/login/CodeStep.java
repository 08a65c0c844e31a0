package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What the browser and the direct-grant step share as authenticators: both check a code of a known user, with the
 * settings of their execution, and hold nothing per request.
 */
abstract class CodeStep implements Authenticator {

    static LoginSettings settings(AuthenticationFlowContext context) {
        return LoginSettings.parse(
                context.getAuthenticatorConfig() == null ? null : context.getAuthenticatorConfig().getConfig());
    }

    @Override
    public final boolean requiresUser() {
        return true;
    }

    /**
     * Every user: each step handles a user without a factor it can check itself (the browser step asks for the
     * setup or refuses, the direct-grant step answers as for a wrong password). "Not configured" would leave that to
     * Keycloak, which sets up only REQUIRED steps and stops the user where the browser step is an ALTERNATIVE beside
     * security keys, and fails a token request with a server error (credential setup required), which tells an
     * attacker the password was right. Keycloak's "Condition - user configured" therefore never skips a sub-flow
     * that holds one of our steps, so neither issues a token for the password alone.
     */
    @Override
    public final boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public final void close() {
        // Nothing held per request.
    }
}

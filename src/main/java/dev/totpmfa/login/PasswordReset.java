package dev.totpmfa.login;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Whether the step runs inside the realm's reset-credentials flow ("Forgot password"). There it stands between a
 * mailbox and a new password, so nothing remembered (a trusted browser) may answer for the code: a reset is exactly
 * when an earlier trust should not carry.
 */
final class PasswordReset {

    private PasswordReset() {
    }

    static boolean inProgress(AuthenticationFlowContext context) {
        if (LoginActionsService.RESET_CREDENTIALS_PATH.equals(context.getFlowPath())) {
            return true;
        }
        // The path names the endpoint; the bound flow says the same when a request reaches the flow another way.
        AuthenticationFlowModel reset = context.getRealm().getResetCredentialsFlow();
        AuthenticationFlowModel top = context.getTopLevelFlow();
        return reset != null && top != null && reset.getId().equals(top.getId());
    }
}

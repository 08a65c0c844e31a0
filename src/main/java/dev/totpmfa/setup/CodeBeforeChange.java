package dev.totpmfa.setup;

import dev.totpmfa.trust.TrustedSignIn;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Adding an authenticator app or making a new set of recovery codes changes what signs the user in; a browser that
 * only remembers an earlier code must not stand in for one. When the sign-in behind the action passed the second
 * factor by a trusted browser alone, the action asks for a new sign-in with a code first.
 * <p>
 * Two doors: {@link #maxAuthAge} makes Keycloak re-authenticate an application-initiated action on a session that a
 * trusted browser began (the browser step then asks for a code, see the login package's FreshSignIn), and
 * {@link #missing} stops the action's page and its post wherever such a sign-in still reaches it (an action an admin
 * added to a live session), so it cannot be skipped.
 */
final class CodeBeforeChange {

    /** Event detail of a refused action. */
    static final String REFUSED_DETAIL = "totp_mfa_code_required";
    static final String MESSAGE = "totpMfaCodeRequiredForChange";
    /**
     * Keycloak re-authenticates when auth time + max age is before now, in whole seconds: 0 would still let a
     * {@code kc_action} sent in the second the session began through; -1 never does.
     */
    static final int ALWAYS = -1;

    private CodeBeforeChange() {
    }

    /** True when this action must not run yet: the refusal page was sent. */
    static boolean refused(RequiredActionContext context) {
        if (!missing(context.getSession(), context.getAuthenticationSession())) {
            return false;
        }
        context.getEvent().clone().detail(Details.REASON, REFUSED_DETAIL).error(Errors.INVALID_USER_CREDENTIALS);
        context.challenge(context.form().setError(MESSAGE).createErrorPage(Response.Status.FORBIDDEN));
        return true;
    }

    static boolean missing(KeycloakSession session, AuthenticationSessionModel authSession) {
        return TrustedSignIn.trustedBrowserOnly(session, authSession);
    }

    /**
     * The action's {@code max_auth_age}: {@value #ALWAYS} on a session a trusted browser began, so that Keycloak's
     * cookie step asks for a new sign-in before the action runs; otherwise what the action's settings say
     * ({@code otherwise}).
     */
    static int maxAuthAge(KeycloakSession session, int otherwise) {
        AuthenticationSessionModel authSession = session == null ? null
                : session.getContext().getAuthenticationSession();
        return authSession != null && missing(session, authSession) ? ALWAYS : otherwise;
    }
}

package dev.totpmfa.trust;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Whether a sign-in's second factor was a trusted browser and nothing fresher. The browser step leaves the user-session
 * note {@value #NOTE} on every sign-in it passes; here it is read by whoever must not let a remembered browser stand in
 * for a code (the required actions that add a device or make new recovery codes, and the removal of a device or of the
 * recovery codes).
 */
public final class TrustedSignIn {

    /** The user-session note the browser step sets; a public name (admins map it into tokens). */
    public static final String NOTE = "totp-mfa-method";
    /** The note's value when a trusted browser passed the step. */
    public static final String TRUSTED_BROWSER = "trusted-browser";

    private TrustedSignIn() {
    }

    /**
     * @param thisAuthentication the note of the running authentication (set when the step ran in it), or null
     * @param userSession the note of the user session it continues (a sign-in by cookie), or null
     */
    public static boolean trustedBrowserOnlyByNotes(String thisAuthentication, String userSession) {
        // A factor passed in this authentication is the freshest proof; without one, the step did not run now and
        // the user session says how it was passed when the session began.
        return TRUSTED_BROWSER.equals(thisAuthentication != null ? thisAuthentication : userSession);
    }

    /**
     * The same for whatever the current request continues: the sign-in of its authentication session (Keycloak's
     * {@code delete_credential} action runs in one), else the user session Keycloak verified for its bearer token or
     * cookie (the account REST API). No session at all (the admin API): false.
     */
    public static boolean trustedBrowserOnlyNow(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null) {
            return trustedBrowserOnly(session, authSession);
        }
        UserSessionModel userSession = session.getContext().getUserSession();
        return userSession != null && TRUSTED_BROWSER.equals(userSession.getNote(NOTE));
    }

    /** The same, read from Keycloak: the user session continued by an SSO sign-in shares the root session's id. */
    public static boolean trustedBrowserOnly(KeycloakSession session, AuthenticationSessionModel authSession) {
        UserSessionModel userSession = session.sessions().getUserSession(authSession.getRealm(),
                authSession.getParentSession().getId());
        boolean sameUser = userSession != null && (authSession.getAuthenticatedUser() == null
                || userSession.getUser().getId().equals(authSession.getAuthenticatedUser().getId()));
        return trustedBrowserOnlyByNotes(authSession.getUserSessionNotes().get(NOTE),
                sameUser ? userSession.getNote(NOTE) : null);
    }
}

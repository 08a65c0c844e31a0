package dev.totpmfa.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.Constants;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

/**
 * Our sign-in step asks a user with no second factor for the setup and lets the flow go on, so that it works as an
 * ALTERNATIVE too. Keycloak then lists the step among the authenticators this sign-in completed, which its AMR mapper
 * turns into the step's reference (e.g. {@code otp}) although no code was checked. Keycloak's own path for a REQUIRED
 * step whose user has nothing to check (SETUP_REQUIRED) lists nothing; so the setup takes the step off that list
 * again, the first time it runs in that sign-in.
 */
public final class SetupAskedInSignIn {

    /** Auth note: the execution of our step that asked for the setup in this sign-in. */
    static final String NOTE = "totp-mfa-setup-asked-by";

    private SetupAskedInSignIn() {
    }

    public static void record(AuthenticationSessionModel authSession, String executionId) {
        authSession.setAuthNote(NOTE, executionId);
    }

    /** Removes the asking step from the sign-in's completed authenticators; nothing when no step asked. */
    static void unlistAskingStep(AuthenticationSessionModel authSession) {
        String execution = authSession.getAuthNote(NOTE);
        if (execution == null) {
            return;
        }
        authSession.removeAuthNote(NOTE);
        Map<String, Integer> completed = AuthenticatorUtils.parseCompletedExecutions(
                authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
        if (completed.remove(execution) == null) {
            return;
        }
        try {
            authSession.setUserSessionNote(Constants.AUTHENTICATORS_COMPLETED,
                    JsonSerialization.writeValueAsString(completed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

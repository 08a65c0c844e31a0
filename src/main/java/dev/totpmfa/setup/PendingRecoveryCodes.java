package dev.totpmfa.setup;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Codes shown but not yet acknowledged. They are kept (server side, in the authentication session) only so that a
 * refused post shows the very same codes again; nothing is stored in the user's credentials before the
 * acknowledgement, and the note is dropped as soon as the set is stored.
 */
final class PendingRecoveryCodes {

    private static final String CODES_NOTE = "totp-mfa.pending.recovery-codes";
    private static final String SEPARATOR = ",";

    private PendingRecoveryCodes() {
    }

    static void remember(AuthenticationSessionModel authSession, List<String> codes) {
        authSession.setAuthNote(CODES_NOTE, String.join(SEPARATOR, codes));
    }

    static Optional<List<String>> find(AuthenticationSessionModel authSession) {
        String codes = authSession.getAuthNote(CODES_NOTE);
        return codes == null || codes.isEmpty() ? Optional.empty() : Optional.of(Arrays.asList(codes.split(SEPARATOR)));
    }

    static void clear(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(CODES_NOTE);
    }
}

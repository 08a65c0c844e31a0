package dev.totpmfa.login;

import dev.totpmfa.trust.TrustedSignIn;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * How the user last passed the step in this session, kept as a user-session note. Keycloak's AMR mapper only
 * knows that the step was completed (it reports the step's reference whatever the way); a relying party that must
 * tell a typed code from a recovery code or a trusted browser gets this note into its tokens with Keycloak's
 * "User Session Note" mapper.
 */
enum PassedBy {

    /** A code from an authenticator app (RFC 8176's {@code otp}). */
    CODE("otp"),
    RECOVERY_CODE("recovery-code"),
    TRUSTED_BROWSER(TrustedSignIn.TRUSTED_BROWSER);

    /** The user-session note's name, for the mapper's "User Session Note" field. */
    static final String NOTE = TrustedSignIn.NOTE;

    private final String value;

    PassedBy(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    /** Sets the note; Keycloak copies it into the user session when the login finishes. */
    void record(AuthenticationFlowContext context) {
        context.getAuthenticationSession().setUserSessionNote(NOTE, value);
        PassedInFirstBrokerLogin.remember(context);
    }
}

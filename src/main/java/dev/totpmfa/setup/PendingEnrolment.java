package dev.totpmfa.setup;

import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpParameters;
import dev.totpmfa.otp.SecretGenerator;
import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The secret and parameters of an enrolment that has been shown but not yet proven by a first code. They live
 * only in the authentication session (server side, never in a form field), so leaving the page half-way
 * stores nothing, and a policy change in the meantime does not change what the QR code promised.
 */
record PendingEnrolment(byte[] secret, OtpParameters parameters) {

    private static final String SECRET_NOTE = "totp-mfa.pending.secret";
    private static final String ALGORITHM_NOTE = "totp-mfa.pending.algorithm";
    private static final String DIGITS_NOTE = "totp-mfa.pending.digits";
    private static final String PERIOD_NOTE = "totp-mfa.pending.period";

    static PendingEnrolment start(AuthenticationSessionModel authSession, OtpParameters parameters,
                                  SecretGenerator generator) {
        PendingEnrolment enrolment = new PendingEnrolment(generator.generate(), parameters);
        authSession.setAuthNote(SECRET_NOTE, Base32.encode(enrolment.secret()));
        authSession.setAuthNote(ALGORITHM_NOTE, parameters.algorithm().jcaName());
        authSession.setAuthNote(DIGITS_NOTE, Integer.toString(parameters.digits()));
        authSession.setAuthNote(PERIOD_NOTE, Integer.toString(parameters.periodSeconds()));
        return enrolment;
    }

    static Optional<PendingEnrolment> find(AuthenticationSessionModel authSession) {
        String secret = authSession.getAuthNote(SECRET_NOTE);
        String algorithm = authSession.getAuthNote(ALGORITHM_NOTE);
        String digits = authSession.getAuthNote(DIGITS_NOTE);
        String period = authSession.getAuthNote(PERIOD_NOTE);
        if (secret == null || algorithm == null || digits == null || period == null) {
            return Optional.empty();
        }
        OtpParameters parameters = new OtpParameters(HmacAlgorithm.fromName(algorithm),
                Integer.parseInt(digits), Integer.parseInt(period));
        return Optional.of(new PendingEnrolment(Base32.decode(secret), parameters));
    }

    static void clear(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(SECRET_NOTE);
        authSession.removeAuthNote(ALGORITHM_NOTE);
        authSession.removeAuthNote(DIGITS_NOTE);
        authSession.removeAuthNote(PERIOD_NOTE);
    }
}

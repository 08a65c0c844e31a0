package dev.totpmfa.login;

import dev.totpmfa.credential.SecondFactors;
import dev.totpmfa.lockout.KeycloakRelease;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.Version;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The direct-grant step {@code totp-mfa-direct-grant}: after the password step of a resource-owner password
 * grant, a form parameter {@code otp} (TOTP code) or {@code recovery_code}. {@link CodeAttempts} decides, as for
 * the browser step; every refusal answers exactly as a wrong password does.
 */
public final class DirectGrantTotpAuthenticator extends CodeStep {

    static final String OTP_PARAMETER = "otp";
    static final String RECOVERY_PARAMETER = "recovery_code";

    /** Keycloak's answer to a wrong password in a direct grant (ValidatePassword): every refusal of ours. */
    static final int REFUSAL_STATUS = KeycloakRelease.of(Version.VERSION).wrongPasswordStatus();
    static final String REFUSAL_DESCRIPTION = "Invalid user credentials";

    private final CodeAttempts attempts;

    DirectGrantTotpAuthenticator(Clock clock) {
        this.attempts = new CodeAttempts(clock);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (!SecondFactors.any(context.getSession(), context.getUser())) {
            // Enrolment needs a browser: until then the password alone gets no token, and nothing is evaluated.
            context.getEvent().user(context.getUser()).detail(Details.REASON, "no second factor enrolled")
                    .error(Errors.INVALID_USER_CREDENTIALS);
            context.challenge(wrongPasswordAnswer());
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String otp = form.getFirst(OTP_PARAMETER);
        CodeAttempts.Guess guess = isBlank(otp)
                ? CodeAttempts.Guess.recovery(form.getFirst(RECOVERY_PARAMETER))
                : CodeAttempts.Guess.totp(otp, null);
        CodeAttemptOutcome outcome = attempts.attempt(context, guess, settings(context));
        if (outcome instanceof CodeAttemptOutcome.Accepted || outcome instanceof CodeAttemptOutcome.RecoveryAccepted) {
            context.success();
            return;
        }
        if (outcome instanceof CodeAttemptOutcome.Missing) {
            context.getEvent().detail(Details.REASON, "no otp or recovery_code").error(Errors.INVALID_REQUEST);
        }
        // One answer for every refusal, the one a wrong password gets: the status must not tell an attacker that
        // the password was right. A plain challenge: realm brute-force detection counts only evaluated codes, and
        // CodeAttempts has already reported those.
        context.challenge(wrongPasswordAnswer());
    }

    private static Response wrongPasswordAnswer() {
        return Response.status(REFUSAL_STATUS)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_GRANT, REFUSAL_DESCRIPTION))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A direct grant is one request: there is no form to post back.
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Enrolment needs a browser; the next browser login asks for it.
    }
}

package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.SecondFactors;
import dev.totpmfa.setup.RealmRequiredActions;
import dev.totpmfa.setup.RecoveryCodesRequiredActionFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The direct-grant step {@code totp-mfa-direct-grant}: after the password step of a resource-owner password
 * grant, a form parameter {@code otp} (TOTP code) or {@code recovery_code}. Same single use, lockout and events as
 * the browser step; answers with OAuth errors instead of pages.
 */
public final class DirectGrantTotpAuthenticator implements Authenticator {

    static final String OTP_PARAMETER = "otp";
    static final String RECOVERY_PARAMETER = "recovery_code";

    private final Clock clock;

    DirectGrantTotpAuthenticator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String otp = form.getFirst(OTP_PARAMETER);
        String recoveryCode = form.getFirst(RECOVERY_PARAMETER);
        UserModel user = context.getUser();
        if (isBlank(otp) && isBlank(recoveryCode)) {
            context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS,
                    oauthError("Missing parameter: otp or recovery_code"));
            return;
        }
        LoginSettings settings = LoginSettings.parse(
                context.getAuthenticatorConfig() == null ? null : context.getAuthenticatorConfig().getConfig());
        FactorLockout lockout = new FactorLockout(context.getSession(), context.getRealm(), user, settings, clock);
        if (!lockout.tryBegin()) {
            context.getEvent().user(user).error(Errors.SLOW_DOWN);
            context.challenge(oauthError("Another attempt is being checked; try again in a moment"));
            return;
        }
        LockoutPolicy.State state = lockout.state();
        boolean recovery = isBlank(otp);
        if (state instanceof LockoutPolicy.Waiting || (!recovery && state instanceof LockoutPolicy.Ceiling)) {
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS,
                    oauthError("Too many failed attempts; try again later"));
            return;
        }
        if (recovery) {
            checkRecoveryCode(context, recoveryCode, settings, lockout);
        } else {
            checkCode(context, otp, settings, lockout);
        }
    }

    private void checkCode(AuthenticationFlowContext context, String otp, LoginSettings settings,
                           FactorLockout lockout) {
        Optional<CredentialModel> device = TotpCodeCheck.run(context, otp, null, settings);
        if (device.isPresent()) {
            lockout.reset();
            context.getEvent().detail(Details.SELECTED_CREDENTIAL_ID, device.get().getId());
            context.success();
            return;
        }
        lockout.recordFailure(FactorLockout.OTP_CATEGORY);
        context.getEvent().user(context.getUser()).error(Errors.INVALID_USER_CREDENTIALS);
        context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, oauthError("Invalid user credentials"));
    }

    private void checkRecoveryCode(AuthenticationFlowContext context, String recoveryCode, LoginSettings settings,
                                   FactorLockout lockout) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        OptionalInt remaining = RecoveryCodeLogin.consumeAnySet(context, recoveryCode, settings);
        context.getEvent().detail(Details.CREDENTIAL_TYPE, RecoveryCodesCredentialModel.TYPE);
        if (remaining.isEmpty()) {
            lockout.recordFailure(FactorLockout.RECOVERY_CATEGORY);
            context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
            // Not context.failure(): the flow would report it to brute-force detection as an "otp" failure, and
            // FactorLockout has already reported it under its own category.
            context.challenge(oauthError("Invalid user credentials"));
            return;
        }
        lockout.reset();
        if (remaining.getAsInt() <= settings.recoveryWarningThreshold()) {
            RealmRequiredActions.requestIfEnabled(realm, user, RecoveryCodesRequiredActionFactory.PROVIDER_ID);
        }
        context.getEvent().detail(RecoveryCodeLogin.REMAINING_DETAIL, Integer.toString(remaining.getAsInt()));
        context.success();
    }

    private static Response oauthError(String description) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .entity(new OAuth2ErrorRepresentation(OAuthErrorException.INVALID_GRANT, description))
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
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        // Any factor counts, even one this step cannot check: a code for it is refused, never skipped.
        return SecondFactors.any(user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Enrolment needs a browser; the next browser login asks for it.
    }

    @Override
    public void close() {
        // Nothing held per request.
    }
}

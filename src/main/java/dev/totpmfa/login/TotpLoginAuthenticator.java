package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.SecondFactors;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.TotpCredentialProvider;
import dev.totpmfa.setup.RealmRequiredActions;
import dev.totpmfa.setup.TotpSetupRequiredActionFactory;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * The browser-flow step {@code totp-mfa-form}: a code from one of the user's authenticator apps, or a recovery
 * code from the same page. Checking and consuming codes belongs to the credential providers; this class reads the
 * form, applies the lockout, reports the outcome to the flow and the event log, and picks the page.
 */
public final class TotpLoginAuthenticator implements Authenticator, CredentialValidator<TotpCredentialProvider> {

    static final String CODE_FIELD = "otp";
    static final String SELECTED_CREDENTIAL_FIELD = "selectedCredentialId";
    static final String RECOVERY_FIELD = "recoveryCode";
    static final String OFFER_FIELD = "recoveryOffer";
    /** Event detail of a user refused because their second factor is one this step cannot check. */
    static final String UNCHECKABLE_FACTOR = "second_factor_not_checkable";

    private final Clock clock;
    private final RecoveryCodeLogin recoveryLogin;

    TotpLoginAuthenticator(Clock clock) {
        this.clock = clock;
        this.recoveryLogin = new RecoveryCodeLogin(clock);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        LoginSettings settings = settings(context);
        if (!SecondFactors.checkableByOurStep(context.getUser(), settings.acceptBuiltInOtp())) {
            refuseOtherFactor(context);
            return;
        }
        context.challenge(new LoginPage(context, settings).codeEntry(null, null));
    }

    /**
     * The user has a second factor this step cannot check (Keycloak's HOTP, a built-in device this step does not
     * accept, or data nobody can read). Sending them to enrolment would let the password alone bind a new app, so
     * they are stopped here until an admin resets their factor.
     */
    private static void refuseOtherFactor(AuthenticationFlowContext context) {
        context.getEvent().user(context.getUser()).detail(Details.REASON, UNCHECKABLE_FACTOR)
                .error(Errors.INVALID_USER_CREDENTIALS);
        context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, context.form()
                .setError("totpMfaOtherFactor").createErrorPage(Response.Status.FORBIDDEN));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(OFFER_FIELD)) {
            if (!recoveryLogin.completeOffer(context, form.getFirst(OFFER_FIELD))) {
                authenticate(context);
            }
            return;
        }
        LoginSettings settings = settings(context);
        FactorLockout lockout = new FactorLockout(context.getSession(), context.getRealm(), context.getUser(),
                settings, clock);
        if (form.containsKey(RECOVERY_FIELD)) {
            recoveryLogin.attempt(context, form.getFirst(RECOVERY_FIELD), settings, lockout);
        } else {
            checkCode(context, form.getFirst(CODE_FIELD), form.getFirst(SELECTED_CREDENTIAL_FIELD), settings,
                    lockout);
        }
    }

    private void checkCode(AuthenticationFlowContext context, String typedCode, String selectedId,
                           LoginSettings settings, FactorLockout lockout) {
        UserModel user = context.getUser();
        LoginPage page = new LoginPage(context, settings);
        if (!lockout.tryBegin()) {
            context.getEvent().user(user).error(Errors.SLOW_DOWN);
            context.challenge(page.codeEntry(selectedId, new FormMessage(CODE_FIELD, "totpMfaBusy")));
            return;
        }
        LockoutPolicy.State state = lockout.state();
        if (!(state instanceof LockoutPolicy.Open)) {
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            context.challenge(page.locked(state, clock.instant(), false));
            return;
        }
        Optional<CredentialModel> device = TotpCodeCheck.run(context, typedCode, selectedId, settings);
        if (device.isPresent()) {
            lockout.reset();
            context.getEvent().detail(Details.SELECTED_CREDENTIAL_ID, device.get().getId());
            context.success();
            return;
        }
        lockout.recordFailure(FactorLockout.OTP_CATEGORY);
        // Only an id of the user's own devices goes into the event: the form field is attacker-controlled.
        TotpCodeCheck.provider(context.getSession()).loginDevices(user, settings.acceptBuiltInOtp()).stream()
                .filter(known -> known.getId().equals(selectedId))
                .findFirst()
                .ifPresent(known -> context.getEvent().detail(Details.SELECTED_CREDENTIAL_ID, known.getId()));
        context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
        String problem = typedCode == null || typedCode.isBlank() ? "totpMfaMissingCode" : "totpMfaInvalidCode";
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                page.codeEntry(selectedId, new FormMessage(CODE_FIELD, problem)));
    }

    static LoginSettings settings(AuthenticationFlowContext context) {
        return LoginSettings.parse(
                context.getAuthenticatorConfig() == null ? null : context.getAuthenticatorConfig().getConfig());
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        // Any factor counts, even one this step cannot check: not configured means "enrol after the password".
        return SecondFactors.any(user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        RealmRequiredActions.request(user, TotpSetupRequiredActionFactory.PROVIDER_ID);
    }

    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, TotpSetupRequiredActionFactory.PROVIDER_ID));
    }

    @Override
    public TotpCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (TotpCredentialProvider) session.getProvider(CredentialProvider.class, TotpCredentialModel.TYPE);
    }

    @Override
    public void close() {
        // Nothing held per request.
    }
}

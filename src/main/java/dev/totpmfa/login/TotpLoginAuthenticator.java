package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.SecondFactors;
import dev.totpmfa.credential.TotpCredentialProvider;
import dev.totpmfa.flow.FlowWatch;
import dev.totpmfa.setup.RealmRequiredActions;
import dev.totpmfa.setup.SetupAskedInSignIn;
import dev.totpmfa.setup.TotpSetupRequiredActionFactory;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The browser-flow step {@code totp-mfa-form}: a code from one of the user's authenticator apps, or a recovery
 * code from the same page. {@link CodeAttempts} decides each attempt; this class reads the form and turns the
 * outcome into a page.
 */
public final class TotpLoginAuthenticator extends CodeStep implements CredentialValidator<TotpCredentialProvider> {

    static final String CODE_FIELD = "otp";
    static final String SELECTED_CREDENTIAL_FIELD = "selectedCredentialId";
    static final String RECOVERY_FIELD = "recoveryCode";
    static final String OFFER_FIELD = "recoveryOffer";
    /** Event detail of a user refused because their second factor is one this step cannot check. */
    static final String UNCHECKABLE_FACTOR = "second_factor_not_checkable";

    private final Clock clock;
    private final CodeAttempts attempts;
    private final RecoveryCodeLogin recoveryLogin;

    TotpLoginAuthenticator(Clock clock) {
        this.clock = clock;
        this.attempts = new CodeAttempts(clock);
        this.recoveryLogin = new RecoveryCodeLogin(clock);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (PassedInFirstBrokerLogin.appliesTo(context)) {
            context.success();
            return;
        }
        LoginSettings settings = settings(context);
        if (!settings.codeAfterPasskey() && PasskeySignIn.appliesTo(context)) {
            // As Keycloak's "Condition - credential" skips its own second factor after a passkey.
            context.success();
            return;
        }
        if (!SecondFactors.any(context.getSession(), context.getUser())) {
            askForSetup(context);
            return;
        }
        if (!SecondFactors.checkableByOurStep(context.getUser(), settings.acceptBuiltInOtp())) {
            refuseOtherFactor(context);
            return;
        }
        if (TrustedBrowserLogin.tryTrusted(context, settings)) {
            return;
        }
        context.challenge(new CodeFormPage(context, settings).codeEntry(null, null));
    }

    /**
     * No second factor at all: the setup follows the flow, where this step may ask for it ({@link UnenrolledSignIn}).
     * Otherwise the step fails exactly as Keycloak fails a step its user cannot set up, so the next alternative runs.
     * The success lets the flow go on; no code was checked, so the setup takes this step off the sign-in's completed
     * authenticators ({@link SetupAskedInSignIn}: no {@code otp} in the token's {@code amr} for an enrolment).
     */
    private void askForSetup(AuthenticationFlowContext context) {
        if (!UnenrolledSignIn.maySetUp(context)
                || !areRequiredActionsEnabled(context.getSession(), context.getRealm())) {
            throw new AuthenticationFlowException("authenticator: " + TotpLoginAuthenticatorFactory.PROVIDER_ID,
                    AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED);
        }
        setRequiredActions(context.getSession(), context.getRealm(), context.getUser());
        SetupAskedInSignIn.record(context.getAuthenticationSession(), context.getExecution().getId());
        context.success();
    }

    /**
     * The user has a second factor this step cannot check (another provider's, such as a WebAuthn security key;
     * Keycloak's HOTP; a built-in device this step does not accept; or data nobody can read). Sending them to
     * enrolment would let the password alone bind a new app, so they are stopped here. Where the flow offers them
     * another step (Keycloak's selections), the page keeps Keycloak's "Try another way"; where it offers none, the
     * admin is told which factor the flow lacks.
     */
    private static void refuseOtherFactor(AuthenticationFlowContext context) {
        context.getEvent().user(context.getUser()).detail(Details.REASON, UNCHECKABLE_FACTOR)
                .error(Errors.INVALID_USER_CREDENTIALS);
        Response page = context.form().setError("totpMfaOtherFactor").createErrorPage(Response.Status.FORBIDDEN);
        if (context.getAuthenticationSelections().size() > 1) {
            // A challenge keeps the flow where it is, so the page's "Try another way" can switch steps.
            context.challenge(page);
            return;
        }
        List<String> others = SecondFactors.others(context.getSession(), context.getUser());
        if (!others.isEmpty()) {
            FlowWatch.otherFactorNotOffered(context.getRealm(), context.getTopLevelFlow().getAlias(), others);
        }
        context.failure(AuthenticationFlowError.INVALID_CREDENTIALS, page);
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
        if (form.containsKey(RECOVERY_FIELD)) {
            CodeAttemptOutcome outcome = attempts.attempt(context,
                    CodeAttempts.Guess.recovery(form.getFirst(RECOVERY_FIELD)), settings);
            recoveryLogin.answer(context, outcome, settings);
            return;
        }
        String selectedId = form.getFirst(SELECTED_CREDENTIAL_FIELD);
        CodeAttemptOutcome outcome = attempts.attempt(context,
                CodeAttempts.Guess.totp(form.getFirst(CODE_FIELD), selectedId), settings);
        if (outcome instanceof CodeAttemptOutcome.Accepted) {
            TrustedBrowserLogin.rememberIfTicked(context, settings, form.getFirst(TrustedBrowserLogin.FIELD));
            PassedBy.CODE.record(context);
            context.success();
            return;
        }
        CodeFormPage page = new CodeFormPage(context, settings);
        // Realm brute-force detection has already been told of a rejected code; a plain challenge counts nothing.
        context.challenge(outcome instanceof CodeAttemptOutcome.Rejected
                ? page.codeEntry(selectedId, new FormMessage(CODE_FIELD, "totpMfaInvalidCode"))
                : page.refusal(outcome, CODE_FIELD, selectedId, clock.instant()));
    }

    /**
     * Asks for the setup at every login of a user without a factor ("Set up later" ends it for one login only), in
     * the authentication session: Keycloak runs its required actions with the user's own, and nothing is written to
     * the user, whose store may be read-only (an LDAP, a provider without import); two logins of the user at the same
     * moment add nothing twice. Called by {@link #askForSetup}; Keycloak itself calls it only for a step that is
     * not configured, which this one never is.
     */
    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null) {
            authSession.addRequiredAction(TotpSetupRequiredActionFactory.PROVIDER_ID);
        } else if (!RealmRequiredActions.requestOfUser(user, TotpSetupRequiredActionFactory.PROVIDER_ID)) {
            // Fail closed: a step left "setup required" without the setup would let the password alone through.
            throw new IllegalStateException("cannot ask user " + user.getId() + " for the setup: no authentication"
                    + " session, and the user's store is read-only");
        }
    }

    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, TotpSetupRequiredActionFactory.PROVIDER_ID));
    }

    @Override
    public TotpCredentialProvider getCredentialProvider(KeycloakSession session) {
        return TotpCredentialProvider.of(session);
    }
}

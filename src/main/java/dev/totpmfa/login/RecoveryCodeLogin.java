package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.BuiltInRecoveryCodes;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.RecoveryCodesCredentialProvider;
import dev.totpmfa.credential.TrustedBrowserCredentialProvider;
import dev.totpmfa.names.EventDetails;
import dev.totpmfa.setup.RealmRequiredActions;
import dev.totpmfa.setup.RecoveryCodesRequiredAction;
import dev.totpmfa.setup.RecoveryCodesRequiredActionFactory;
import dev.totpmfa.setup.TotpSetupRequiredActionFactory;
import java.time.Clock;
import java.util.OptionalInt;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The lost-phone path of the login step: a recovery code typed into {@code form#totp-mfa-recovery-form}, then a
 * page that says how many codes are left and offers to set up a new authenticator app in the same visit.
 */
final class RecoveryCodeLogin {

    /** Set only after a recovery code succeeded: the offer page may then complete the step. */
    private static final String ACCEPTED_NOTE = "totp-mfa.recovery.accepted";
    private static final String OFFER_SETUP = "setup";

    private final Clock clock;

    RecoveryCodeLogin(Clock clock) {
        this.clock = clock;
    }

    /** Turns the outcome of a recovery-code attempt into the page "N left" with its offer, or an error. */
    void answer(AuthenticationFlowContext context, CodeAttemptOutcome outcome, LoginSettings settings) {
        CodeFormPage page = new CodeFormPage(context, settings);
        if (outcome instanceof CodeAttemptOutcome.RecoveryAccepted accepted) {
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            authSession.setAuthNote(ACCEPTED_NOTE, Integer.toString(accepted.remaining()));
            if (accepted.newSetRequested()) {
                authSession.setAuthNote(RecoveryCodesRequiredAction.REMAINING_NOTE,
                        Integer.toString(accepted.remaining()));
            }
            boolean setupOffered = RealmRequiredActions.isEnabled(context.getRealm(),
                    TotpSetupRequiredActionFactory.PROVIDER_ID);
            context.challenge(page.recoveryAccepted(accepted.remaining(), setupOffered));
        } else if (outcome instanceof CodeAttemptOutcome.Rejected) {
            context.challenge(page.codeEntry(null,
                    new FormMessage(TotpLoginAuthenticator.RECOVERY_FIELD, "totpMfaInvalidRecoveryCode")));
        } else {
            context.challenge(page.refusal(outcome, TotpLoginAuthenticator.RECOVERY_FIELD, null, clock.instant()));
        }
    }

    /** @return false when no recovery code was accepted in this authentication session (a forged post) */
    boolean completeOffer(AuthenticationFlowContext context, String choice) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String remaining = authSession.getAuthNote(ACCEPTED_NOTE);
        if (remaining == null) {
            return false;
        }
        authSession.removeAuthNote(ACCEPTED_NOTE);
        if (OFFER_SETUP.equals(choice)
                && RealmRequiredActions.isEnabled(context.getRealm(), TotpSetupRequiredActionFactory.PROVIDER_ID)) {
            authSession.addRequiredAction(TotpSetupRequiredActionFactory.PROVIDER_ID);
        }
        context.getEvent()
                .detail(Details.CREDENTIAL_TYPE, RecoveryCodesCredentialModel.TYPE)
                .detail(EventDetails.RECOVERY_CODES_REMAINING, remaining);
        PassedBy.RECOVERY_CODE.record(context);
        context.success();
        return true;
    }

    /**
     * Our set first; then, where accepted, Keycloak's built-in codes of a user who switched to this extension.
     * When those run out, the user is asked to make a set of ours.
     */
    static OptionalInt consumeAnySet(AuthenticationFlowContext context, String typedCode, LoginSettings settings) {
        OptionalInt remaining = consumeOurOrBuiltIn(context, typedCode, settings);
        if (remaining.isPresent()) {
            // Whoever needs a recovery code may have lost the phone, or more: no browser keeps skipping the code.
            TrustedBrowserCredentialProvider.of(context.getSession()).revokeAll(context.getUser());
        }
        return remaining;
    }

    private static OptionalInt consumeOurOrBuiltIn(AuthenticationFlowContext context, String typedCode,
                                                   LoginSettings settings) {
        OptionalInt remaining = provider(context).consume(context.getRealm(), context.getUser(), typedCode);
        if (remaining.isPresent() || !settings.acceptBuiltInOtp()) {
            return remaining;
        }
        OptionalInt builtInRemaining = BuiltInRecoveryCodes.consume(context.getUser(), typedCode);
        if (builtInRemaining.isPresent() && builtInRemaining.getAsInt() == 0
                && provider(context).find(context.getUser()).isEmpty()) {
            RealmRequiredActions.requestIfEnabled(context.getRealm(), context.getUser(),
                    context.getAuthenticationSession(),
                    RecoveryCodesRequiredActionFactory.PROVIDER_ID);
        }
        return builtInRemaining;
    }

    private static RecoveryCodesCredentialProvider provider(AuthenticationFlowContext context) {
        return RecoveryCodesCredentialProvider.of(context.getSession());
    }
}

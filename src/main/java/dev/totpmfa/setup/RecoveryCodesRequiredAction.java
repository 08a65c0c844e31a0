package dev.totpmfa.setup;

import dev.totpmfa.config.RecoveryCodesSettings;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.RecoveryCodesCredentialProvider;
import dev.totpmfa.otp.RecoveryCodeGenerator;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Shows a new set of recovery codes and stores it (replacing the old set) only once the user confirms having
 * saved them. Follows the first enrolment, runs when few codes are left, and works as
 * {@code kc_action=totp-mfa-recovery-codes}.
 */
public final class RecoveryCodesRequiredAction implements FreshCodeAction, CredentialRegistrator {

    private static final String CODES_LOW_KEY = "totpMfaRecoveryCodesLow";

    static final String TEMPLATE = "totp-mfa-recovery-codes.ftl";
    static final String ACKNOWLEDGED_FIELD = "acknowledged";
    /** Set by the login step when the user has few codes left, to explain why this page appears. */
    public static final String REMAINING_NOTE = "totp-mfa.recovery.remaining";

    private final RecoveryCodeGenerator generator;
    private final Clock clock;

    RecoveryCodesRequiredAction(RecoveryCodeGenerator generator, Clock clock) {
        this.generator = generator;
        this.clock = clock;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return RecoveryCodesCredentialModel.TYPE;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (CodeBeforeChange.refused(context)) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        List<String> codes = PendingRecoveryCodes.find(authSession).orElseGet(() -> {
            List<String> fresh = generator.generate(settings(context).count());
            PendingRecoveryCodes.remember(authSession, fresh);
            return fresh;
        });
        context.challenge(page(context, codes, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (CodeBeforeChange.refused(context)) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<List<String>> pending = PendingRecoveryCodes.find(authSession);
        if (pending.isEmpty()) {
            requiredActionChallenge(context);
            return;
        }
        String acknowledged = context.getHttpRequest().getDecodedFormParameters().getFirst(ACKNOWLEDGED_FIELD);
        if (!"on".equals(acknowledged)) {
            context.challenge(page(context, pending.get(),
                    new FormMessage(ACKNOWLEDGED_FIELD, "totpMfaRecoveryCodesNotAcknowledged")));
            return;
        }
        if (PendingClaim.take(context.getSession(), "recovery-codes", String.join(",", pending.get())).isEmpty()) {
            // The same page was acknowledged twice at once: the other post stores this set.
            context.challenge(page(context, pending.get(), new FormMessage(ACKNOWLEDGED_FIELD, "totpMfaBusy")));
            return;
        }
        RecoveryCodesCredentialModel set = provider(context.getSession())
                .replaceSet(context.getRealm(), context.getUser(), pending.get());
        PendingRecoveryCodes.clear(authSession);
        authSession.removeAuthNote(REMAINING_NOTE);
        context.getEvent()
                .event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, RecoveryCodesCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, set.getId());
        context.success();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        PendingRecoveryCodes.clear(authSession);
    }

    private Response page(RequiredActionContext context, List<String> codes, FormMessage error) {
        String note = context.getAuthenticationSession().getAuthNote(REMAINING_NOTE);
        Integer remaining = note == null ? null : Integer.valueOf(note);
        String remainingText = remaining == null ? null : ThemeText.format(context.getSession(),
                context.getRealm(), context.getUser(), CODES_LOW_KEY, CODES_LOW_KEY, remaining);
        RecoveryCodesPageBean bean = new RecoveryCodesPageBean(codes, context.getRealm().getName(),
                AccountNames.account(context.getRealm(), context.getUser()), LocalDate.now(clock), remaining,
                remainingText);
        var form = context.form().setAttribute("totpMfaRecoveryCodes", bean);
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    private static RecoveryCodesSettings settings(RequiredActionContext context) {
        return RecoveryCodesSettings.parse(context.getConfig() == null ? null : context.getConfig().getConfig());
    }

    private static RecoveryCodesCredentialProvider provider(KeycloakSession session) {
        return RecoveryCodesCredentialProvider.of(session);
    }
}

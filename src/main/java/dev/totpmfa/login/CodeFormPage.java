package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.BuiltInRecoveryCodes;
import dev.totpmfa.credential.RecoveryCodesCredentialProvider;
import dev.totpmfa.credential.TotpCredentialProvider;
import dev.totpmfa.lockout.LockoutPolicy;
import dev.totpmfa.setup.ThemeText;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;

/** Renders {@code totp-mfa-login.ftl} in its states: code entry (with errors), locked, and after a recovery code. */
final class CodeFormPage {

    private static final String RECOVERY_ACCEPTED_KEY = "totpMfaRecoveryAccepted";
    private static final String TRUST_BROWSER_KEY = "totpMfaTrustBrowser";

    static final String TEMPLATE = "totp-mfa-login.ftl";

    private final AuthenticationFlowContext context;
    private final LoginSettings settings;

    CodeFormPage(AuthenticationFlowContext context, LoginSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    Response codeEntry(String selectedCredentialId, FormMessage error) {
        boolean recoveryError = error != null && TotpLoginAuthenticator.RECOVERY_FIELD.equals(error.getField());
        LoginFormsProvider form = form(bean(selectedCredentialId, recoveryError));
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    /** Says when to try again, and nothing about the code that was typed. */
    Response locked(LockoutPolicy.State state, Instant now, boolean recoveryOpen) {
        LoginFormsProvider form = form(bean(null, recoveryOpen));
        if (state instanceof LockoutPolicy.Waiting waiting) {
            long seconds = Math.max(1, Duration.between(now, waiting.until()).toSeconds() + 1);
            if (seconds < 120) {
                form.setError("totpMfaLockedSeconds", seconds);
            } else {
                form.setError("totpMfaLockedMinutes", (seconds + 59) / 60);
            }
        } else {
            form.setError("totpMfaLockedCeiling");
        }
        return form.createForm(TEMPLATE);
    }

    /**
     * The page for an attempt whose code was not evaluated (missing, busy, locked by us or by the realm), the
     * message put against {@code field}.
     */
    Response refusal(CodeAttemptOutcome outcome, String field, String selectedCredentialId, Instant now) {
        boolean recovery = TotpLoginAuthenticator.RECOVERY_FIELD.equals(field);
        if (outcome instanceof CodeAttemptOutcome.Locked locked) {
            return locked(locked.state(), now, recovery);
        }
        if (outcome instanceof CodeAttemptOutcome.RealmLocked realmLocked) {
            LoginFormsProvider form = form(bean(null, recovery));
            form.setError(Errors.USER_DISABLED.equals(realmLocked.eventError())
                    ? Messages.ACCOUNT_PERMANENTLY_DISABLED : Messages.ACCOUNT_TEMPORARILY_DISABLED);
            return form.createForm(TEMPLATE);
        }
        String message;
        if (outcome instanceof CodeAttemptOutcome.Busy) {
            message = "totpMfaBusy";
        } else {
            message = recovery ? "totpMfaMissingRecoveryCode" : "totpMfaMissingCode";
        }
        return codeEntry(recovery ? null : selectedCredentialId, new FormMessage(field, message));
    }

    Response recoveryAccepted(int remaining, boolean setupOffered) {
        String text = ThemeText.format(context.getSession(), context.getRealm(), context.getUser(),
                RECOVERY_ACCEPTED_KEY, RECOVERY_ACCEPTED_KEY, remaining);
        return form(LoginPageBean.recoveryAccepted(remaining, text, setupOffered)).createForm(TEMPLATE);
    }

    private LoginPageBean bean(String selectedCredentialId, boolean recoveryOpen) {
        TotpCredentialProvider devices = TotpCredentialProvider.of(context.getSession());
        RecoveryCodesCredentialProvider recovery = RecoveryCodesCredentialProvider.of(context.getSession());
        boolean acceptBuiltIn = settings.acceptBuiltInOtp();
        boolean recoveryAvailable = recovery.find(context.getUser()).map(set -> set.remaining() > 0).orElse(false)
                || (acceptBuiltIn && BuiltInRecoveryCodes.hasUnused(context.getUser()));
        String trustText = TrustedBrowserLogin.offered(context, settings)
                ? ThemeText.format(context.getSession(), context.getRealm(), context.getUser(), TRUST_BROWSER_KEY,
                        TRUST_BROWSER_KEY, settings.trustBrowserDays())
                : null;
        return LoginPageBean.codeEntry(devices.loginDevices(context.getUser(), acceptBuiltIn), selectedCredentialId,
                recoveryAvailable, recoveryOpen && recoveryAvailable, trustText);
    }

    private LoginFormsProvider form(LoginPageBean bean) {
        return context.form()
                .setExecution(context.getExecution().getId())
                .setAttribute("totpMfaLogin", bean);
    }
}

package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.config.RealmOtpPolicy;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.TotpCredentialProvider;
import dev.totpmfa.lockout.AttemptRules;
import dev.totpmfa.lockout.FactorLockout;
import dev.totpmfa.lockout.LockoutPolicy;
import dev.totpmfa.lockout.LockoutRecord;
import dev.totpmfa.metrics.TotpMfaMetrics;
import dev.totpmfa.metrics.TotpMfaMetrics.Factor;
import dev.totpmfa.metrics.TotpMfaMetrics.Lockout;
import dev.totpmfa.metrics.TotpMfaMetrics.Outcome;
import dev.totpmfa.names.EventDetails;
import dev.totpmfa.setup.RealmRequiredActions;
import dev.totpmfa.setup.RecoveryCodesRequiredActionFactory;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * The one place where a second-factor attempt is decided, for the browser step, its recovery-code form and the
 * direct grant alike: realm lockout → the user's state lock → lockout state → check (authenticator or recovery code) → record the
 * failure or reset → event details. Returns a {@link CodeAttemptOutcome}; the events it sends (LOGIN_ERROR) or
 * prepares (details of the LOGIN) are the same whichever step asked.
 */
public final class CodeAttempts {

    /** What was typed, and where. */
    record Guess(String code, boolean recovery, String selectedCredentialId) {

        static Guess totp(String code, String selectedCredentialId) {
            return new Guess(code, false, selectedCredentialId);
        }

        static Guess recovery(String code) {
            return new Guess(code, true, null);
        }

        boolean blank() {
            return code == null || code.isBlank();
        }
    }

    private final Clock clock;

    CodeAttempts(Clock clock) {
        this.clock = clock;
    }

    CodeAttemptOutcome attempt(AuthenticationFlowContext context, Guess guess, LoginSettings settings) {
        CodeAttemptOutcome outcome = decide(context, guess, settings);
        // Counted here, once per attempt, whichever step (browser, recovery form, direct grant) asked.
        counted(outcome).ifPresent(counted -> TotpMfaMetrics.of(context.getSession(), context.getRealm())
                .codeChecked(guess.recovery() ? Factor.RECOVERY : Factor.TOTP, counted));
        return outcome;
    }

    /** The metric outcome of an attempt; a blank form checked nothing and is not counted. */
    private static Optional<Outcome> counted(CodeAttemptOutcome outcome) {
        if (outcome instanceof CodeAttemptOutcome.Accepted || outcome instanceof CodeAttemptOutcome.RecoveryAccepted) {
            return Optional.of(Outcome.ACCEPTED);
        }
        if (outcome instanceof CodeAttemptOutcome.Rejected) {
            return Optional.of(Outcome.REJECTED);
        }
        if (outcome instanceof CodeAttemptOutcome.Locked || outcome instanceof CodeAttemptOutcome.RealmLocked) {
            return Optional.of(Outcome.LOCKED);
        }
        if (outcome instanceof CodeAttemptOutcome.Busy) {
            return Optional.of(Outcome.BUSY);
        }
        return Optional.empty();
    }

    private CodeAttemptOutcome decide(AuthenticationFlowContext context, Guess guess, LoginSettings settings) {
        UserModel user = context.getUser();
        context.getEvent().user(user);
        if (guess.recovery()) {
            context.getEvent().detail(Details.CREDENTIAL_TYPE, RecoveryCodesCredentialModel.TYPE);
        }
        if (guess.blank()) {
            return new CodeAttemptOutcome.Missing();
        }
        // As Keycloak's own OTP form: while the realm's brute-force detection disables the user, nothing is checked.
        String realmLock = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (realmLock != null) {
            context.getEvent().error(realmLock);
            return new CodeAttemptOutcome.RealmLocked(realmLock);
        }
        FactorLockout lockout = new FactorLockout(context.getSession(), context.getRealm(), user);
        Optional<LockoutRecord> begun = lockout.begin();
        if (begun.isEmpty()) {
            context.getEvent().error(Errors.SLOW_DOWN);
            return new CodeAttemptOutcome.Busy();
        }
        AttemptRules rules = new AttemptRules(FactorLockout.policyOf(context.getRealm()),
                RealmOtpPolicy.window(context.getRealm()));
        LockoutRecord record = begun.get();
        if (guess.recovery()) {
            // Recovery codes (50 bits each) stay open during waits and at the ceiling: they are how a user gets out.
            return checkRecoveryCode(context, guess, settings, lockout, rules, record);
        }
        List<CredentialModel> devices = TotpCredentialProvider.of(context.getSession())
                .loginDevices(user, settings.acceptBuiltInOtp());
        Optional<CredentialModel> selected = devices.stream()
                .filter(device -> device.getId().equals(guess.selectedCredentialId()))
                .findFirst();
        int weight = rules.codeWeight(selected.isPresent(), devices.size());
        LockoutPolicy.State state = rules.admitCode(record, weight, clock.instant());
        if (!(state instanceof LockoutPolicy.Open)) {
            lockout.keepUnlockHandle();
            context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
            return new CodeAttemptOutcome.Locked(state);
        }
        Optional<CredentialModel> device = consumeCode(context, guess, settings);
        if (device.isPresent()) {
            lockout.clearAfterSuccess();
            context.getEvent().detail(Details.SELECTED_CREDENTIAL_ID, device.get().getId());
            return new CodeAttemptOutcome.Accepted(device.get());
        }
        // Only an id of the user's own devices goes into the event: the form field is attacker-controlled.
        selected.ifPresent(known -> context.getEvent().detail(Details.SELECTED_CREDENTIAL_ID, known.getId()));
        return fail(context, lockout, rules, record, weight, FactorLockout.OTP_CATEGORY);
    }

    /**
     * Checks the code against the user's devices and consumes it on success; a device of Keycloak's own OTP form
     * that accepted it may have moved into ours, which gets an event of its own.
     */
    private static Optional<CredentialModel> consumeCode(AuthenticationFlowContext context, Guess guess,
                                                         LoginSettings settings) {
        Optional<TotpCredentialProvider.Accepted> accepted = TotpCredentialProvider.of(context.getSession())
                .verifyAndConsume(context.getRealm(), context.getUser(), guess.code(), guess.selectedCredentialId(),
                        RealmOtpPolicy.window(context.getRealm()), settings.acceptBuiltInOtp());
        accepted.filter(TotpCredentialProvider.Accepted::migrated).ifPresent(migration -> context.newEvent()
                .event(EventType.UPDATE_CREDENTIAL)
                .user(context.getUser())
                .detail(Details.CREDENTIAL_TYPE, TotpCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, migration.device().getId())
                .detail(EventDetails.MIGRATED_FROM, "otp")
                .success());
        return accepted.map(TotpCredentialProvider.Accepted::device);
    }

    private CodeAttemptOutcome checkRecoveryCode(AuthenticationFlowContext context, Guess guess,
                                                 LoginSettings settings, FactorLockout lockout, AttemptRules rules,
                                                 LockoutRecord record) {
        OptionalInt remaining = RecoveryCodeLogin.consumeAnySet(context, guess.code(), settings);
        if (remaining.isEmpty()) {
            return fail(context, lockout, rules, record, AttemptRules.RECOVERY_CODE_WEIGHT,
                    FactorLockout.RECOVERY_CATEGORY);
        }
        lockout.clearAfterSuccess();
        int left = remaining.getAsInt();
        boolean newSetRequested = AttemptRules.asksForNewSet(left, settings.recoveryWarningThreshold())
                && RealmRequiredActions.requestIfEnabled(context.getRealm(), context.getUser(),
                        context.getAuthenticationSession(),
                        RecoveryCodesRequiredActionFactory.PROVIDER_ID);
        context.getEvent().detail(EventDetails.RECOVERY_CODES_REMAINING, Integer.toString(left));
        return new CodeAttemptOutcome.RecoveryAccepted(left, newSetRequested);
    }

    private CodeAttemptOutcome fail(AuthenticationFlowContext context, FactorLockout lockout, AttemptRules rules,
                                    LockoutRecord before, int weight, String category) {
        AttemptRules.Failure failure = rules.fail(before, weight, clock.instant());
        lockout.reportToRealm(category);
        if (!lockout.store(failure.after())) {
            context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
            return new CodeAttemptOutcome.Rejected();
        }
        failure.notice().ifPresent(notice -> {
            context.getEvent().detail(EventDetails.LOCKOUT, notice);
            TotpMfaMetrics.of(context.getSession(), context.getRealm())
                    .lockoutStarted(EventDetails.LOCKOUT_CEILING.equals(notice) ? Lockout.CEILING : Lockout.WAIT);
        });
        context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
        return new CodeAttemptOutcome.Rejected();
    }
}

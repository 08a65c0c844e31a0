package dev.totpmfa.lockout;

import java.time.Instant;
import java.util.Optional;

/**
 * The rules of one attempt at the second factor, free of Keycloak so that unit tests cover them; CodeAttempts
 * applies them between its Keycloak calls. What a guess costs depends on what it is compared with; a recovery
 * code is always evaluated (it is how a locked-out user gets back in) and costs only a place in the run of
 * failures; a failure says whether it started the first wait of a run or the ceiling.
 *
 * @param policy the realm's one lockout policy ({@link LockoutPolicy#strictest})
 * @param window steps accepted either side of each device's clock
 */
public record AttemptRules(LockoutPolicy policy, int window) {

    /** Codes a failed recovery code covers: it says nothing about the TOTP secret. */
    public static final int RECOVERY_CODE_WEIGHT = 0;

    /** What one failure did to the lockout record, and the event detail it earns, if any. */
    public record Failure(LockoutRecord after, Optional<String> notice) {
    }

    /**
     * Codes an authenticator-code guess is compared with: those of the chosen device only, otherwise those of
     * every device (all are tried), so that owning more devices does not buy an attacker more guesses.
     */
    public int codeWeight(boolean deviceChosen, int devices) {
        return GuessBudget.weight(window, deviceChosen ? 1 : devices);
    }

    /** Whether an authenticator code of this weight may be evaluated now; anything but Open refuses unchecked. */
    public LockoutPolicy.State admitCode(LockoutRecord record, int weight, Instant now) {
        return policy.evaluate(record, weight, now);
    }

    public Failure fail(LockoutRecord before, int weight, Instant now) {
        LockoutRecord after = before.afterFailure(weight, now);
        return new Failure(after, policy.notice(before, after, window));
    }

    /** Whether a user left with {@code remaining} recovery codes is asked to make a new set. */
    public static boolean asksForNewSet(int remaining, int warningThreshold) {
        return remaining <= warningThreshold;
    }
}

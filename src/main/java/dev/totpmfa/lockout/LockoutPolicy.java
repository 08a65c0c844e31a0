package dev.totpmfa.lockout;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.names.EventDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * When a user must wait before the next code is evaluated (RFC 4226 §7.3 throttling): after {@code threshold}
 * consecutive failures, a wait that doubles with each further failure up to a cap; and once the failures have
 * spent the {@link GuessBudget} (NIST SP 800-63B §5.2.2) no authenticator code is evaluated at all until an admin
 * unlocks the user or a recovery code succeeds.
 */
public record LockoutPolicy(int threshold, Duration firstWait, Duration maxWait) {

    /** Failed guesses against one device with a one-step window before the ceiling. */
    public static final int CEILING = GuessBudget.GUESSES;

    /** Where a user stands, given the failures recorded so far. */
    public sealed interface State permits Open, Waiting, Ceiling {
    }

    /** Codes are evaluated. */
    public record Open() implements State {
    }

    /** No code is evaluated before {@code until}. */
    public record Waiting(Instant until) implements State {
    }

    /** Authenticator codes are refused until an admin unlocks or a recovery code succeeds. */
    public record Ceiling() implements State {
    }

    /**
     * One policy for a realm, whichever step checks the code: the strictest value of each setting over all of
     * our steps, so that no step (say, the direct grant) can be configured into a side door.
     */
    public static LockoutPolicy strictest(Collection<LoginSettings> steps) {
        LoginSettings defaults = LoginSettings.parse(null);
        int threshold = defaults.lockoutFailures();
        Duration firstWait = defaults.lockoutTime();
        Duration maxWait = defaults.maxLockoutTime();
        boolean first = true;
        for (LoginSettings step : steps) {
            threshold = first ? step.lockoutFailures() : Math.min(threshold, step.lockoutFailures());
            firstWait = first || step.lockoutTime().compareTo(firstWait) > 0 ? step.lockoutTime() : firstWait;
            maxWait = first || step.maxLockoutTime().compareTo(maxWait) > 0 ? step.maxLockoutTime() : maxWait;
            first = false;
        }
        return new LockoutPolicy(threshold, firstWait, maxWait);
    }

    /**
     * @param guessWeight codes the coming guess would be compared with ({@link GuessBudget#weight})
     */
    public State evaluate(LockoutRecord record, int guessWeight, Instant now) {
        if (!GuessBudget.fits(record.spent(), guessWeight)) {
            return new Ceiling();
        }
        return waitAfter(record.failures()).map(record.lastFailure()::plus)
                .filter(now::isBefore)
                .<State>map(Waiting::new)
                .orElseGet(Open::new);
    }

    /** The wait imposed after the {@code failures}-th failure, if any. */
    Optional<Duration> waitAfter(int failures) {
        if (failures < threshold) {
            return Optional.empty();
        }
        int doublings = Math.min(failures - threshold, 30);
        Duration wait = firstWait.multipliedBy(1L << doublings);
        return Optional.of(wait.compareTo(maxWait) > 0 ? maxWait : wait);
    }

    /**
     * What a failure that turned {@code before} into {@code after} starts: the first wait of a run, the ceiling,
     * or nothing new. Feeds the {@value EventDetails#LOCKOUT} event detail.
     */
    public Optional<String> notice(LockoutRecord before, LockoutRecord after, int window) {
        if (GuessBudget.exhausted(after.spent(), window) && !GuessBudget.exhausted(before.spent(), window)) {
            return Optional.of(EventDetails.LOCKOUT_CEILING);
        }
        if (before.failures() < threshold && after.failures() >= threshold) {
            return Optional.of(EventDetails.LOCKOUT_LOCKED);
        }
        return Optional.empty();
    }
}

package dev.totpmfa.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a user must wait before the next code is evaluated (RFC 4226 §7.3 throttling): after {@code threshold}
 * consecutive failures, a wait that doubles with each further failure up to a cap; and after
 * {@link #CEILING} failures (NIST SP 800-63B §5.2.2) no authenticator code is evaluated at all until an admin
 * unlocks the user or a recovery code succeeds.
 */
public record LockoutPolicy(int threshold, Duration firstWait, Duration maxWait) {

    public static final int CEILING = 100;

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

    public State evaluate(int failures, Instant lastFailure, Instant now) {
        if (failures >= CEILING) {
            return new Ceiling();
        }
        return waitAfter(failures).map(lastFailure::plus)
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
}

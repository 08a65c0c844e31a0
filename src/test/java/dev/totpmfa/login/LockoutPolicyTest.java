package dev.totpmfa.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private static final Instant LAST_FAILURE = Instant.parse("2026-11-28T10:00:00Z");
    private final LockoutPolicy policy = new LockoutPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(15));

    @Test
    void belowTheThresholdCodesAreEvaluated() {
        assertThat(policy.evaluate(0, LAST_FAILURE, LAST_FAILURE)).isInstanceOf(LockoutPolicy.Open.class);
        assertThat(policy.evaluate(4, LAST_FAILURE, LAST_FAILURE)).isInstanceOf(LockoutPolicy.Open.class);
    }

    @Test
    void theWaitDoublesWithEachFurtherFailureUpToTheCap() {
        assertThat(policy.waitAfter(5)).contains(Duration.ofSeconds(30));
        assertThat(policy.waitAfter(6)).contains(Duration.ofSeconds(60));
        assertThat(policy.waitAfter(7)).contains(Duration.ofSeconds(120));
        assertThat(policy.waitAfter(20)).contains(Duration.ofMinutes(15));
        assertThat(policy.waitAfter(99)).contains(Duration.ofMinutes(15));
    }

    @Test
    void lockedUntilTheWaitHasPassed() {
        assertThat(policy.evaluate(5, LAST_FAILURE, LAST_FAILURE.plusSeconds(29)))
                .isEqualTo(new LockoutPolicy.Waiting(LAST_FAILURE.plusSeconds(30)));
        assertThat(policy.evaluate(5, LAST_FAILURE, LAST_FAILURE.plusSeconds(30)))
                .isInstanceOf(LockoutPolicy.Open.class);
        assertThat(policy.evaluate(6, LAST_FAILURE, LAST_FAILURE.plusSeconds(59)))
                .isInstanceOf(LockoutPolicy.Waiting.class);
    }

    /** NIST SP 800-63B §5.2.2: at most 100 consecutive failed attempts, however slowly they come. */
    @Test
    void theCeilingHoldsEvenAfterAnyWait() {
        assertThat(policy.evaluate(LockoutPolicy.CEILING, LAST_FAILURE, LAST_FAILURE.plus(Duration.ofDays(30))))
                .isInstanceOf(LockoutPolicy.Ceiling.class);
        assertThat(policy.evaluate(LockoutPolicy.CEILING - 1, LAST_FAILURE, LAST_FAILURE.plus(Duration.ofDays(30))))
                .isInstanceOf(LockoutPolicy.Open.class);
    }
}

package dev.totpmfa.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.names.EventDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private static final Instant LAST_FAILURE = Instant.parse("2026-11-28T10:00:00Z");
    /** One device, window of one step each side. */
    private static final int ONE_DEVICE = GuessBudget.weight(1, 1);
    private final LockoutPolicy policy = new LockoutPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(15));

    private static LockoutRecord failures(int count) {
        return new LockoutRecord(count, count * ONE_DEVICE, LAST_FAILURE);
    }

    @Test
    void belowTheThresholdCodesAreEvaluated() {
        assertThat(policy.evaluate(LockoutRecord.NONE, ONE_DEVICE, LAST_FAILURE))
                .isInstanceOf(LockoutPolicy.Open.class);
        assertThat(policy.evaluate(failures(4), ONE_DEVICE, LAST_FAILURE)).isInstanceOf(LockoutPolicy.Open.class);
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
        assertThat(policy.evaluate(failures(5), ONE_DEVICE, LAST_FAILURE.plusSeconds(29)))
                .isEqualTo(new LockoutPolicy.Waiting(LAST_FAILURE.plusSeconds(30)));
        assertThat(policy.evaluate(failures(5), ONE_DEVICE, LAST_FAILURE.plusSeconds(30)))
                .isInstanceOf(LockoutPolicy.Open.class);
        assertThat(policy.evaluate(failures(6), ONE_DEVICE, LAST_FAILURE.plusSeconds(59)))
                .isInstanceOf(LockoutPolicy.Waiting.class);
    }

    /** NIST SP 800-63B §5.2.2: at most 100 consecutive failed attempts, however slowly they come. */
    @Test
    void theCeilingHoldsEvenAfterAnyWait() {
        Instant monthLater = LAST_FAILURE.plus(Duration.ofDays(30));
        assertThat(policy.evaluate(failures(LockoutPolicy.CEILING), ONE_DEVICE, monthLater))
                .isInstanceOf(LockoutPolicy.Ceiling.class);
        assertThat(policy.evaluate(failures(LockoutPolicy.CEILING - 1), ONE_DEVICE, monthLater))
                .isInstanceOf(LockoutPolicy.Open.class);
    }

    /** A guess that no longer fits in the budget is refused, even if a smaller one (one device) would still fit. */
    @Test
    void aGuessThatDoesNotFitTheBudgetMeetsTheCeiling() {
        LockoutRecord almostSpent = new LockoutRecord(40, GuessBudget.CODES - 4, LAST_FAILURE);
        Instant later = LAST_FAILURE.plus(Duration.ofDays(1));
        assertThat(policy.evaluate(almostSpent, GuessBudget.weight(1, 2), later))
                .isInstanceOf(LockoutPolicy.Ceiling.class);
        assertThat(policy.evaluate(almostSpent, ONE_DEVICE, later)).isInstanceOf(LockoutPolicy.Open.class);
    }

    @Test
    void theFirstWaitAndTheCeilingAreAnnouncedOnce() {
        assertThat(policy.notice(failures(3), failures(4), 1)).isEmpty();
        assertThat(policy.notice(failures(4), failures(5), 1)).contains(EventDetails.LOCKOUT_LOCKED);
        assertThat(policy.notice(failures(5), failures(6), 1)).isEmpty();
        assertThat(policy.notice(failures(99), failures(100), 1)).contains(EventDetails.LOCKOUT_CEILING);
        assertThat(policy.notice(failures(100), failures(101), 1)).isEmpty();
        LockoutRecord recoveryFailure = failures(4).afterFailure(0, LAST_FAILURE);
        assertThat(policy.notice(failures(4), recoveryFailure, 1)).as("a recovery-code failure that starts the wait")
                .contains(EventDetails.LOCKOUT_LOCKED);
    }

    /** An attacker must not pick the most lenient step: every setting takes its strictest value in the realm. */
    @Test
    void theRealmUsesTheStrictestValueOfEachSetting() {
        LoginSettings browser = LoginSettings.parse(Map.of("lockout-failures", "3", "lockout-seconds", "5",
                "lockout-max-seconds", "2000"));
        LoginSettings lenientGrant = LoginSettings.parse(Map.of("lockout-failures", "50", "lockout-seconds", "60",
                "lockout-max-seconds", "60"));
        assertThat(LockoutPolicy.strictest(List.of(browser, lenientGrant)))
                .isEqualTo(new LockoutPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(2000)));
        assertThat(LockoutPolicy.strictest(List.of(lenientGrant, browser)))
                .isEqualTo(LockoutPolicy.strictest(List.of(browser, lenientGrant)));
        assertThat(LockoutPolicy.strictest(List.of()))
                .as("no step configured: the defaults")
                .isEqualTo(new LockoutPolicy(5, Duration.ofSeconds(30), Duration.ofSeconds(900)));
    }
}

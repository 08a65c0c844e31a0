package dev.totpmfa.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.names.EventDetails;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rules CodeAttempts applies, played through whole runs of attempts without a server. */
class AttemptRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final AttemptRules rules = new AttemptRules(
            new LockoutPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(15)), 1);

    @Test
    void aGuessWithoutAChosenDeviceCostsEveryDevicesCodes() {
        assertThat(rules.codeWeight(true, 4)).isEqualTo(3);
        assertThat(rules.codeWeight(false, 4)).isEqualTo(12);
        assertThat(rules.codeWeight(false, 1)).isEqualTo(3);
    }

    @Test
    void theFailureThatReachesTheThresholdStartsAWaitAndSaysSo() {
        LockoutRecord record = LockoutRecord.NONE;
        for (int i = 1; i < 3; i++) {
            AttemptRules.Failure failure = rules.fail(record, 3, NOW);
            assertThat(failure.notice()).as("failure %d", i).isEmpty();
            record = failure.after();
        }
        AttemptRules.Failure third = rules.fail(record, 3, NOW);

        assertThat(third.notice()).contains(EventDetails.LOCKOUT_LOCKED);
        assertThat(rules.admitCode(third.after(), 3, NOW.plusSeconds(29)))
                .isInstanceOf(LockoutPolicy.Waiting.class);
        assertThat(rules.admitCode(third.after(), 3, NOW.plusSeconds(30))).isInstanceOf(LockoutPolicy.Open.class);
        assertThat(rules.fail(third.after(), 3, NOW.plusSeconds(30)).notice()).as("only the first wait of a run")
                .isEmpty();
    }

    /** Failed recovery codes lengthen the waits but never bring the authenticator codes' ceiling nearer. */
    @Test
    void failedRecoveryCodesCountForWaitsButCoverNoCodes() {
        LockoutRecord record = LockoutRecord.NONE;
        for (int i = 0; i < 500; i++) {
            record = rules.fail(record, AttemptRules.RECOVERY_CODE_WEIGHT, NOW).after();
        }

        assertThat(record.failures()).isEqualTo(500);
        assertThat(record.spent()).isZero();
        assertThat(rules.admitCode(record, 3, NOW.plus(Duration.ofMinutes(15))))
                .isInstanceOf(LockoutPolicy.Open.class);
    }

    @Test
    void theGuessThatSpendsTheBudgetReachesTheCeilingAndSaysSo() {
        LockoutRecord record = new LockoutRecord(10, GuessBudget.CODES - 3, NOW);

        AttemptRules.Failure last = rules.fail(record, 3, NOW);

        assertThat(last.notice()).contains(EventDetails.LOCKOUT_CEILING);
        assertThat(rules.admitCode(last.after(), 3, NOW.plus(Duration.ofDays(365))))
                .isInstanceOf(LockoutPolicy.Ceiling.class);
    }

    /** A guess against many devices is refused before it could overshoot the budget. */
    @Test
    void aHeavyGuessIsRefusedWhereALightOneStillFits() {
        LockoutRecord record = new LockoutRecord(0, GuessBudget.CODES - 6, NOW);

        assertThat(rules.admitCode(record, rules.codeWeight(true, 4), NOW)).isInstanceOf(LockoutPolicy.Open.class);
        assertThat(rules.admitCode(record, rules.codeWeight(false, 4), NOW))
                .isInstanceOf(LockoutPolicy.Ceiling.class);
    }

    @Test
    void aNewSetIsAskedForAtTheWarningThreshold() {
        assertThat(AttemptRules.asksForNewSet(4, 3)).isFalse();
        assertThat(AttemptRules.asksForNewSet(3, 3)).isTrue();
        assertThat(AttemptRules.asksForNewSet(0, 3)).isTrue();
        assertThat(AttemptRules.asksForNewSet(0, 0)).isTrue();
    }
}

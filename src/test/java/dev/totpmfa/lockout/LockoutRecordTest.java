package dev.totpmfa.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LockoutRecordTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00.123Z");

    @Test
    void roundTrips() {
        LockoutRecord record = new LockoutRecord(7, 21, AT);
        assertThat(record.format()).isEqualTo("v1:7:21:" + AT.toEpochMilli());
        assertThat(LockoutRecord.parse(record.format())).isEqualTo(record);
    }

    @Test
    void noAttributeMeansNoFailure() {
        assertThat(LockoutRecord.parse(null)).isEqualTo(LockoutRecord.NONE);
        assertThat(LockoutRecord.parse("")).isEqualTo(LockoutRecord.NONE);
    }

    /** A damaged or hand-edited value must never unlock the factor: it reads as a spent budget. */
    @ParameterizedTest
    @ValueSource(strings = {"garbage", "v1:1:2", "v1:-1:0:0", "v2:0:0:0", "v1:0:0:0 ", "v1:99999999:0:0"})
    void anUnreadableRecordCountsAsTheCeiling(String stored) {
        LockoutRecord record = LockoutRecord.parse(stored);
        assertThat(GuessBudget.exhausted(record.spent(), 0)).isTrue();
    }

    @Test
    void aFailureCountsOneAndAddsItsWeight() {
        LockoutRecord after = LockoutRecord.NONE.afterFailure(6, AT).afterFailure(0, AT.plusSeconds(1));
        assertThat(after).isEqualTo(new LockoutRecord(2, 6, AT.plusSeconds(1)));
    }
}

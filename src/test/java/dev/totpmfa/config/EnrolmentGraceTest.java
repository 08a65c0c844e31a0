package dev.totpmfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EnrolmentGraceTest {

    private static final Instant NOW = Instant.parse("2027-03-31T12:00:00Z");

    @Test
    void noGraceByDefault() {
        assertThat(EnrolmentGrace.NONE.configured()).isFalse();
        assertThat(EnrolmentGrace.NONE.standing(0, NOW).mayPostpone()).isFalse();
    }

    @Test
    void countAloneAllowsThatManyPostponements() {
        EnrolmentGrace grace = new EnrolmentGrace(2, null);
        assertThat(grace.standing(0, NOW).mayPostpone()).isTrue();
        assertThat(grace.standing(0, NOW).left()).isEqualTo(OptionalInt.of(2));
        assertThat(grace.standing(0, NOW).leftAfterPostponing()).isEqualTo(OptionalInt.of(1));
        assertThat(grace.standing(1, NOW).mayPostpone()).isTrue();
        assertThat(grace.standing(1, NOW).leftAfterPostponing()).isEqualTo(OptionalInt.of(0));
        assertThat(grace.standing(2, NOW).mayPostpone()).isFalse();
        assertThat(grace.standing(2, NOW).left()).isEqualTo(OptionalInt.of(0));
        // A count above the setting (the admin lowered it) allows none and shows none left, never a negative.
        assertThat(grace.standing(7, NOW).mayPostpone()).isFalse();
        assertThat(grace.standing(7, NOW).left()).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void dateAloneAllowsPostponingToTheEndOfThatDayInUtc() {
        EnrolmentGrace grace = new EnrolmentGrace(0, LocalDate.parse("2027-03-31"));
        assertThat(grace.endsAt()).contains(Instant.parse("2027-04-01T00:00:00Z"));
        assertThat(grace.standing(50, Instant.parse("2027-03-31T23:59:59Z")).mayPostpone()).isTrue();
        assertThat(grace.standing(0, Instant.parse("2027-04-01T00:00:00Z")).mayPostpone()).isFalse();
        assertThat(grace.standing(0, NOW).left()).isEmpty();
        assertThat(grace.standing(0, NOW).leftAfterPostponing()).isEmpty();
        assertThat(grace.standing(0, NOW).until()).contains(LocalDate.parse("2027-03-31"));
    }

    @Test
    void bothMustAllowIt() {
        EnrolmentGrace grace = new EnrolmentGrace(1, LocalDate.parse("2027-03-31"));
        assertThat(grace.standing(0, NOW).mayPostpone()).isTrue();
        assertThat(grace.standing(1, NOW).mayPostpone()).as("count used up, date open").isFalse();
        assertThat(grace.standing(0, Instant.parse("2027-04-02T00:00:00Z")).mayPostpone())
                .as("date passed, count open").isFalse();
    }

    @Test
    void aDamagedCountAllowsNoMorePostponements() {
        assertThat(EnrolmentGrace.parseUsed(null)).isZero();
        assertThat(EnrolmentGrace.parseUsed("")).isZero();
        assertThat(EnrolmentGrace.parseUsed("3")).isEqualTo(3);
        assertThat(EnrolmentGrace.parseUsed("-1")).isEqualTo(-1);
        assertThat(EnrolmentGrace.parseUsed("two")).isEqualTo(-1);
        assertThat(EnrolmentGrace.parseUsed(" 1")).isEqualTo(-1);
        assertThat(EnrolmentGrace.parseUsed("99999999999")).isEqualTo(-1);
        assertThat(new EnrolmentGrace(5, null).standing(-1, NOW).mayPostpone()).isFalse();
        assertThat(new EnrolmentGrace(0, LocalDate.parse("2099-01-01")).standing(-1, NOW).mayPostpone()).isFalse();
    }

    @Test
    void negativeCountIsNotAGrace() {
        assertThatThrownBy(() -> new EnrolmentGrace(-1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}

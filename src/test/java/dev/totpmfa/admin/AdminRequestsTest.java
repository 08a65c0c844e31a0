package dev.totpmfa.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the admin API accepts from a request, and the public names it answers with. */
class AdminRequestsTest {

    @Test
    void statesAreTheirPublicNamesExactly() {
        assertThat(Arrays.stream(FactorState.values()).map(FactorState::publicName))
                .containsExactly("none", "builtin", "enrolled", "low-codes", "locked");
        assertThat(FactorState.parse("low-codes")).contains(FactorState.LOW_CODES);
        assertThat(FactorState.parse("LOCKED")).isEmpty();
        assertThat(FactorState.parse("locked ")).isEmpty();
        assertThat(FactorState.parse(null)).isEmpty();
    }

    @Test
    void pagingDefaultsAndRefusesWhatItCannotServe() {
        assertThat(Paging.of(null, null)).isEqualTo(new Paging(0, 100));
        assertThat(Paging.of(5, 1000)).isEqualTo(new Paging(5, 1000));
        assertThatThrownBy(() -> Paging.of(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Paging.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Paging.of(0, 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Each count up to the threshold, and never a larger one that starts with the same digit. */
    @Test
    void lowCodePatternsMatchOnlyCountsUpToTheThreshold() {
        assertThat(RemainingCodesPattern.atMost(3)).hasSize(8)
                .contains("%\"remaining\":0,%", "%\"remaining\":3,%", "%\"remaining\":3}%")
                .noneMatch(pattern -> pattern.contains(":4"));
        String stored = "{\"formatVersion\":2,\"issued\":10,\"remaining\":10,\"created\":1}";
        assertThat(RemainingCodesPattern.atMost(3)).noneMatch(pattern -> like(stored, pattern));
        assertThat(RemainingCodesPattern.atMost(10)).anyMatch(pattern -> like(stored, pattern));
        assertThat(RemainingCodesPattern.atMost(1)).anyMatch(pattern -> like(stored.replace(":10,", ":1,"), pattern));
        assertThatThrownBy(() -> RemainingCodesPattern.atMost(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** SQL LIKE with only % wildcards, as the patterns use. */
    private static boolean like(String value, String pattern) {
        String regex = Arrays.stream(pattern.split("%", -1)).map(java.util.regex.Pattern::quote)
                .reduce((a, b) -> a + ".*" + b).orElse("");
        return value.matches(regex);
    }
}

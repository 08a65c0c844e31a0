package dev.totpmfa.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuessBudgetTest {

    /** Failed guesses evaluated before the ceiling, each against {@code devices} devices with window {@code w}. */
    private static int guessesBeforeCeiling(int window, int devices) {
        int weight = GuessBudget.weight(window, devices);
        int spent = 0;
        int guesses = 0;
        while (GuessBudget.fits(spent, weight)) {
            spent += weight;
            guesses++;
        }
        return guesses;
    }

    @Test
    void oneDeviceWithAOneStepWindowGetsOneHundredGuesses() {
        assertThat(guessesBeforeCeiling(1, 1)).isEqualTo(100);
    }

    /**
     * Success needs a guess to hit one of the codes it is compared with, so an attacker's chance before the ceiling
     * is the number of codes covered over 10^digits. It must never exceed what 100 guesses against one device with
     * w=1 cover (300 codes), and the budget should not be wasted either (no more than one guess's worth unused).
     */
    @ParameterizedTest
    @CsvSource({"0,1", "1,1", "1,2", "2,1", "2,3", "3,1", "5,2", "10,1", "10,4", "0,7"})
    void theCodesCoveredBeforeTheCeilingNeverExceedOneHundredGuessesAtWindowOne(int window, int devices) {
        int weight = GuessBudget.weight(window, devices);
        int covered = guessesBeforeCeiling(window, devices) * weight;
        assertThat(covered).isLessThanOrEqualTo(100 * 3).isGreaterThan(100 * 3 - weight);
    }

    @Test
    void aWiderWindowOrMoreDevicesMeanFewerGuesses() {
        assertThat(guessesBeforeCeiling(0, 1)).isEqualTo(300);
        assertThat(guessesBeforeCeiling(1, 2)).isEqualTo(50);
        assertThat(guessesBeforeCeiling(10, 1)).isEqualTo(14);
        assertThat(guessesBeforeCeiling(10, 4)).isEqualTo(3);
    }

    @Test
    void theCeilingIsReachedWhenNotEvenOneDeviceFits() {
        assertThat(GuessBudget.exhausted(297, 1)).isFalse();
        assertThat(GuessBudget.exhausted(298, 1)).isTrue();
        assertThat(GuessBudget.exhausted(299, 0)).isFalse();
        assertThat(GuessBudget.exhausted(300, 0)).isTrue();
    }
}

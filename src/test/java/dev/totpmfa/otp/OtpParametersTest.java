package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtpParametersTest {

    @Test
    void defaultIsWhatAppsAssume() {
        assertThat(OtpParameters.DEFAULT).isEqualTo(new OtpParameters(HmacAlgorithm.SHA1, 6, 30));
    }

    @Test
    void acceptsTheEdgesOfTheRanges() {
        assertThat(new OtpParameters(HmacAlgorithm.SHA512, 8, 300).periodSeconds()).isEqualTo(300);
        assertThat(new OtpParameters(HmacAlgorithm.SHA256, 6, 15).digits()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 9, 0, -6})
    void refusesDigitsOutsideSixToEight(int digits) {
        assertThatThrownBy(() -> new OtpParameters(HmacAlgorithm.SHA1, digits, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digits");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 301, 0, -30})
    void refusesPeriodsOutsideFifteenToThreeHundred(int period) {
        assertThatThrownBy(() -> new OtpParameters(HmacAlgorithm.SHA1, 6, period))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
    }

    @Test
    void refusesAMissingAlgorithm() {
        assertThatThrownBy(() -> new OtpParameters(null, 6, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm");
    }
}

package dev.totpmfa.otp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HotpTest {

    private static final byte[] RFC4226_SECRET = "12345678901234567890".getBytes(US_ASCII);

    /** RFC 4226 Appendix D. */
    @ParameterizedTest
    @CsvSource({"0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
            "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489"})
    void matchesRfc4226AppendixD(long counter, String expected) {
        assertThat(Hotp.generate(RFC4226_SECRET, counter, HmacAlgorithm.SHA1, 6)).isEqualTo(expected);
    }

    /** Truncation modulo 10^digits keeps the trailing digits of the same 31-bit number. */
    @ParameterizedTest
    @ValueSource(ints = {7, 8})
    void longerCodesEndWithTheShorterOnes(int digits) {
        for (long counter = 0; counter < 10; counter++) {
            String longer = Hotp.generate(RFC4226_SECRET, counter, HmacAlgorithm.SHA1, digits);
            assertThat(longer).hasSize(digits).endsWith(Hotp.generate(RFC4226_SECRET, counter, HmacAlgorithm.SHA1, 6));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 9, 10, -1})
    void refusesDigitCountsOutsideSixToEight(int digits) {
        assertThatThrownBy(() -> Hotp.generate(RFC4226_SECRET, 0, HmacAlgorithm.SHA1, digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits");
    }

    @org.junit.jupiter.api.Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> Hotp.generate(new byte[0], 0, HmacAlgorithm.SHA1, 6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void keepsLeadingZeros() {
        boolean sawLeadingZero = false;
        for (long counter = 0; counter < 200 && !sawLeadingZero; counter++) {
            String code = Hotp.generate(RFC4226_SECRET, counter, HmacAlgorithm.SHA1, 6);
            assertThat(code).hasSize(6).containsOnlyDigits();
            sawLeadingZero = code.charAt(0) == '0';
        }
        assertThat(sawLeadingZero).isTrue();
    }
}

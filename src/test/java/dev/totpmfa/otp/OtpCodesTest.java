package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtpCodesTest {

    @ParameterizedTest
    @CsvSource(value = {"123456, 6, 123456", "'123 456', 6, 123456", "123-456, 6, 123456",
            "' 1 2-3 4-5 6 ', 6, 123456", "000000, 6, 000000", "1234-5678, 8, 12345678", "123 4567, 7, 1234567"})
    void stripsSpacesAndHyphens(String typed, int digits, String expected) {
        assertThat(OtpCodes.normalize(typed, digits)).hasValue(expected);
    }

    /** All of these pass Character.isDigit; none comes out of an authenticator app. */
    @ParameterizedTest
    @ValueSource(strings = {"１２３４５６", "١٢٣٤٥٦", "۱۲۳۴۵۶", "१२३४५६", "12345６"})
    void refusesNonAsciiDigits(String typed) {
        assertThat(OtpCodes.normalize(typed, 6)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345a", "abcdef", "123.456", "123_456", "123\t456", "123\u00A0456", "+123456",
            "12345", "1234567", "-", " ", "------", "123456789012345678901234567890"})
    void refusesOtherCharactersAndWrongLengths(String typed) {
        assertThat(OtpCodes.normalize(typed, 6)).isEmpty();
    }

    @Test
    void refusesNullAndEmpty() {
        assertThat(OtpCodes.normalize(null, 6)).isEmpty();
        assertThat(OtpCodes.normalize("", 6)).isEmpty();
    }

    @Test
    void refusesADigitCountOutsideSixToEight() {
        assertThatThrownBy(() -> OtpCodes.normalize("12345", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpCodes.normalize("123456789", 9)).isInstanceOf(IllegalArgumentException.class);
    }
}

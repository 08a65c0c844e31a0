package dev.totpmfa.otp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

    /** RFC 4648 §10, without the padding our encoder leaves out. */
    @ParameterizedTest
    @CsvSource(value = {"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB",
            "foobar, MZXW6YTBOI"})
    void encodesTheRfc4648Vectors(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(US_ASCII))).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).isEqualTo(plain.getBytes(US_ASCII));
    }

    @ParameterizedTest
    @CsvSource(value = {"'', ''", "f, MY======", "fo, MZXQ====", "foo, MZXW6===", "foob, MZXW6YQ=",
            "fooba, MZXW6YTB", "foobar, MZXW6YTBOI======"})
    void decodesThePaddedRfc4648Vectors(String plain, String padded) {
        assertThat(Base32.decode(padded)).isEqualTo(plain.getBytes(US_ASCII));
    }

    @Test
    void roundTripsRandomBytesOfEveryLength() {
        Random random = new Random(4648);
        for (int length = 0; length <= 130; length++) {
            for (int repeat = 0; repeat < 20; repeat++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                String encoded = Base32.encode(data);

                assertThat(encoded).matches("[A-Z2-7]*").hasSize((length * 8 + 4) / 5);
                assertThat(Base32.decode(encoded)).isEqualTo(data);
                assertThat(Base32.decode(encoded.toLowerCase())).isEqualTo(data);
            }
        }
    }

    @Test
    void ignoresSpacesAsPeopleTypeThem() {
        assertThat(Base32.decode("mzxw 6ytb oi")).isEqualTo("foobar".getBytes(US_ASCII));
        assertThat(Base32.decode(" MZXW6YTBOI ====== ")).isEqualTo("foobar".getBytes(US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW1", "MZXW0", "MZXW8", "MZXW6!", "MZ_W", "MZ\tXQ", "MZXQ\n", "MZXÉ", "ＭＹ", "MZ+Q"})
    void refusesCharactersOutsideTheAlphabet(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MY=", "MY=====", "MY=======", "MZXW6YTB========", "=", "========"})
    void refusesAWrongAmountOfPadding(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MY======A", "M=Y=====", "MZXW6=YQ"})
    void refusesPaddingBeforeTheEnd(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only appear at the end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6YTBO"})
    void refusesLengthsNoByteStringEncodesTo(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZ", "MZXR", "MZXW7", "MZXW6YR"})
    void refusesNonZeroTrailingBits(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing bits");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Base32.decode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Base32.encode(null)).isInstanceOf(NullPointerException.class);
    }
}

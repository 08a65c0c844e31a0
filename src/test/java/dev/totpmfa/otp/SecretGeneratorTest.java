package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretGeneratorTest {

    @Test
    void defaultSecretsHave160BitsLikePyOtp() {
        byte[] secret = SecretGenerator.withDefaultSize().generate();

        assertThat(secret).hasSize(20);
        assertThat(Base32.encode(secret)).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 136, 256, 512})
    void makesSecretsOfTheRequestedSize(int bits) {
        assertThat(new SecretGenerator(new SecureRandom(), bits).generate()).hasSize(bits / 8);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 120, 129, 520, -160})
    void refusesSizesOutOfRangeOrNotWholeBytes(int bits) {
        assertThatThrownBy(() -> new SecretGenerator(new SecureRandom(), bits))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bits");
    }

    @Test
    void secretsDiffer() {
        SecretGenerator generator = SecretGenerator.withDefaultSize();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(Base32.encode(generator.generate()));
        }
        assertThat(seen).hasSize(1000);
    }
}

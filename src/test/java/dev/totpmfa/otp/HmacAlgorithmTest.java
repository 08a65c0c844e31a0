package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacAlgorithmTest {

    @Test
    void namesMatchKeycloakAndTheKeyUriFormat() {
        assertThat(HmacAlgorithm.SHA1.jcaName()).isEqualTo("HmacSHA1");
        assertThat(HmacAlgorithm.SHA256.jcaName()).isEqualTo("HmacSHA256");
        assertThat(HmacAlgorithm.SHA512.jcaName()).isEqualTo("HmacSHA512");
        assertThat(HmacAlgorithm.SHA1.uriName()).isEqualTo("SHA1");
        assertThat(HmacAlgorithm.SHA256.uriName()).isEqualTo("SHA256");
        assertThat(HmacAlgorithm.SHA512.uriName()).isEqualTo("SHA512");
    }

    @ParameterizedTest
    @CsvSource({"HmacSHA1, SHA1", "hmacsha1, SHA1", "SHA1, SHA1", "sha1, SHA1", "HMACSHA256, SHA256",
            "sha256, SHA256", "HmacSHA512, SHA512", "Sha512, SHA512"})
    void acceptsEitherNameInAnyCase(String name, HmacAlgorithm expected) {
        assertThat(HmacAlgorithm.fromName(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MD5", "SHA-1", "HmacSHA384", "SHA 1", " SHA1"})
    void refusesAnythingElse(String name) {
        assertThatThrownBy(() -> HmacAlgorithm.fromName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported HMAC algorithm");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> HmacAlgorithm.fromName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

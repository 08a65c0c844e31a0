package dev.totpmfa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretSealerTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private final SecureRandom random = new SecureRandom();
    private final SecretSealer sealer = new SecretSealer(random);
    private final SealingKey key = SealingKey.of("k1", randomKey());

    @Test
    void opensWhatItSealed() {
        SealedSecret sealed = sealer.seal(key, SECRET, "credential-1");

        assertThat(sealer.open(key, SealedSecret.decode(sealed.encode()), "credential-1")).isEqualTo(SECRET);
    }

    @Test
    void ciphertextNeverContainsThePlaintextAndNoncesDiffer() {
        String first = sealer.seal(key, SECRET, "credential-1").encode();
        String second = sealer.seal(key, SECRET, "credential-1").encode();

        assertThat(first).isNotEqualTo(second).startsWith("v1:k1:").doesNotContain("1234567890");
    }

    /** A sealed secret copied onto another credential row must not open there. */
    @Test
    void refusesOtherAssociatedData() {
        SealedSecret sealed = sealer.seal(key, SECRET, "credential-1");

        assertThatThrownBy(() -> sealer.open(key, sealed, "credential-2")).isInstanceOf(SealingException.class);
    }

    @Test
    void refusesAnotherKeyEvenWithTheSameId() {
        SealedSecret sealed = sealer.seal(key, SECRET, "credential-1");
        SealingKey impostor = SealingKey.of("k1", randomKey());

        assertThatThrownBy(() -> sealer.open(impostor, sealed, "credential-1")).isInstanceOf(SealingException.class);
    }

    @Test
    void refusesAKeyWithAnotherId() {
        SealedSecret sealed = sealer.seal(key, SECRET, "credential-1");

        assertThatThrownBy(() -> sealer.open(SealingKey.of("k2", key.keyBytes()), sealed, "credential-1"))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("k1");
    }

    @Test
    void detectsATamperedCiphertext() {
        String encoded = sealer.seal(key, SECRET, "credential-1").encode();
        char last = encoded.charAt(encoded.length() - 2);
        String tampered = encoded.substring(0, encoded.length() - 2) + (last == 'A' ? 'B' : 'A')
                + encoded.charAt(encoded.length() - 1);

        assertThatThrownBy(() -> sealer.open(key, SealedSecret.decode(tampered), "credential-1"))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void decodeRefusesMalformedText() {
        for (String bad : new String[] {"", "v2:k1:AAAA", "v1:", "v1::AAAA", "v1:k1:!!!", "v1:k1:AAAA", "plain"}) {
            assertThatThrownBy(() -> SealedSecret.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keyRefusesWrongSizesAndIdsWithoutShowingMaterial() {
        byte[] shortKey = Arrays.copyOf(randomKey(), 16);
        assertThatThrownBy(() -> SealingKey.of("k1", shortKey)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SealingKey.of("bad id", randomKey())).hasMessageContaining("bad id");
        assertThat(key.toString()).isEqualTo("SealingKey[k1]");
    }

    private byte[] randomKey() {
        byte[] bytes = new byte[SealingKey.KEY_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }
}

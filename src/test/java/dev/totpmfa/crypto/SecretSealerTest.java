package dev.totpmfa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.totpmfa.names.ProviderIds;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretSealerTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private final SecureRandom random = new SecureRandom();
    private final SecretSealer sealer = new SecretSealer(random);
    private final SealingKey key = SealingKey.of("k1", randomKey());
    private static final SecretBinding BINDING =
            new SecretBinding("realm-id", "user-id", "credential-1", ProviderIds.TOTP_CREDENTIAL);

    @Test
    void opensWhatItSealed() {
        SealedSecret sealed = sealer.seal(key, SECRET, BINDING);

        assertThat(sealer.open(key, SealedSecret.decode(sealed.encode()), BINDING)).isEqualTo(SECRET);
    }

    @Test
    void ciphertextNeverContainsThePlaintextAndNoncesDiffer() {
        String first = sealer.seal(key, SECRET, BINDING).encode();
        String second = sealer.seal(key, SECRET, BINDING).encode();

        assertThat(first).isNotEqualTo(second).startsWith("v2:k1:").doesNotContain("1234567890");
    }

    /** A sealed secret copied onto another credential row must not open there. */
    @Test
    void refusesOtherAssociatedData() {
        SealedSecret sealed = sealer.seal(key, SECRET, BINDING);

        assertThatThrownBy(() -> sealer.open(key, sealed, BINDING.withCredentialId("credential-2")))
                .isInstanceOf(SealingException.class);
    }

    /** v2 binds realm, user and credential type as well: a row moved to another of them does not open. */
    @Test
    void v2RefusesAnotherRealmUserOrType() {
        SealedSecret sealed = sealer.seal(key, SECRET, BINDING);

        for (SecretBinding other : new SecretBinding[] {
                new SecretBinding("other-realm", "user-id", "credential-1", ProviderIds.TOTP_CREDENTIAL),
                new SecretBinding("realm-id", "other-user", "credential-1", ProviderIds.TOTP_CREDENTIAL),
                new SecretBinding("realm-id", "user-id", "credential-1", ProviderIds.RECOVERY_CODES_CREDENTIAL)}) {
            assertThatThrownBy(() -> sealer.open(key, sealed, other)).as(other.toString())
                    .isInstanceOf(SealingException.class);
        }
    }

    /** Length prefixes: moving characters from one field to the next gives other associated data. */
    @Test
    void v2FieldsCannotBeShiftedIntoEachOther() {
        SealedSecret sealed =
                sealer.seal(key, SECRET, new SecretBinding("ab", "c", "credential-1", ProviderIds.TOTP_CREDENTIAL));

        assertThatThrownBy(() -> sealer.open(key, sealed,
                new SecretBinding("a", "bc", "credential-1", ProviderIds.TOTP_CREDENTIAL)))
                .isInstanceOf(SealingException.class);
    }

    /** The first release's format keeps opening; it authenticated the credential id only. */
    @Test
    void v1StillOpensWithItsCredentialIdAndIsNotCurrent() {
        SealedSecret v1 = SealedSecret.decode(sealer.seal(SealedSecret.V1, key, SECRET, BINDING).encode());

        assertThat(v1.encode()).startsWith("v1:k1:");
        assertThat(v1.format()).isEqualTo(SealedSecret.V1);
        assertThat(v1.isCurrentFormat()).isFalse();
        assertThat(sealer.open(key, v1, new SecretBinding("any", "any", "credential-1", "any"))).isEqualTo(SECRET);
        assertThatThrownBy(() -> sealer.open(key, v1, BINDING.withCredentialId("credential-2")))
                .isInstanceOf(SealingException.class);
        assertThat(sealer.seal(key, SECRET, BINDING).isCurrentFormat()).isTrue();
    }

    @Test
    void refusesAnotherKeyEvenWithTheSameId() {
        SealedSecret sealed = sealer.seal(key, SECRET, BINDING);
        SealingKey impostor = SealingKey.of("k1", randomKey());

        assertThatThrownBy(() -> sealer.open(impostor, sealed, BINDING)).isInstanceOf(SealingException.class);
    }

    @Test
    void refusesAKeyWithAnotherId() {
        SealedSecret sealed = sealer.seal(key, SECRET, BINDING);

        assertThatThrownBy(() -> sealer.open(SealingKey.of("k2", key.keyBytes()), sealed, BINDING))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("k1");
    }

    @Test
    void detectsATamperedCiphertext() {
        String encoded = sealer.seal(key, SECRET, BINDING).encode();
        char last = encoded.charAt(encoded.length() - 2);
        String tampered = encoded.substring(0, encoded.length() - 2) + (last == 'A' ? 'B' : 'A')
                + encoded.charAt(encoded.length() - 1);

        assertThatThrownBy(() -> sealer.open(key, SealedSecret.decode(tampered), BINDING))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void decodeRefusesMalformedText() {
        for (String bad : new String[] {"", "v3:k1:AAAA", "v2:k1:AAAA", "v1:", "v1::AAAA", "v1:k1:!!!", "v1:k1:AAAA",
                "plain"}) {
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

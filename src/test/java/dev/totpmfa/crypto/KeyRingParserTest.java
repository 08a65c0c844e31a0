package dev.totpmfa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingParserTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString(filled((byte) 7));

    @Test
    void lastListedKeyIsTheNewest() {
        KeyRing ring = KeyRing.of(KeyRingParser.parseList("old:" + KEY_A + ", new:" + KEY_B));

        assertThat(ring.size()).isEqualTo(2);
        assertThat(ring.newest()).get().extracting(SealingKey::id).isEqualTo("new");
        assertThat(ring.find("old")).get().extracting(SealingKey::keyBytes).isEqualTo(new byte[32]);
        assertThat(ring.find("gone")).isEmpty();
    }

    /** Ids starting with realm- name the keys kept per realm; a configured one could be taken for one of them. */
    @Test
    void reservedPrefixIsRefused() {
        assertThatThrownBy(() -> KeyRing.of(KeyRingParser.parseList("realm-2026:" + KEY_A)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("realm-2026").hasMessageContaining("reserved")
                .hasMessageNotContaining(KEY_A);
        assertThat(KeyRing.of(KeyRingParser.parseList("realm2026:" + KEY_A)).size()).isEqualTo(1);
    }

    @Test
    void emptyConfigMeansEmptyRing() {
        assertThat(KeyRing.of(KeyRingParser.parseList(null)).isEmpty()).isTrue();
        assertThat(KeyRing.of(KeyRingParser.parseList("  ")).newest()).isEmpty();
    }

    @Test
    void readsFilesSkippingCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# rotated 2026-11\n\nold:" + KEY_A + "\nnew:" + KEY_B + "\n");

        KeyRing ring = KeyRing.of(KeyRingParser.parseFile(file));

        assertThat(ring.newest()).get().extracting(SealingKey::id).isEqualTo("new");
    }

    @Test
    void malformedEntriesAreRefusedWithoutEchoingKeyMaterial() {
        assertThatThrownBy(() -> KeyRingParser.parseList(KEY_A)).hasMessageContaining("id:base64key")
                .hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> KeyRingParser.parseList("k1:not*base64")).hasMessageContaining("k1")
                .hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> KeyRingParser.parseList("k1:" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> KeyRing.of(KeyRingParser.parseList("k1:" + KEY_A + ",k1:" + KEY_B)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> KeyRingParser.parseFile(Path.of("/nonexistent/keys")))
                .hasMessageContaining("Cannot read");
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}

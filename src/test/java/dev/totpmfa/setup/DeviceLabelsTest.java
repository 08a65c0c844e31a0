package dev.totpmfa.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceLabelsTest {

    private final DeviceLabels labels = new DeviceLabels("Authenticator app");

    @Test
    void defaultIsNumberedPastTakenNames() {
        assertThat(labels.freeDefault(Set.of())).isEqualTo("Authenticator app");
        assertThat(labels.freeDefault(Set.of("Authenticator app"))).isEqualTo("Authenticator app 2");
        assertThat(labels.freeDefault(Set.of("Authenticator app", "Authenticator app 2")))
                .isEqualTo("Authenticator app 3");
    }

    @Test
    void refusesTooLongControlAndDuplicateNames() {
        assertThat(labels.problem("x".repeat(256), Set.of())).contains("totpMfaSetupLabelTooLong");
        assertThat(labels.problem("Phone\r\nSet-Cookie: x", Set.of())).contains("totpMfaSetupLabelInvalid");
        assertThat(labels.problem("Phone", Set.of("Phone"))).contains("totpMfaSetupLabelTaken");
        assertThat(labels.problem("Phone <b>2</b> 📱", Set.of("Phone"))).isEmpty();
    }

    /** Bidi controls, zero-width characters and the BOM (Unicode Cf) make a label read or compare falsely. */
    @Test
    void cleaningDropsInvisibleFormatCharacters() {
        assertThat(DeviceLabels.clean("\u202Eevil")).isEqualTo("evil");
        assertThat(DeviceLabels.clean("Pho\u200Bne")).isEqualTo("Phone");
        assertThat(DeviceLabels.clean("\u2066Work\u2069 \u2067laptop\u2068\u2069")).isEqualTo("Work laptop");
        assertThat(DeviceLabels.clean("\uFEFFPhone\u200C\u200D\u2060\u00AD")).isEqualTo("Phone");
        assertThat(DeviceLabels.clean("a\u200Eb\u200Fc\u061Cd")).isEqualTo("abcd");
        assertThat(DeviceLabels.clean("\uDB40\uDC01tag")).as("a supplementary Cf character, U+E0001").isEqualTo("tag");
    }

    @Test
    void cleaningKeepsVisibleTextAndTrimsTheRest() {
        assertThat(DeviceLabels.clean("  Phone <b>2</b> \uD83D\uDCF1  ")).isEqualTo("Phone <b>2</b> \uD83D\uDCF1");
        assertThat(DeviceLabels.clean("Téléphone 電話 هاتف")).isEqualTo("Téléphone 電話 هاتف");
        assertThat(DeviceLabels.clean(" \u200B\u202E ")).as("nothing visible left: the default is used").isEmpty();
        assertThat(DeviceLabels.clean(null)).isEmpty();
        assertThat(DeviceLabels.clean("a\r\nb")).as("control characters are refused later, not hidden")
                .isEqualTo("a\r\nb");
    }
}

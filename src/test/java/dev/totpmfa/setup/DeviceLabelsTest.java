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
}

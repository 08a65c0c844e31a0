package dev.totpmfa.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keycloak's built-in codes must work on our form typed the way Keycloak's page shows them. */
class BuiltInRecoveryCodesTest {

    @Test
    void codeAsKeycloakShowsItBecomesTheBareCodeKeycloakHashed() {
        assertThat(BuiltInRecoveryCodes.normalize("AB3D-EF5H-JK7M")).isEqualTo("AB3DEF5HJK7M");
    }

    @Test
    void casualTypingIsForgiven() {
        assertThat(BuiltInRecoveryCodes.normalize(" ab3d ef5h-jk7m\n")).isEqualTo("AB3DEF5HJK7M");
    }
}

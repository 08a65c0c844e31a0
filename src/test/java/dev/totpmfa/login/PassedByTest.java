package dev.totpmfa.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The note and its values are public names: admins type them into their User Session Note mappers. */
class PassedByTest {

    @Test
    void theNoteAndItsValuesKeepTheirNames() {
        assertThat(PassedBy.NOTE).isEqualTo("totp-mfa-method");
        assertThat(Arrays.stream(PassedBy.values()).map(PassedBy::value))
                .containsExactly("otp", "recovery-code", "trusted-browser");
    }
}

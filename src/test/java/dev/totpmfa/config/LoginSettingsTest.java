package dev.totpmfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginSettingsTest {

    @Test
    void noConfigGivesTheDocumentedDefaults() {
        LoginSettings settings = LoginSettings.parse(null);

        assertThat(settings.lockoutFailures()).isEqualTo(5);
        assertThat(settings.lockoutTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxLockoutTime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.recoveryWarningThreshold()).isEqualTo(3);
        assertThat(settings.acceptBuiltInOtp()).isTrue();
        assertThat(settings.trustBrowserDays()).as("trusted browsers off").isZero();
        assertThat(settings.codeAfterPasskey()).as("a passkey sign-in is not asked for a code").isFalse();
    }

    @Test
    void aCodeAfterAPasskeyIsAskedOnlyWhenSwitchedOn() {
        assertThat(LoginSettings.parse(Map.of("code-after-passkey", "true")).codeAfterPasskey()).isTrue();
        assertThat(LoginSettings.parse(Map.of("code-after-passkey", " TRUE ")).codeAfterPasskey()).isTrue();
        assertThat(LoginSettings.parse(Map.of("code-after-passkey", "false")).codeAfterPasskey()).isFalse();
        assertThat(LoginSettings.parse(Map.of("code-after-passkey", "yes")).codeAfterPasskey())
                .as("a bad value falls back to the default").isFalse();
        assertThat(LoginSettings.configProperties()).anySatisfy(property -> {
            assertThat(property.getName()).isEqualTo("code-after-passkey");
            assertThat(property.getDefaultValue()).isEqualTo("false");
        });
    }

    @Test
    void trustedBrowsersLastOneToThreeHundredSixtyFiveDays() {
        assertThat(LoginSettings.parse(Map.of("trust-browser-days", "30")).trustBrowserDays()).isEqualTo(30);
        assertThat(LoginSettings.parse(Map.of("trust-browser-days", "365")).trustBrowserDays()).isEqualTo(365);
        assertThat(LoginSettings.parse(Map.of("trust-browser-days", "366")).trustBrowserDays()).isZero();
        assertThat(LoginSettings.parse(Map.of("trust-browser-days", "-1")).trustBrowserDays()).isZero();
        assertThat(LoginSettings.parse(Map.of("trust-browser-days", "thirty")).trustBrowserDays()).isZero();
    }

    @Test
    void migrationFromBuiltInOtpCanBeSwitchedOff() {
        assertThat(LoginSettings.parse(Map.of("accept-builtin-otp", "false")).acceptBuiltInOtp()).isFalse();
        assertThat(LoginSettings.parse(Map.of("accept-builtin-otp", "true")).acceptBuiltInOtp()).isTrue();
    }

    @Test
    void badValuesFallBackToTheirDefaultOnly() {
        LoginSettings settings = LoginSettings.parse(Map.of(
                "lockout-failures", "many", "lockout-seconds", "-4", "lockout-max-seconds", "600",
                "recovery-codes-warning", "21"));

        assertThat(settings.lockoutFailures()).isEqualTo(5);
        assertThat(settings.lockoutTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxLockoutTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.recoveryWarningThreshold()).isEqualTo(3);
    }

    @Test
    void theCapIsNeverBelowTheFirstWait() {
        LoginSettings settings = LoginSettings.parse(Map.of("lockout-seconds", "120", "lockout-max-seconds", "60"));

        assertThat(settings.maxLockoutTime()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void recoveryCodeCountIsValidatedForTheAdminConsole() {
        assertThat(RecoveryCodesSettings.parse(null).count()).isEqualTo(10);
        assertThat(RecoveryCodesSettings.parse(Map.of("recovery-code-count", " 20 ")).count()).isEqualTo(20);
        assertThatThrownBy(() -> RecoveryCodesSettings.parse(Map.of("recovery-code-count", "4")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("5 to 20");
        assertThatThrownBy(() -> RecoveryCodesSettings.parse(Map.of("recovery-code-count", "ten")))
                .isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void everyPropertyIsDocumentedInTheAdminConsole() {
        assertThat(LoginSettings.configProperties()).hasSize(7)
                .allSatisfy(p -> assertThat(p.getHelpText()).contains("default"));
        assertThat(RecoveryCodesSettings.configProperties()).singleElement()
                .satisfies(p -> assertThat(p.getHelpText()).contains("5 to 20"));
    }
}

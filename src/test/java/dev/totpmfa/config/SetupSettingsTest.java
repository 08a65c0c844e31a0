package dev.totpmfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupSettingsTest {

    @Test
    void noConfigMeansDefaults() {
        assertThat(SetupSettings.parse(null).issuer()).isEmpty();
        assertThat(SetupSettings.parse(Map.of()).issuer()).isEmpty();
        assertThat(SetupSettings.parse(Map.of(SetupSettings.ISSUER, "   ")).issuer()).isEmpty();
    }

    @Test
    void issuerIsTrimmed() {
        assertThat(SetupSettings.parse(Map.of(SetupSettings.ISSUER, "  Acme & Co  ")).issuer()).contains("Acme & Co");
    }

    @Test
    void refusesIssuersAppsCannotShow() {
        assertThatThrownBy(() -> SetupSettings.parse(Map.of(SetupSettings.ISSUER, "x".repeat(65))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> SetupSettings.parse(Map.of(SetupSettings.ISSUER, "Acme\nEvil")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("control");
    }

    @Test
    void everyPropertyHasHelp() {
        assertThat(SetupSettings.configProperties())
                .allSatisfy(p -> assertThat(p.getHelpText()).isNotBlank())
                .extracting(p -> p.getName()).contains(SetupSettings.ISSUER);
    }
}

package dev.totpmfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
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
    void noGraceUnlessSet() {
        assertThat(SetupSettings.parse(null).grace()).isEqualTo(EnrolmentGrace.NONE);
        assertThat(SetupSettings.parse(Map.of("grace-logins", "", "grace-until", " ")).grace())
                .isEqualTo(EnrolmentGrace.NONE);
        assertThat(SetupSettings.parse(Map.of("grace-logins", "0")).grace().configured()).isFalse();
    }

    @Test
    void graceSettingsAreRead() {
        assertThat(SetupSettings.parse(Map.of("grace-logins", " 3 ")).grace())
                .isEqualTo(new EnrolmentGrace(3, null));
        assertThat(SetupSettings.parse(Map.of("grace-until", "2027-03-31")).grace())
                .isEqualTo(new EnrolmentGrace(0, LocalDate.of(2027, 3, 31)));
        assertThat(SetupSettings.parse(Map.of("grace-logins", "1000", "grace-until", "2024-02-29",
                SetupSettings.ISSUER, "Acme")).grace()).isEqualTo(new EnrolmentGrace(1000, LocalDate.of(2024, 2, 29)));
    }

    @Test
    void refusesGraceCountsThatAreNoSmallWholeNumber() {
        for (String bad : new String[] {"-1", "two", "1.5", "1001", "99999999999", "0x10"}) {
            assertThatThrownBy(() -> SetupSettings.parse(Map.of("grace-logins", bad)))
                    .as(bad).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("grace-logins").hasMessageContaining("0 to 1000");
        }
    }

    @Test
    void refusesGraceDaysThatAreNoIsoDate() {
        for (String bad : new String[] {"2027-02-30", "31.03.2027", "2027-3-31", "+2027-03-31", "12027-03-31",
                "2027-03-31T00:00", "tomorrow"}) {
            assertThatThrownBy(() -> SetupSettings.parse(Map.of("grace-until", bad)))
                    .as(bad).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("grace-until").hasMessageContaining("yyyy-MM-dd");
        }
    }

    @Test
    void everyPropertyHasHelp() {
        assertThat(SetupSettings.configProperties())
                .allSatisfy(p -> assertThat(p.getHelpText()).isNotBlank())
                .extracting(p -> p.getName()).contains(SetupSettings.ISSUER, "grace-logins", "grace-until");
    }
}

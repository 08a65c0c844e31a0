package dev.totpmfa.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.config.NoticeSettings.Kind;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

/** Every notice is on by default and each one has its own server option to switch it off. */
class NoticeSettingsTest {

    private static final String PREFIX = "notice-settings-test.";

    @AfterEach
    void clear() {
        Arrays.stream(Kind.values()).forEach(kind -> System.clearProperty(PREFIX + kind.option()));
    }

    @Test
    void allNoticesAreOnWithoutOptions() {
        NoticeSettings settings = NoticeSettings.from(new Config.SystemPropertiesScope(PREFIX));

        assertThat(Kind.values()).allMatch(settings::isEnabled);
    }

    @Test
    void eachOptionSwitchesOffItsOwnNoticeOnly() {
        for (Kind off : Kind.values()) {
            System.setProperty(PREFIX + off.option(), "false");
            NoticeSettings settings = NoticeSettings.from(new Config.SystemPropertiesScope(PREFIX));
            System.clearProperty(PREFIX + off.option());

            assertThat(Kind.values()).as("with %s=false", off.option())
                    .allMatch(kind -> settings.isEnabled(kind) == (kind != off));
        }
    }

    @Test
    void theNewNoticesHaveTheirDocumentedOptions() {
        assertThat(NoticeSettings.configProperties()).extracting(ProviderConfigProperty::getName)
                .contains("recovery-codes-removed", "device-removed-by-admin", "recovery-codes-removed-by-admin",
                        "factor-locked", "ceiling-reached")
                .doesNotHaveDuplicates();
    }
}

package dev.totpmfa.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Which e-mail notices are sent (NIST SP 800-63B §6.1.2.1 asks for them on authenticator changes). Server options
 * of the global event listener {@code totp-mfa-notices}, e.g.
 * {@code --spi-events-listener--totp-mfa-notices--recovery-code-used=false}; all on by default. A realm without
 * SMTP settings, or a user without an e-mail address, gets none.
 */
public final class NoticeSettings {

    /** One kind of notice, with the option that switches it off. */
    public enum Kind {
        DEVICE_ADDED("device-added"),
        DEVICE_REMOVED("device-removed"),
        RECOVERY_CODE_USED("recovery-code-used"),
        RECOVERY_CODES_GENERATED("recovery-codes-generated"),
        RECOVERY_CODES_REMOVED("recovery-codes-removed"),
        DEVICE_REMOVED_BY_ADMIN("device-removed-by-admin"),
        RECOVERY_CODES_REMOVED_BY_ADMIN("recovery-codes-removed-by-admin"),
        FACTOR_LOCKED("factor-locked"),
        CEILING_REACHED("ceiling-reached"),
        BROWSER_TRUSTED("browser-trusted");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    private final Set<Kind> enabled;

    private NoticeSettings(Set<Kind> enabled) {
        this.enabled = enabled;
    }

    public static NoticeSettings from(Config.Scope config) {
        Set<Kind> enabled = EnumSet.noneOf(Kind.class);
        for (Kind kind : Kind.values()) {
            if (config.getBoolean(kind.option(), true)) {
                enabled.add(kind);
            }
        }
        return new NoticeSettings(enabled);
    }

    public boolean isEnabled(Kind kind) {
        return enabled.contains(kind);
    }

    public static List<ProviderConfigProperty> configProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (Kind kind : Kind.values()) {
            builder.property().name(kind.option()).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                    .helpText("Send the '" + kind.option() + "' e-mail notice (needs the realm's SMTP settings).")
                    .add();
        }
        return builder.build();
    }
}

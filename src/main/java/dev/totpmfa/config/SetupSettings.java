package dev.totpmfa.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Settings of the enrolment required action ({@code totp-mfa-setup}), as an admin sets them under
 * Authentication → Required actions → Set up authenticator app (TOTP) → Configure.
 */
public final class SetupSettings {

    /** Name shown in the authenticator app; empty means the realm's display name or name. */
    public static final String ISSUER = "issuer";

    static final int ISSUER_MAX_LENGTH = 64;

    private static final SetupSettings DEFAULTS = new SetupSettings(null);

    private final String issuer;

    private SetupSettings(String issuer) {
        this.issuer = issuer;
    }

    public static SetupSettings defaults() {
        return DEFAULTS;
    }

    /**
     * @param config the action's config map; null or empty means defaults
     * @throws InvalidSettingException naming the key and why, when a value is not acceptable
     */
    public static SetupSettings parse(Map<String, String> config) {
        if (config == null) {
            return DEFAULTS;
        }
        String issuer = config.get(ISSUER);
        if (issuer == null || issuer.isBlank()) {
            return DEFAULTS;
        }
        issuer = issuer.strip();
        if (issuer.length() > ISSUER_MAX_LENGTH) {
            throw new InvalidSettingException(ISSUER, "at most " + ISSUER_MAX_LENGTH + " characters");
        }
        if (issuer.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidSettingException(ISSUER, "no control characters such as line breaks");
        }
        return new SetupSettings(issuer);
    }

    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    public static List<ProviderConfigProperty> configProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(ISSUER)
                .label("Issuer")
                .helpText("Name the authenticator app shows above the code, e.g. your company. Leave empty to use"
                        + " the realm's display name (or its name). At most " + ISSUER_MAX_LENGTH + " characters.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .build();
    }
}

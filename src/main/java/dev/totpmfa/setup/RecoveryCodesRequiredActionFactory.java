package dev.totpmfa.setup;

import dev.totpmfa.config.RecoveryCodesSettings;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.RecoveryCodeGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the {@code totp-mfa-recovery-codes} required action. */
public final class RecoveryCodesRequiredActionFactory extends ConfiguredRequiredActionFactory {

    public static final String PROVIDER_ID = ProviderIds.RECOVERY_CODES_ACTION;

    private final RecoveryCodesRequiredAction action =
            new RecoveryCodesRequiredAction(new RecoveryCodeGenerator(new SecureRandom()), Clock.systemUTC());

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Generate new recovery codes";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return action;
    }

    @Override
    List<ProviderConfigProperty> settingsProperties() {
        return RecoveryCodesSettings.configProperties();
    }

    @Override
    void parseSettings(Map<String, String> config) {
        RecoveryCodesSettings.parse(config);
    }
}

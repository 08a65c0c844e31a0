package dev.totpmfa.setup;

import dev.totpmfa.config.SetupSettings;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.SecretGenerator;
import dev.totpmfa.qr.QrCodeRenderer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the {@code totp-mfa-setup} required action. */
public final class TotpSetupRequiredActionFactory extends ConfiguredRequiredActionFactory {

    public static final String PROVIDER_ID = ProviderIds.SETUP_ACTION;

    private final TotpSetupRequiredAction action = new TotpSetupRequiredAction(
            SecretGenerator.withDefaultSize(), new QrCodeRenderer(), Clock.systemUTC());

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Set up authenticator app (TOTP)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return action;
    }

    @Override
    List<ProviderConfigProperty> settingsProperties() {
        return SetupSettings.configProperties();
    }

    @Override
    void parseSettings(Map<String, String> config) {
        SetupSettings.parse(config);
    }
}

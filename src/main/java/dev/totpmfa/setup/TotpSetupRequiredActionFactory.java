package dev.totpmfa.setup;

import dev.totpmfa.config.InvalidSettingException;
import dev.totpmfa.config.SetupSettings;
import dev.totpmfa.otp.SecretGenerator;
import dev.totpmfa.qr.QrCodeRenderer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/** Registers the {@code totp-mfa-setup} required action and validates its config in the admin console. */
public final class TotpSetupRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "totp-mfa-setup";

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
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> properties = new ArrayList<>(SetupSettings.configProperties());
        properties.addAll(RequiredActionFactory.getMaxAuthAgePropertyConfig());
        return properties;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        try {
            SetupSettings.parse(model.getConfig());
        } catch (InvalidSettingException e) {
            throw new ValidationException(new ValidationError(getId(), e.key(), e.getMessage()));
        }
    }

    @Override
    public void init(Config.Scope config) {
        // Settings are per realm, in the action's config.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}

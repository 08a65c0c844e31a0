package dev.totpmfa.setup;

import dev.totpmfa.config.InvalidSettingException;
import dev.totpmfa.config.RecoveryCodesSettings;
import dev.totpmfa.otp.RecoveryCodeGenerator;
import java.security.SecureRandom;
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

/** Registers the {@code totp-mfa-recovery-codes} required action and validates its config. */
public final class RecoveryCodesRequiredActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "totp-mfa-recovery-codes";

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
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> properties = new ArrayList<>(RecoveryCodesSettings.configProperties());
        properties.addAll(RequiredActionFactory.getMaxAuthAgePropertyConfig());
        return properties;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        try {
            RecoveryCodesSettings.parse(model.getConfig());
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

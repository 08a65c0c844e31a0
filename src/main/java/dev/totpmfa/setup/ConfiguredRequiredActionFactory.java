package dev.totpmfa.setup;

import dev.totpmfa.config.InvalidSettingException;
import dev.totpmfa.config.NoServerSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/**
 * A required action whose settings an admin edits under Authentication → Required actions → Configure: our
 * settings plus Keycloak's {@code max_auth_age}, refused with a message naming the field when invalid.
 */
abstract class ConfiguredRequiredActionFactory implements RequiredActionFactory, NoServerSetup<RequiredActionProvider> {

    /** Our settings, shown before Keycloak's own. */
    abstract List<ProviderConfigProperty> settingsProperties();

    /** @throws InvalidSettingException when a value is not acceptable */
    abstract void parseSettings(Map<String, String> config);

    @Override
    public final boolean isConfigurable() {
        return true;
    }

    @Override
    public final List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> properties = new ArrayList<>(settingsProperties());
        properties.addAll(RequiredActionFactory.getMaxAuthAgePropertyConfig());
        return properties;
    }

    @Override
    public final void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        try {
            parseSettings(model.getConfig());
        } catch (InvalidSettingException e) {
            throw new ValidationException(new ValidationError(getId(), e.key(), e.getMessage()));
        }
    }
}

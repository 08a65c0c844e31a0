package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Makes "TOTP code or recovery code (direct grant)" available for direct-grant flows. */
public final class DirectGrantTotpAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "totp-mfa-direct-grant";

    private static final DirectGrantTotpAuthenticator AUTHENTICATOR =
            new DirectGrantTotpAuthenticator(Clock.systemUTC());
    private static final Requirement[] REQUIREMENTS = {
        Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED,
    };

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "TOTP code or recovery code (direct grant)";
    }

    @Override
    public String getHelpText() {
        return "Checks the form parameter 'otp' (authenticator code) or 'recovery_code' of a direct grant, with"
                + " the same single use and lockout as the browser step.";
    }

    @Override
    public String getReferenceCategory() {
        return FactorLockout.OTP_CATEGORY;
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(FactorLockout.RECOVERY_CATEGORY);
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return LoginSettings.configProperties();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public void init(Config.Scope config) {
        // Per-realm settings arrive with the execution's config.
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

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

/** Makes "TOTP code or recovery code" available in the admin console's flow editor. */
public final class TotpLoginAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "totp-mfa-form";

    private static final TotpLoginAuthenticator AUTHENTICATOR = new TotpLoginAuthenticator(Clock.systemUTC());
    private static final Requirement[] REQUIREMENTS = {
        Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED,
    };

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "TOTP code or recovery code";
    }

    @Override
    public String getHelpText() {
        return "Asks for a code from the user's authenticator app (TOTP), or one of their recovery codes, with a"
                + " lockout after repeated failures. Users without an app are enrolled with a QR code when 'Set up"
                + " authenticator app (TOTP)' is an enabled required action.";
    }

    /** Realm brute-force detection counts our failures under the same category as Keycloak's OTP form. */
    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    /** Recovery-code failures are reported under this category as well (see {@code FactorLockout}). */
    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of("recovery-authn-codes");
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
        return true;
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
        // Per-realm settings arrive with the flow's execution config.
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

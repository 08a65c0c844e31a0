package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.config.NoServerSetup;
import dev.totpmfa.credential.RecoveryCodesCredentialModel;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.TrustedBrowserCredentialModel;
import dev.totpmfa.lockout.FactorLockout;
import java.util.List;
import java.util.Set;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What the browser and the direct-grant step share as Keycloak sees them: the same settings, the same
 * brute-force categories, the same requirement choices. Subclasses name the step and create it.
 */
abstract class AbstractTotpMfaAuthenticatorFactory implements AuthenticatorFactory, NoServerSetup<Authenticator> {

    private static final Requirement[] REQUIREMENTS = {
            Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED,
    };

    /** Realm brute-force detection counts our code failures under the same category as Keycloak's OTP form. */
    @Override
    public final String getReferenceCategory() {
        return FactorLockout.OTP_CATEGORY;
    }

    /**
     * Recovery-code failures are reported under this category as well (see {@link FactorLockout}). Our own
     * credential types are listed too: the account console shows a credential type only when an authenticator
     * of an enabled flow names it as its reference or optional category.
     */
    @Override
    public final Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(FactorLockout.RECOVERY_CATEGORY, TotpCredentialModel.TYPE, RecoveryCodesCredentialModel.TYPE,
                TrustedBrowserCredentialModel.TYPE);
    }

    @Override
    public final boolean isConfigurable() {
        return true;
    }

    @Override
    public final Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return LoginSettings.configProperties();
    }
}

package dev.totpmfa.login;

import dev.totpmfa.names.ProviderIds;
import java.time.Clock;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** Makes "TOTP code or recovery code (direct grant)" available for direct-grant flows. */
public final class DirectGrantTotpAuthenticatorFactory extends AbstractTotpMfaAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.DIRECT_GRANT;

    private static final DirectGrantTotpAuthenticator AUTHENTICATOR =
            new DirectGrantTotpAuthenticator(Clock.systemUTC());

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

    /** Enrolment needs a browser. */
    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }
}

package dev.totpmfa.login;

import dev.totpmfa.names.ProviderIds;
import java.time.Clock;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** Makes "TOTP code or recovery code" available in the admin console's flow editor. */
public final class TotpLoginAuthenticatorFactory extends AbstractTotpMfaAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.LOGIN_FORM;

    private static final TotpLoginAuthenticator AUTHENTICATOR = new TotpLoginAuthenticator(Clock.systemUTC());

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

    @Override
    public boolean isUserSetupAllowed() {
        return true;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }
}

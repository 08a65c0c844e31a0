package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * Whether a realm lets users of Keycloak's own OTP form log in through our steps. {@code configuredFor} is asked
 * without the step's config, so it looks at every step of ours in the realm: on unless one of them turns it off.
 */
final class BuiltInOtpAcceptance {

    private BuiltInOtpAcceptance() {
    }

    static boolean enabledIn(RealmModel realm) {
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> TotpLoginAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
                        || DirectGrantTotpAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator()))
                .filter(execution -> execution.getAuthenticatorConfig() != null)
                .map(execution -> realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .filter(config -> config != null)
                .map(AuthenticatorConfigModel::getConfig)
                .allMatch(config -> LoginSettings.parse(config).acceptBuiltInOtp());
    }
}

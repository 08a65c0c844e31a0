package dev.totpmfa.admin;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.names.ProviderIds;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * The realm's recovery-code warning for admins: the highest {@code recovery-codes-warning} of its
 * {@code totp-mfa-form} steps (the default where there is none), so every user one of its steps would warn
 * counts as low.
 */
final class RecoveryWarning {

    private RecoveryWarning() {
    }

    static int threshold(RealmModel realm) {
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> ProviderIds.LOGIN_FORM.equals(execution.getAuthenticator()))
                .map(execution -> {
                    AuthenticatorConfigModel config = execution.getAuthenticatorConfig() == null ? null
                            : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                    return LoginSettings.parse(config == null ? null : config.getConfig());
                })
                .mapToInt(LoginSettings::recoveryWarningThreshold)
                .max()
                .orElseGet(() -> LoginSettings.parse(null).recoveryWarningThreshold());
    }
}

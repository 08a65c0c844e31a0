package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.config.RealmOtpPolicy;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.TotpCredentialProvider;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;

/**
 * One authenticator code checked for the browser and the direct-grant step alike: consumed on success, and when
 * it came from a device of Keycloak's own OTP form, that device's migration recorded as its own event.
 */
final class TotpCodeCheck {

    /** Event detail on the {@code UPDATE_CREDENTIAL} event of a migrated device. */
    static final String MIGRATED_FROM_DETAIL = "migrated_from";

    private TotpCodeCheck() {
    }

    static Optional<CredentialModel> run(AuthenticationFlowContext context, String typedCode, String selectedId,
                                         LoginSettings settings) {
        Optional<TotpCredentialProvider.Accepted> accepted = TotpCredentialProvider.of(context.getSession()).verifyAndConsume(
                context.getRealm(), context.getUser(), typedCode, selectedId,
                RealmOtpPolicy.window(context.getRealm()), settings.acceptBuiltInOtp());
        accepted.filter(TotpCredentialProvider.Accepted::migrated).ifPresent(migration -> context.newEvent()
                .event(EventType.UPDATE_CREDENTIAL)
                .user(context.getUser())
                .detail(Details.CREDENTIAL_TYPE, TotpCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, migration.device().getId())
                .detail(MIGRATED_FROM_DETAIL, "otp")
                .success());
        return accepted.map(TotpCredentialProvider.Accepted::device);
    }
}

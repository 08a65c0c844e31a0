package dev.totpmfa.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.totpmfa.credential.BuiltInRecoveryCodes;
import dev.totpmfa.credential.CredentialRows;
import dev.totpmfa.credential.UserStateRows;
import dev.totpmfa.lockout.FactorLockout;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.setup.RealmRequiredActions;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * An admin's reset of a user's second factor (a lost phone, a suspected compromise): every authenticator app
 * (ours and Keycloak's own OTP devices), every recovery-code set (ours and Keycloak's) and every trusted browser is
 * removed, the lockout record cleared, and enrolment required at the next login.
 *
 * <p>Why all of it, and in the request's one transaction: a factor left behind (a built-in device, a trusted
 * browser) would let the next login skip the enrolment or keep an old phone working. Nothing is visible to a login
 * before the commit, and after it the user has no factor, which every flow with our step answers with the
 * enrolment (our step asks for the setup), never with the password alone. The user's state row is locked first, so an
 * enrolment or a new recovery-code set of the same user committing meanwhile is either seen and removed or comes
 * after the reset; the rows are read as committed, not from the user cache.
 */
public final class FactorReset {

    /** Credential types a reset removes. */
    static final List<String> TYPES = List.of(ProviderIds.TOTP_CREDENTIAL, ProviderIds.RECOVERY_CODES_CREDENTIAL,
            ProviderIds.TRUSTED_BROWSER_CREDENTIAL, OTPCredentialModel.TYPE, BuiltInRecoveryCodes.TYPE);

    /** What a reset removed, for the admin event and the answer: ids, types and labels, never credential data. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Removed(String id, String type, String userLabel) {
    }

    /** The answer of {@code POST users/{id}/reset}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(String id, String username, List<Removed> removed, List<String> requiredActions) {
    }

    private FactorReset() {
    }

    static Result reset(KeycloakSession session, RealmModel realm, UserModel user) {
        UserStateRows.hold(session, realm, user);
        CredentialRows rows = new CredentialRows(session);
        List<Removed> removed = new ArrayList<>();
        for (String type : TYPES) {
            for (String id : rows.committedIds(user, type)) {
                CredentialModel credential = user.credentialManager().getStoredCredentialById(id);
                if (user.credentialManager().removeStoredCredentialById(id)) {
                    removed.add(new Removed(id, type, credential == null ? null : credential.getUserLabel()));
                }
            }
        }
        FactorLockout.clear(session, realm, user);
        // A new set is issued after the new device anyway; the pending action would ask for one without a device.
        user.removeRequiredAction(ProviderIds.RECOVERY_CODES_ACTION);
        // Where the user's store is read-only, the login step asks for the setup all the same: the user has no factor.
        RealmRequiredActions.requestOfUser(user, ProviderIds.SETUP_ACTION);
        return new Result(user.getId(), user.getUsername(), List.copyOf(removed),
                user.getRequiredActionsStream().sorted().toList());
    }
}

package dev.totpmfa.setup;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.storage.ReadOnlyException;

/**
 * Asks a user for one of our required actions only where the realm has it registered and enabled: Keycloak
 * refuses to run a required action the admin has not enabled, and the user would be stuck.
 *
 * <p>An action that must outlive the sign-in (a new set of recovery codes) is stored on the user, as Keycloak stores
 * its own; where the user's store refuses it (a provider without import), it goes into the authentication session,
 * which Keycloak runs with the user's own required actions, for this sign-in.
 */
public final class RealmRequiredActions {

    private RealmRequiredActions() {
    }

    public static boolean isEnabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }

    /** @return whether the action is now pending for this sign-in */
    public static boolean requestIfEnabled(RealmModel realm, UserModel user, AuthenticationSessionModel authSession,
                                           String alias) {
        if (!isEnabled(realm, alias)) {
            return false;
        }
        if (!requestOfUser(user, alias)) {
            authSession.addRequiredAction(alias);
        }
        return true;
    }

    /**
     * Adds the action to the user unless it is pending already (Keycloak would list it twice).
     *
     * @return false when the user's store is read-only (nothing changed)
     */
    public static boolean requestOfUser(UserModel user, String alias) {
        if (user.getRequiredActionsStream().anyMatch(alias::equals)) {
            return true;
        }
        try {
            user.addRequiredAction(alias);
            return true;
        } catch (ReadOnlyException e) {
            return false;
        }
    }
}

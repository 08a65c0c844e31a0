package dev.totpmfa.setup;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

/**
 * Asks a user for one of our required actions only where the realm has it registered and enabled: Keycloak
 * refuses to run a required action the admin has not enabled, and the user would be stuck.
 */
public final class RealmRequiredActions {

    private RealmRequiredActions() {
    }

    public static boolean isEnabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }

    /** @return whether the action is now pending for the user */
    public static boolean requestIfEnabled(RealmModel realm, UserModel user, String alias) {
        if (!isEnabled(realm, alias)) {
            return false;
        }
        request(user, alias);
        return true;
    }

    /** Adds the action to the user unless it is pending already (Keycloak would list it twice). */
    public static void request(UserModel user, String alias) {
        if (user.getRequiredActionsStream().noneMatch(alias::equals)) {
            user.addRequiredAction(alias);
        }
    }
}

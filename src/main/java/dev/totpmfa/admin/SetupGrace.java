package dev.totpmfa.admin;

import dev.totpmfa.config.EnrolmentGrace;
import dev.totpmfa.config.InvalidSettingException;
import dev.totpmfa.config.SetupSettings;
import dev.totpmfa.names.ProviderIds;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;

/** The realm's enrolment grace for admins: the setting of its {@code totp-mfa-setup} action. */
final class SetupGrace {

    private SetupGrace() {
    }

    static EnrolmentGrace of(RealmModel realm) {
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(ProviderIds.SETUP_ACTION);
        try {
            return SetupSettings.parse(config == null ? null : config.getConfig()).grace();
        } catch (InvalidSettingException e) {
            // Saved settings are validated; one that is not (e.g. from an old realm import) is read as no grace.
            return EnrolmentGrace.NONE;
        }
    }
}

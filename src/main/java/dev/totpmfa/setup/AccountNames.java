package dev.totpmfa.setup;

import dev.totpmfa.config.SetupSettings;
import java.util.regex.Pattern;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The issuer and account an authenticator app lists the new entry under. */
final class AccountNames {

    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");

    private AccountNames() {
    }

    /** The configured issuer, else the realm's display name as plain text (it may hold HTML), else its name. */
    static String issuer(SetupSettings settings, RealmModel realm) {
        return settings.issuer().orElseGet(() -> {
            String displayName = realm.getDisplayName();
            String plain =
                    displayName == null ? "" : unescapeBasicEntities(HTML_TAG.matcher(displayName).replaceAll(""))
                            .replaceAll("\\s+", " ").strip();
            return plain.isEmpty() ? realm.getName() : plain;
        });
    }

    /** The e-mail address where it is the username, so the entry shows what the user types to log in. */
    static String account(RealmModel realm, UserModel user) {
        if (realm.isRegistrationEmailAsUsername() && user.getEmail() != null && !user.getEmail().isBlank()) {
            return user.getEmail();
        }
        return user.getUsername();
    }

    private static String unescapeBasicEntities(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
    }
}

package dev.totpmfa.setup;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * One message of the realm's login theme in the language Keycloak picks for the user's pages (a theme that
 * overrides the key is honoured, as on the pages): for texts that are stored rather than shown, and for messages
 * with a count ({@code {0,choice,...}}), which the pages' {@code msg()} of Keycloak before 26.6 cannot format
 * because it hands the count over as a template object, not a number.
 */
public final class LoginThemeText {

    private static final Logger LOG = Logger.getLogger(LoginThemeText.class);

    private LoginThemeText() {
    }

    static String of(KeycloakSession session, RealmModel realm, UserModel user, String key, String fallback) {
        return format(session, realm, user, key, fallback);
    }

    /** @param fallback the English pattern, used when the theme lacks the key or it cannot be read */
    public static String format(KeycloakSession session, RealmModel realm, UserModel user, String key,
                                String fallback, Object... args) {
        Locale locale = session.getContext().resolveLocale(user);
        try {
            String pattern = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale)
                    .getProperty(key);
            // As the templates' msg() renders it, so that the page and the stored value agree ('' becomes ').
            return new MessageFormat(pattern == null ? fallback : pattern, locale).format(args);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("keycloak-totp-mfa: message %s of the login theme unreadable, using English: %s", key,
                    e.getMessage());
            return new MessageFormat(fallback, Locale.ENGLISH).format(args);
        }
    }
}

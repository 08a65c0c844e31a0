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
 * One message of the realm's login (or e-mail) theme in the language Keycloak picks for the user's pages (a theme that
 * overrides the key is honoured, as on the pages): for texts that are stored rather than shown, and for messages
 * with a count ({@code {0,choice,...}}), which the pages' {@code msg()} of Keycloak before 26.6 cannot format
 * because it hands the count over as a template object, not a number.
 */
public final class ThemeText {

    private static final Logger LOG = Logger.getLogger(ThemeText.class);
    private static final String UNNAMED_DEVICE_KEY = "totpMfaUnnamedDevice";
    private static final String UNNAMED_DEVICE_FALLBACK = "Authenticator app";

    private ThemeText() {
    }

    /** The label of a device its user did not name (message {@value #UNNAMED_DEVICE_KEY}), as the theme words it. */
    public static String unnamedDevice(KeycloakSession session, Theme.Type type, RealmModel realm, UserModel user) {
        return format(session, type, realm, user, UNNAMED_DEVICE_KEY, UNNAMED_DEVICE_FALLBACK);
    }

    /** A message of the login theme; see {@link #format(KeycloakSession, Theme.Type, RealmModel, UserModel,
     * String, String, Object...)}. */
    public static String format(KeycloakSession session, RealmModel realm, UserModel user, String key,
                                String fallback, Object... args) {
        return format(session, Theme.Type.LOGIN, realm, user, key, fallback, args);
    }

    /**
     * @param type     the theme whose messages apply: LOGIN for pages, EMAIL for mails
     * @param fallback the English pattern, used when the theme lacks the key or it cannot be read
     */
    public static String format(KeycloakSession session, Theme.Type type, RealmModel realm, UserModel user,
                                String key, String fallback, Object... args) {
        Locale locale = session.getContext().resolveLocale(user);
        try {
            String pattern = session.theme().getTheme(type).getEnhancedMessages(realm, locale).getProperty(key);
            // As the templates' msg() renders it, so that the page and the stored value agree ('' becomes ').
            return new MessageFormat(pattern == null ? fallback : pattern, locale).format(args);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("keycloak-totp-mfa: message %s of the %s theme unreadable, using English: %s", key,
                    type, e.getMessage());
            return new MessageFormat(fallback, Locale.ENGLISH).format(args);
        }
    }
}

package dev.totpmfa.setup;

import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The language an application asked for with {@code kc_locale} on the authorization URL. Keycloak 26.7.3 keeps that
 * parameter of a login request only as a client note (as it does any extra parameter); its locale selector reads the
 * user's choice from an authentication-session note, which only the language menu of a login page sets. Pages after
 * the password step would fall back to the browser's language without this.
 */
final class RequestedLocale {

    static final String CLIENT_NOTE =
            AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX
                    + LocaleSelectorProvider.KC_LOCALE_PARAM;

    private RequestedLocale() {
    }

    /**
     * Makes the requested language the user's choice for this login, unless the user already chose one on a page
     * (the language menu wins). The selector still accepts only the realm's supported locales.
     */
    static void adopt(AuthenticationSessionModel authSession) {
        if (authSession == null || authSession.getAuthNote(LocaleSelectorProvider.USER_REQUEST_LOCALE) != null) {
            return;
        }
        String requested = authSession.getClientNote(CLIENT_NOTE);
        if (requested != null && !requested.isBlank()) {
            authSession.setAuthNote(LocaleSelectorProvider.USER_REQUEST_LOCALE, requested.strip());
        }
    }
}

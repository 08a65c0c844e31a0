package dev.totpmfa.it.support;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * One browser-less login session driving the browser flow to the TOTP page and posting codes to
 * {@code form#totp-mfa-login-form}, for tests where a real browser would be too slow or too coarse (many parallel
 * sessions). A narrow view of {@link PlainHttpSession}, which does the HTTP.
 */
public final class HttpLoginSession {

    private static final String LOGIN_FORM = "totp-mfa-login-form";

    private final PlainHttpSession session;

    public HttpLoginSession(TestRealm realm) {
        this.session = new PlainHttpSession(realm);
    }

    /** Starts the login and submits the password; returns the page that follows (the TOTP page for enrolled users). */
    public String loginWithPassword(TestUser user) {
        return session.loginWithPassword(user);
    }

    /** Posts {@code otp} to the TOTP form of the current page; the raw response (200 page or 302 to the client). */
    public HttpResponse<String> submitOtp(String code) {
        return session.post(LOGIN_FORM, Map.of("otp", code));
    }

    public String currentPage() {
        return session.page();
    }

    public boolean showsTotpForm() {
        return session.hasForm(LOGIN_FORM);
    }

    /** A finished login: 302 to the client's redirect URI carrying an authorization code. */
    public static boolean isSuccess(HttpResponse<String> response, TestRealm realm) {
        Optional<String> location = response.headers().firstValue("Location");
        return (response.statusCode() == 302 || response.statusCode() == 303)
                && location.isPresent()
                && location.get().startsWith(realm.redirectUri() + "?")
                && location.get().matches(".*[?&]code=[^&]+.*");
    }

    /** The unescaped {@code action} of the form whose {@code id} is {@code formId}, on the current page. */
    public Optional<String> formAction(String formId) {
        return session.formAction(formId);
    }
}

package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser-less login session (its own cookie jar) driving the browser flow over plain HTTP, for tests where
 * a real browser would be too slow or too coarse (many parallel sessions): GET the authorization endpoint, POST the
 * password form, then POST codes to {@code form#totp-mfa-login-form}. Redirects are followed by hand inside
 * Keycloak and never to the client, so that the final 302 to the redirect URI can be asserted.
 */
public final class HttpLoginSession {

    private static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final int MAX_HOPS = 10;

    private final TestRealm realm;
    private final HttpClient http;
    private String page;
    private URI pageUri;

    public HttpLoginSession(TestRealm realm) {
        this.realm = realm;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieJar())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Starts the login and submits the password; returns the page that follows (the TOTP page for enrolled users). */
    public String loginWithPassword(TestUser user) {
        HttpResponse<String> response = follow(send(HttpRequest.newBuilder(URI.create(realm.authUrl())).GET()));
        remember(response);
        String action = formAction("kc-form-login")
                .orElseThrow(() -> new IllegalStateException("No password form:\n" + page));
        response = follow(post(action, Map.of("username", user.username(), "password", user.password(),
                "credentialId", "")));
        remember(response);
        return page;
    }

    /** Posts {@code otp} to the TOTP form of the current page; the raw response (200 page or 302 to the client). */
    public HttpResponse<String> submitOtp(String code) {
        String action = formAction("totp-mfa-login-form")
                .orElseThrow(() -> new IllegalStateException("No form#totp-mfa-login-form on the current page:\n" + page));
        HttpResponse<String> response = post(action, Map.of("otp", code));
        if (response.statusCode() == 200) {
            remember(response);
        }
        return response;
    }

    public String currentPage() {
        return page;
    }

    public boolean showsTotpForm() {
        return formAction("totp-mfa-login-form").isPresent();
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
        if (page == null) {
            return Optional.empty();
        }
        Matcher forms = FORM_TAG.matcher(page);
        while (forms.find()) {
            String tag = forms.group();
            if (tag.matches("(?is).*\\bid\\s*=\\s*\"" + Pattern.quote(formId) + "\".*")) {
                Matcher action = ACTION.matcher(tag);
                if (action.find()) {
                    return Optional.of(pageUri.resolve(unescape(action.group(1))).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&#x3D;", "=").replace("&#61;", "=")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    private void remember(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Expected a page, got " + response.statusCode() + " from "
                    + response.uri() + " " + response.headers().map() + "\n" + response.body());
        }
        page = response.body();
        pageUri = response.uri();
    }

    /** Follows redirects that stay inside Keycloak; stops at the client's redirect URI. */
    private HttpResponse<String> follow(HttpResponse<String> response) {
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status < 300 || status >= 400 || location.isEmpty() || location.get().startsWith(realm.redirectUri())) {
                return response;
            }
            response = send(HttpRequest.newBuilder(response.uri().resolve(location.get())).GET());
        }
        throw new IllegalStateException("More than " + MAX_HOPS + " redirects");
    }

    private HttpResponse<String> post(String url, Map<String, String> fields) {
        String body = new LinkedHashMap<>(fields).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).header("Accept-Language", "en").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

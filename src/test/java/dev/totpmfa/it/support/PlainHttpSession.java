package dev.totpmfa.it.support;

import dev.totpmfa.otp.OtpAuthUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-less session (its own cookie jar) that can post to any form of our three pages over plain HTTP: the
 * password form, {@code totp-mfa-setup-form}, {@code totp-mfa-recovery-codes-form}, {@code totp-mfa-login-form},
 * {@code totp-mfa-recovery-form} and {@code totp-mfa-recovery-offer-form}. Used where a browser would be too slow
 * (parallel logins, hundreds of failures) or too polite (values no input element would send).
 *
 * <p>Cookies go to the harness's {@link CookieJar}, which sends Keycloak's {@code Secure} login cookies over plain
 * http to 127.0.0.1 as browsers do.
 */
public final class PlainHttpSession {

    private static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern RECOVERY_CODE = Pattern.compile(
            "<li\\b[^>]*class=\"totp-mfa-recovery-code\"[^>]*>\\s*([^<]*?)\\s*</li>");
    private static final Pattern OTPAUTH_LINK = Pattern.compile("<a\\b[^>]*\\bid=\"totp-mfa-otpauth\"[^>]*>");
    private static final Pattern HREF = Pattern.compile("\\bhref=\"([^\"]*)\"");
    private static final int MAX_HOPS = 10;

    private final TestRealm realm;
    private final HttpClient http;
    private final CookieJar cookies = new CookieJar();
    private String page;
    private URI pageUri;
    /** Where requests go instead of the host and port they name, as a load balancer moves a browser; null: as named. */
    private URI reroute;

    public PlainHttpSession(TestRealm realm) {
        this.realm = realm;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Starts a login of the test client; Keycloak's username/password page ({@code form#kc-form-login}). */
    public String openLogin() {
        return openLogin(realm.authUrl());
    }

    /** The same from another authorization URL of the realm (e.g. one with {@code kc_action}). */
    public String openLogin(String authUrl) {
        remember(follow(send(HttpRequest.newBuilder(URI.create(authUrl)).GET())));
        return page;
    }

    /**
     * Opens {@code authUrl} and follows redirects inside Keycloak; the answer, a page or the client's redirect (an
     * existing session that needs no further step).
     */
    public HttpResponse<String> open(String authUrl) {
        HttpResponse<String> response = follow(send(HttpRequest.newBuilder(URI.create(authUrl)).GET()));
        rememberIfPage(response);
        return response;
    }

    /** Starts a login of the test client and submits the password; the page that follows (setup or code page). */
    public String loginWithPassword(TestUser user) {
        return loginWithPassword(user, realm.authUrl());
    }

    /** The same from another authorization URL of the realm. */
    public String loginWithPassword(TestUser user, String authUrl) {
        openLogin(authUrl);
        HttpResponse<String> response = postAndFollow("kc-form-login",
                Map.of("username", user.username(), "password", user.password(), "credentialId", ""));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Password step ended with " + response.statusCode() + " "
                    + response.headers().firstValue("Location").orElse(""));
        }
        return page;
    }

    /**
     * Starts a login and submits the password; the answer after redirects inside Keycloak, whatever it is (a page,
     * or the client's redirect when no further step asks anything).
     */
    public HttpResponse<String> submitPassword(TestUser user) {
        openLogin();
        return postAndFollow("kc-form-login",
                Map.of("username", user.username(), "password", user.password(), "credentialId", ""));
    }

    /**
     * From now on sends every request to {@code node} (same path and query, same cookies), whichever node the page's
     * form or a redirect names: what a load balancer does when the node that served the browser so far is gone.
     */
    public void rerouteTo(KeycloakTarget node) {
        reroute = URI.create(node.baseUrl());
    }

    /** Name to value of the cookies this session holds. */
    public Map<String, String> cookies() {
        return cookies.values();
    }

    /** Forgets every cookie whose name does not start with {@code prefix}: Keycloak's session ends, ours stay. */
    public void forgetCookiesExcept(String prefix) {
        cookies.keepOnly(prefix);
    }

    /** Holds a cookie as if Keycloak had set it, e.g. one copied from another session or altered. */
    public void setCookie(String name, String value, String path) {
        cookies.set(name, value, path);
    }

    /**
     * Posts {@code fields} to form {@code formId} of the current page; the raw answer, remembered when it is a
     * page.
     */
    public HttpResponse<String> post(String formId, Map<String, String> fields) {
        HttpResponse<String> response = postForm(actionOf(formId), encode(fields));
        rememberIfPage(response);
        return response;
    }

    /** The same with an already encoded body (for bytes no encoder would produce). */
    public HttpResponse<String> postRaw(String formId, String urlEncodedBody) {
        HttpResponse<String> response = postForm(actionOf(formId), urlEncodedBody);
        rememberIfPage(response);
        return response;
    }

    /** Posts, then follows redirects that stay inside Keycloak; stops at a page or at the client's redirect URI. */
    public HttpResponse<String> postAndFollow(String formId, Map<String, String> fields) {
        HttpResponse<String> response = follow(postForm(actionOf(formId), encode(fields)));
        rememberIfPage(response);
        return response;
    }

    /**
     * Posts to the current page's only form, then follows redirects: for Keycloak's own pages whose form has no id
     * (the delete-credential confirmation, {@code accept} to confirm).
     */
    public HttpResponse<String> postAndFollowTheOnlyForm(Map<String, String> fields) {
        List<String> actions = new ArrayList<>();
        Matcher forms = FORM_TAG.matcher(page == null ? "" : page);
        while (forms.find()) {
            Matcher action = ACTION.matcher(forms.group());
            if (action.find()) {
                actions.add(pageUri.resolve(unescape(action.group(1))).toString());
            }
        }
        if (actions.size() != 1) {
            throw new IllegalStateException(actions.size() + " forms on the current page (" + pageUri + "):\n" + page);
        }
        HttpResponse<String> response = follow(postForm(actions.get(0), encode(fields)));
        rememberIfPage(response);
        return response;
    }

    /** Follows a redirect answer inside Keycloak (e.g. to the next required action). */
    public HttpResponse<String> followRedirects(HttpResponse<String> response) {
        HttpResponse<String> followed = follow(response);
        rememberIfPage(followed);
        return followed;
    }

    public String page() {
        return page;
    }

    public boolean hasForm(String formId) {
        return formAction(formId).isPresent();
    }

    public boolean pageContains(String text) {
        return page != null && page.contains(text);
    }

    /** The codes of {@code totp-mfa-recovery-codes.ftl}, in page order. */
    public List<String> recoveryCodes() {
        List<String> codes = new ArrayList<>();
        Matcher matcher = RECOVERY_CODE.matcher(page == null ? "" : page);
        while (matcher.find()) {
            codes.add(unescape(matcher.group(1)));
        }
        return codes;
    }

    /** The otpauth URI of {@code a#totp-mfa-otpauth} on the setup page. */
    public OtpAuthUri otpAuthUri() {
        Matcher link = OTPAUTH_LINK.matcher(page == null ? "" : page);
        if (!link.find()) {
            throw new IllegalStateException("No a#totp-mfa-otpauth on the current page:\n" + page);
        }
        Matcher href = HREF.matcher(link.group());
        if (!href.find()) {
            throw new IllegalStateException("a#totp-mfa-otpauth has no href: " + link.group());
        }
        return OtpAuthUri.parse(unescape(href.group(1)));
    }

    /** A finished login: a redirect to the client's redirect URI carrying an authorization code. */
    public static boolean reachedClient(HttpResponse<String> response, TestRealm realm) {
        return HttpLoginSession.isSuccess(response, realm);
    }

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

    private String actionOf(String formId) {
        return formAction(formId).orElseThrow(
                () -> new IllegalStateException(
                        "No form#" + formId + " on the current page (" + pageUri + "):\n" + page));
    }

    static String unescape(String html) {
        return html.replace("&#x3D;", "=").replace("&#61;", "=").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private void rememberIfPage(HttpResponse<String> response) {
        if (response.statusCode() == 200) {
            page = response.body();
            pageUri = response.uri();
        }
    }

    private void remember(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Expected a page, got " + response.statusCode() + " from "
                    + response.uri() + " " + response.headers().map() + "\n" + response.body());
        }
        rememberIfPage(response);
    }

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

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> postForm(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(60)).header("Accept-Language", "en").build();
            if (reroute != null) {
                URI named = built.uri();
                built = HttpRequest.newBuilder(built, (name, value) -> true)
                        .uri(URI.create(reroute + named.getRawPath()
                                + (named.getRawQuery() == null ? "" : "?" + named.getRawQuery())))
                        .build();
            }
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

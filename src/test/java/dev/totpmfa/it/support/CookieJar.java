package dev.totpmfa.it.support;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The cookies of one HTTP login session against one host. Unlike {@link java.net.CookieManager} it sends
 * {@code Secure} cookies over plain HTTP, as Chromium does for 127.0.0.1 (a secure context): Keycloak marks its
 * login cookies Secure even on http://127.0.0.1, and without them every form post ends in "cookie not found".
 */
final class CookieJar extends CookieHandler {

    private final Map<String, HttpCookie> cookies = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        cookies.values().removeIf(HttpCookie::hasExpired);
        String header = cookies.values().stream()
                .filter(cookie -> path.startsWith(cookie.getPath()))
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                values.forEach(value -> HttpCookie.parse(value).forEach(cookie -> store(uri, cookie)));
            }
        });
    }

    private void store(URI uri, HttpCookie cookie) {
        if (cookie.getPath() == null || cookie.getPath().isEmpty()) {
            String path = uri.getPath() == null ? "/" : uri.getPath();
            cookie.setPath(path.substring(0, path.lastIndexOf('/') + 1));
        }
        String key = cookie.getName() + "@" + cookie.getPath();
        if (cookie.getMaxAge() == 0 || cookie.hasExpired()) {
            cookies.remove(key);
        } else {
            cookies.put(key, cookie);
        }
    }

    /** Name to value of every cookie held (the last one stored wins where two paths hold one name). */
    Map<String, String> values() {
        cookies.values().removeIf(HttpCookie::hasExpired);
        return cookies.values().stream()
                .collect(Collectors.toMap(HttpCookie::getName, HttpCookie::getValue, (a, b) -> b));
    }

    /** Forgets every cookie whose name does not start with {@code prefix}. */
    void keepOnly(String prefix) {
        cookies.values().removeIf(cookie -> !cookie.getName().startsWith(prefix));
    }

    /** Stores a cookie as if a response had set it. */
    void set(String name, String value, String path) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath(path);
        cookies.put(name + "@" + path, cookie);
    }
}

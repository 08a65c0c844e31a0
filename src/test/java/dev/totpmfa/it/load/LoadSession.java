package dev.totpmfa.it.load;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser-less login for the load driver: its cookies in a map, requests through one {@link HttpClient} shared
 * by every session (a client per session, as the ITs' {@code PlainHttpSession} has, would start a selector thread
 * per login and load the 2-core machine with the driver's own work).
 */
final class LoadSession {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final int MAX_HOPS = 10;

    private final String redirectUri;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String page = "";
    private URI pageUri;

    LoadSession(String redirectUri) {
        this.redirectUri = redirectUri;
    }

    /** GETs {@code url} and follows redirects inside Keycloak; the last answer. */
    HttpResponse<String> open(String url) {
        return remember(follow(send(HttpRequest.newBuilder(URI.create(url)).GET())));
    }

    /** POSTs {@code fields} to form {@code formId} of the current page; the raw answer (redirects not followed). */
    HttpResponse<String> post(String formId, Map<String, String> fields) {
        return remember(send(HttpRequest.newBuilder(URI.create(action(formId)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields)))));
    }

    /** Follows a redirect answer while it stays inside Keycloak. */
    HttpResponse<String> follow(HttpResponse<String> response) {
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty() || location.get().startsWith(redirectUri)) {
                return remember(response);
            }
            response = send(HttpRequest.newBuilder(response.uri().resolve(location.get())).GET());
        }
        throw new IllegalStateException("More than " + MAX_HOPS + " redirects");
    }

    /** A finished login: a redirect to the client carrying an authorization code. */
    boolean reachedClient(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse("");
        return response.statusCode() / 100 == 3 && location.startsWith(redirectUri + "?")
                && location.contains("code=");
    }

    String page() {
        return page;
    }

    boolean hasForm(String formId) {
        return formAction(formId).isPresent();
    }

    private String action(String formId) {
        return formAction(formId).orElseThrow(() -> new IllegalStateException(
                "No form#" + formId + " on " + pageUri + ":\n" + page));
    }

    private Optional<String> formAction(String formId) {
        Matcher forms = FORM_TAG.matcher(page);
        while (forms.find()) {
            String tag = forms.group();
            if (tag.contains("id=\"" + formId + "\"")) {
                Matcher action = ACTION.matcher(tag);
                if (action.find()) {
                    return Optional.of(pageUri.resolve(action.group(1).replace("&amp;", "&")).toString());
                }
            }
        }
        return Optional.empty();
    }

    private HttpResponse<String> remember(HttpResponse<String> response) {
        if (response.statusCode() == 200) {
            page = response.body();
            pageUri = response.uri();
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = HTTP.send(
                    request.timeout(Duration.ofSeconds(60)).header("Accept-Language", "en").build(),
                    HttpResponse.BodyHandlers.ofString());
            keepCookies(response.headers().allValues("Set-Cookie"));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keycloak's login cookies are path-scoped to the realm and all go to the same realm here: names suffice. */
    private void keepCookies(List<String> setCookies) {
        for (String header : setCookies) {
            String pair = header.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            String attributes = header.toLowerCase();
            boolean expired = value.isEmpty() || attributes.contains("max-age=0") || attributes.contains("1970");
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** POSTs a form straight to a URL (the token endpoint): no cookies, no page. */
    static HttpResponse<String> postForm(String url, Map<String, String> fields) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

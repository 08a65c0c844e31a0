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
import java.util.stream.Collectors;

/**
 * A realm's OpenID Connect token endpoint, called as a client calls it: one form POST, Keycloak's answer as it
 * came (status and body are what the tests look at).
 */
public final class TokenEndpoint {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TokenEndpoint() {
    }

    /**
     * The resource-owner password grant ("direct grant") of {@code clientId}, with the user's username and password and
     * {@code extra} fields (a second factor, a scope).
     */
    public static HttpResponse<String> passwordGrant(KeycloakTarget keycloak, String realmName, String clientId,
                                                     TestUser user, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", user.username());
        form.put("password", user.password());
        form.putAll(extra);
        return post(keycloak, realmName, form, Duration.ofSeconds(30));
    }

    /**
     * POSTs {@code form} (names and values URL-encoded, in the map's order) to the token endpoint of
     * {@code realmName}.
     *
     * @param timeout how long the whole answer may take
     */
    public static HttpResponse<String> post(KeycloakTarget keycloak, String realmName, Map<String, String> form,
                                            Duration timeout) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                keycloak.baseUrl() + "/realms/" + realmName + "/protocol/openid-connect/token"))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

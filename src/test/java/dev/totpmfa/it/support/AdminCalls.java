package dev.totpmfa.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Admin REST calls made as one particular admin (a helpdesk user, a viewer, nobody), not as the bootstrap admin that
 * {@link AdminApi} always is: that admin's token, and requests carrying it, answered as they came (the status is
 * what the authorisation tests look at).
 */
public final class AdminCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminCalls() {
    }

    /** The access token of {@code username}'s password grant in {@code realmName} (client {@code admin-cli}). */
    public static String token(KeycloakTarget keycloak, String realmName, String username, String password) {
        HttpResponse<String> response = TokenEndpoint.post(keycloak, realmName, Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", username, "password", password), TIMEOUT);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("No token for " + username + " in " + realmName + ": "
                    + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Token answer is not JSON: " + response.body(), e);
        }
    }

    /**
     * {@code method path} (from the server's root, e.g. {@code /admin/realms/r/users}) with {@code token}, or with
     * no {@code Authorization} header when it is null.
     */
    public static HttpResponse<String> send(KeycloakTarget keycloak, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + path))
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

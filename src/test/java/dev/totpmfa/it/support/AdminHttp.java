package dev.totpmfa.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The transport under {@link AdminApi}: admin REST calls over {@link HttpClient} with Jackson trees (no admin client
 * library: its version would have to match the server's), as the bootstrap admin through {@code admin-cli}.
 */
final class AdminHttp {

    private final KeycloakTarget target;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private String token;
    private Instant tokenFetched = Instant.EPOCH;

    AdminHttp(KeycloakTarget target) {
        this.target = target;
    }

    KeycloakTarget target() {
        return target;
    }

    ObjectMapper json() {
        return json;
    }

    static String realmPath(String realm) {
        return "/admin/realms/" + encode(realm);
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<JsonNode> elements(JsonNode array) {
        return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
    }

    JsonNode get(String path) {
        return parse(send("GET", path, null, 200));
    }

    JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    /** A POST that creates something (HTTP 201); the new thing's id, the last segment of its Location. */
    String create(String path, JsonNode body) {
        HttpResponse<String> response = exchange("POST", path, body);
        expect(response, 201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    String send(String method, String path, JsonNode body, int expectedStatus) {
        HttpResponse<String> response = exchange(method, path, body);
        expect(response, expectedStatus);
        return response.body();
    }

    private static void expect(HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " -> "
                    + response.statusCode() + " (expected " + expectedStatus + "): " + response.body());
        }
    }

    /** Any admin call with the master admin's token; the raw answer, whatever its status. */
    HttpResponse<String> exchange(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpResponse<String> response = call(authorized(method, path, publisher), method + " " + path);
        if (response.statusCode() == 401) {
            // A token of a server that has since restarted on another database (a test's own): a new one, once.
            forgetToken();
            response = call(authorized(method, path, publisher), method + " " + path);
        }
        return response;
    }

    private HttpRequest authorized(String method, String path, HttpRequest.BodyPublisher publisher) {
        return HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, publisher)
                .build();
    }

    private HttpResponse<String> call(HttpRequest request, String what) {
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException staleConnection) {
                // A pooled connection to a server that has since been restarted: one new connection, once.
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void forgetToken() {
        token = null;
    }

    /** Master realm tokens live 60 s; a fresh one every 30 s keeps calls from racing the expiry. */
    private synchronized String token() {
        if (token != null && Duration.between(tokenFetched, Instant.now()).toSeconds() < 30) {
            return token;
        }
        String form = "grant_type=password&client_id=admin-cli"
                + "&username=" + URLEncoder.encode(target.adminUser(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(target.adminPassword(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(target.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = call(request, "admin token");
        expect(response, 200);
        token = parse(response.body()).path("access_token").asText();
        tokenFetched = Instant.now();
        return token;
    }
}

package dev.totpmfa.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redeems the authorization code of a finished login at the token endpoint, as a public client does, and reads
 * the ID token's claims (its signature is Keycloak's business; what it says is the test's) or hands out the access
 * token.
 */
public final class IdTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    private IdTokens() {
    }

    /**
     * The claims of the ID token for the login that ended in {@code answer} (the redirect to the client).
     *
     * @param clientId the public client that started the login
     */
    public static JsonNode claims(KeycloakTarget keycloak, TestRealm realm, String clientId,
                                  HttpResponse<String> answer) {
        String idToken = tokens(keycloak, realm, clientId, answer).path("id_token").asText();
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access token of the login that ended in {@code answer}, for a call as the user (the account REST API). */
    public static String accessToken(KeycloakTarget keycloak, TestRealm realm, String clientId,
                                     HttpResponse<String> answer) {
        return tokens(keycloak, realm, clientId, answer).path("access_token").asText();
    }

    private static JsonNode tokens(KeycloakTarget keycloak, TestRealm realm, String clientId,
                                   HttpResponse<String> answer) {
        String location = answer.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("Not a redirect to the client: " + answer.statusCode()));
        Matcher code = CODE.matcher(location);
        if (!code.find()) {
            throw new IllegalStateException("No code in " + location);
        }
        HttpResponse<String> response = TokenEndpoint.post(keycloak, realm.name(), Map.of(
                "grant_type", "authorization_code",
                "client_id", clientId,
                "redirect_uri", realm.redirectUri(),
                "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8)), Duration.ofSeconds(30));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token endpoint: " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

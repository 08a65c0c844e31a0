package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripts, CLIs and legacy apps log in with the resource-owner password grant: one POST, no pages. If our step
 * were weaker there than in the browser (a code usable twice, no lockout, no event), an attacker would simply use
 * the token endpoint. So the direct grant gets the browser's rules: a code once, a recovery code once, lockout
 * after the configured failures, LOGIN / LOGIN_ERROR events, and OAuth errors a client can show
 * ({@code invalid_grant} with a description).
 */
@KeycloakIT
class DirectGrantIT {

    private static final String FLOW = "direct-grant-totp-mfa";
    private static final String AUTHENTICATOR = "totp-mfa-direct-grant";
    private static final String CLIENT = "it-cli";
    private static final int LOCKOUT_FAILURES = 3;

    private static TestRealm realm;
    private static AdminApi admin;
    private static KeycloakTarget keycloak;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void setUp(KeycloakTarget target, AdminApi adminApi) {
        keycloak = target;
        admin = adminApi;
        realm = TestRealm.create(target, admin, "grant").enableRecoveryCodes();
        admin.installDirectGrantFlow(realm.name(), FLOW, AUTHENTICATOR);
        admin.setExecutionConfig(realm.name(), FLOW, AUTHENTICATOR, "totp-mfa-grant-lockout",
                Map.of("lockout-failures", Integer.toString(LOCKOUT_FAILURES)));
        admin.createDirectGrantClient(realm.name(), CLIENT);
    }

    @AfterAll
    static void tearDown() {
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void flowIsBoundWithOurStepRequiredAndKeycloaksOtpDisabled() {
        assertThat(admin.realm(realm.name()).path("directGrantFlow").asText()).isEqualTo(FLOW);
        List<JsonNode> executions = admin.executions(realm.name(), FLOW);
        assertThat(executions).anySatisfy(e -> {
            assertThat(e.path("providerId").asText()).isEqualTo(AUTHENTICATOR);
            assertThat(e.path("requirement").asText()).isEqualTo("REQUIRED");
        });
        assertThat(executions).filteredOn(e -> e.path("authenticationFlow").asBoolean() && e.path("level").asInt() == 0)
                .as("Keycloak's conditional OTP subflow").isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("requirement").asText()).isEqualTo("DISABLED"));
    }

    /** A client that forgets the code learns which parameter is missing, without anything counted against the user. */
    @Test
    void passwordAloneIsRefusedWithADescription() {
        TestUser user = realm.createUser();
        HttpJourneys.enrol(realm, user);

        HttpResponse<String> response = token(user, Map.of());

        assertOAuthError(response, "Missing parameter: otp or recovery_code");
    }

    @Test
    void codeWorksOnceAndWrongCodesAreRefused() {
        TestUser user = realm.createUser();
        StepCodes app = HttpJourneys.enrol(realm, user).app();

        assertOAuthError(token(user, Map.of("otp", app.wrong())), "Invalid user credentials");
        assertThat(errorsOf(user)).as("LOGIN_ERROR of the wrong code")
                .anyMatch(e -> "invalid_user_credentials".equals(e.path("error").asText()));

        String code = app.next();
        HttpResponse<String> granted = token(user, Map.of("otp", code));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JsonNode tokens = admin.parse(granted.body());
        assertThat(tokens.path("access_token").asText()).isNotBlank();
        assertThat(tokens.path("refresh_token").asText()).isNotBlank();
        assertThat(loginsOf(user)).as("LOGIN event of the grant").hasSize(1)
                .allSatisfy(e -> assertThat(e.path("details").path("grant_type").asText()).isEqualTo("password"));

        assertOAuthError(token(user, Map.of("otp", code)), "Invalid user credentials");
        assertThat(loginsOf(user)).as("no second LOGIN for the replayed code").hasSize(1);
    }

    @Test
    void recoveryCodeWorksOnce() {
        TestUser user = realm.createUser();
        List<String> codes = HttpJourneys.enrol(realm, user).recoveryCodes();
        assertThat(codes).as("recovery codes shown at enrolment").isNotEmpty();
        String code = codes.get(0);

        HttpResponse<String> granted = token(user, Map.of("recovery_code", code.toLowerCase()));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(admin.parse(granted.body()).path("access_token").asText()).isNotBlank();
        assertThat(loginsOf(user)).singleElement().satisfies(login -> {
            assertThat(login.path("details").path("credential_type").asText()).isEqualTo("totp-mfa-recovery-codes");
            assertThat(login.path("details").path("recovery_codes_remaining").asText())
                    .isEqualTo(Integer.toString(codes.size() - 1));
        });

        assertOAuthError(token(user, Map.of("recovery_code", code)), "Invalid user credentials");
        assertThat(loginsOf(user)).hasSize(1);
    }

    /**
     * Guessing over the token endpoint must stop as soon as in the browser: after {@value #LOCKOUT_FAILURES} wrong
     * codes even the right one is refused until an admin unlocks the user (or the wait is over).
     */
    @Test
    void lockoutStopsGuessingEvenWithTheRightCode() {
        TestUser user = realm.createUser();
        StepCodes app = HttpJourneys.enrol(realm, user).app();
        for (int i = 0; i < LOCKOUT_FAILURES; i++) {
            assertOAuthError(token(user, Map.of("otp", app.wrong())), "Invalid user credentials");
        }

        assertOAuthError(token(user, Map.of("otp", app.next())), "Too many failed attempts; try again later");
        assertThat(errorsOf(user)).as("LOGIN_ERROR while locked")
                .anyMatch(e -> "user_temporarily_disabled".equals(e.path("error").asText()));
        assertThat(loginsOf(user)).isEmpty();

        admin.clearLoginFailures(realm.name(), user.id());
        HttpResponse<String> granted = token(user, Map.of("otp", app.next()));
        assertThat(granted.statusCode()).as("after unlock: " + granted.body()).isEqualTo(200);
    }

    private static void assertOAuthError(HttpResponse<String> response, String description) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        JsonNode error = admin.parse(response.body());
        assertThat(error.path("error").asText()).isEqualTo("invalid_grant");
        assertThat(error.path("error_description").asText()).isEqualTo(description);
        assertThat(error.has("access_token")).isFalse();
    }

    private static HttpResponse<String> token(TestUser user, Map<String, String> secondFactor) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        form.put("scope", "openid");
        form.put("username", user.username());
        form.put("password", user.password());
        form.putAll(secondFactor);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        keycloak.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
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

    /** Direct-grant LOGIN events of the user (the browser enrolment's LOGIN has no grant_type=password). */
    private static List<JsonNode> loginsOf(TestUser user) {
        return admin.userEvents(realm.name(), "LOGIN").stream()
                .filter(e -> user.id().equals(e.path("userId").asText()))
                .filter(e -> CLIENT.equals(e.path("clientId").asText()))
                .toList();
    }

    private static List<JsonNode> errorsOf(TestUser user) {
        return admin.userEvents(realm.name(), "LOGIN_ERROR").stream()
                .filter(e -> user.id().equals(e.path("userId").asText()))
                .filter(e -> CLIENT.equals(e.path("clientId").asText()))
                .toList();
    }
}

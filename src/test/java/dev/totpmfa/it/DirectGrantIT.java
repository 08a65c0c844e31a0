package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TokenEndpoint;
import dev.totpmfa.names.EventDetails;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scripts, CLIs and legacy apps log in with the resource-owner password grant: one POST, no pages. If our step
 * were weaker there than in the browser (a code usable twice, no lockout, no event), an attacker would simply use
 * the token endpoint. So the direct grant gets the browser's rules: a code once, a recovery code once, lockout
 * after the realm's strictest configured failures, LOGIN / LOGIN_ERROR events. Every refusal after the password
 * answers exactly as a wrong password does, so the token endpoint never tells whether the password was right.
 */
@KeycloakIT
class DirectGrantIT {

    private static final String FLOW = "direct-grant-totp-mfa";
    private static final String AUTHENTICATOR = ProviderIds.DIRECT_GRANT;
    private static final String CLIENT = "it-cli";
    /** Set on the browser step; the direct-grant step is configured leniently and must not get more guesses. */
    private static final int LOCKOUT_FAILURES = 3;
    private static final int LENIENT_GRANT_FAILURES = 50;

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("grant").enableRecoveryCodes()
            .configureAuthenticator(Map.of("lockout-failures", Integer.toString(LOCKOUT_FAILURES)));
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    @BeforeAll
    static void bindTheDirectGrantFlow() {
        admin.flows().installDirectGrantFlow(realm.name(), FLOW, AUTHENTICATOR);
        admin.flows().setExecutionConfig(realm.name(), FLOW, AUTHENTICATOR, "totp-mfa-grant-lockout",
                Map.of("lockout-failures", Integer.toString(LENIENT_GRANT_FAILURES),
                        "lockout-seconds", "1", "lockout-max-seconds", "1"));
        admin.clients().createDirectGrantClient(realm.name(), CLIENT);
    }

    @Test
    void flowIsBoundWithOurStepRequiredAndKeycloaksOtpDisabled() {
        assertThat(admin.realms().realm(realm.name()).path("directGrantFlow").asText()).isEqualTo(FLOW);
        List<JsonNode> executions = admin.flows().executions(realm.name(), FLOW);
        assertThat(executions).anySatisfy(e -> {
            assertThat(e.path("providerId").asText()).isEqualTo(AUTHENTICATOR);
            assertThat(e.path("requirement").asText()).isEqualTo("REQUIRED");
        });
        assertThat(executions).filteredOn(e -> e.path("authenticationFlow").asBoolean() && e.path("level").asInt() == 0)
                .as("Keycloak's conditional OTP subflow").isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("requirement").asText()).isEqualTo("DISABLED"));
    }

    /**
     * The right password without a code gets the wrong password's answer (status, error and description): a
     * different one would confirm the password. Nothing is counted against the user, since no code was evaluated.
     */
    @Test
    void passwordAloneIsAnsweredLikeAWrongPasswordAndCountsNothing() {
        TestUser user = realm.createUser();
        StepCodes app = HttpJourneys.enrol(realm, user).app();

        for (int i = 0; i <= LOCKOUT_FAILURES; i++) {
            assertRefusedLikeAWrongPassword(token(user, Map.of()), user);
        }
        assertThat(errorsOf(user)).as("LOGIN_ERROR of the missing code")
                .anyMatch(e -> "invalid_request".equals(e.path("error").asText()));
        HttpResponse<String> granted = token(user, Map.of("otp", app.next()));
        assertThat(granted.statusCode()).as("a code after requests without one: " + granted.body()).isEqualTo(200);
    }

    /**
     * A user who has not enrolled yet (enrolment needs a browser) gets no token for the password alone, nor for a
     * made-up code, and the answer is the wrong-password one, never a server error that confirms the password.
     */
    @Test
    void userWithoutASecondFactorGetsNoTokenAndTheWrongPasswordAnswer() {
        TestUser user = realm.createUser();

        assertRefusedLikeAWrongPassword(token(user, Map.of()), user);
        assertRefusedLikeAWrongPassword(token(user, Map.of("otp", "123456")), user);
        assertRefusedLikeAWrongPassword(token(user, Map.of("recovery_code", "ABCDE-FGHJK")), user);
    }

    @Test
    void codeWorksOnceAndWrongCodesAreRefused() {
        TestUser user = realm.createUser();
        StepCodes app = HttpJourneys.enrol(realm, user).app();

        assertRefusedLikeAWrongPassword(token(user, Map.of("otp", app.wrong())), user);
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

        assertRefusedLikeAWrongPassword(token(user, Map.of("otp", code)), user);
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
            assertThat(login.path("details").path("credential_type").asText())
                    .isEqualTo(ProviderIds.RECOVERY_CODES_CREDENTIAL);
            assertThat(login.path("details").path(EventDetails.RECOVERY_CODES_REMAINING).asText())
                    .isEqualTo(Integer.toString(codes.size() - 1));
        });

        assertRefusedLikeAWrongPassword(token(user, Map.of("recovery_code", code)), user);
        assertThat(loginsOf(user)).hasSize(1);
    }

    /**
     * Guessing over the token endpoint must stop as soon as in the browser: after {@value #LOCKOUT_FAILURES} wrong
     * codes even the right one is refused until an admin unlocks the user (or the wait is over). The direct-grant
     * step's own config allows {@value #LENIENT_GRANT_FAILURES} failures and one-second waits: the realm's strictest
     * setting (the browser step's) must apply, or an attacker would simply guess here.
     */
    @Test
    void lockoutStopsGuessingEvenWithTheRightCodeWhateverTheGrantStepSays() throws InterruptedException {
        TestUser user = realm.createUser();
        StepCodes app = HttpJourneys.enrol(realm, user).app();
        for (int i = 0; i < LOCKOUT_FAILURES; i++) {
            assertRefusedLikeAWrongPassword(token(user, Map.of("otp", app.wrong())), user);
        }
        Thread.sleep(1_500);

        assertRefusedLikeAWrongPassword(token(user, Map.of("otp", app.next())), user);
        assertThat(errorsOf(user)).as("LOGIN_ERROR while locked")
                .anyMatch(e -> "user_temporarily_disabled".equals(e.path("error").asText()));
        assertThat(loginsOf(user)).isEmpty();

        admin.users().clearLoginFailures(realm.name(), user.id());
        HttpResponse<String> granted = token(user, Map.of("otp", app.next()));
        assertThat(granted.statusCode()).as("after unlock: " + granted.body()).isEqualTo(200);
    }

    /**
     * The refusal is the same answer as a wrong password of the same user on the same server: status, content type
     * and JSON body (Keycloak 26.6 and later: HTTP 400, before: 401; {@code invalid_grant}, "Invalid user
     * credentials").
     */
    private static void assertRefusedLikeAWrongPassword(HttpResponse<String> response, TestUser user) {
        HttpResponse<String> wrongPassword = token(new TestUser(user.id(), user.username(), user.password() + "x"),
                Map.of());
        assertThat(wrongPassword.statusCode()).as("wrong password: " + wrongPassword.body()).isIn(400, 401);
        assertThat(admin.parse(wrongPassword.body()).path("error_description").asText())
                .isEqualTo("Invalid user credentials");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(wrongPassword.statusCode());
        assertThat(admin.parse(response.body())).isEqualTo(admin.parse(wrongPassword.body()));
        assertThat(response.headers().firstValue("Content-Type"))
                .isEqualTo(wrongPassword.headers().firstValue("Content-Type"));
        assertThat(admin.parse(response.body()).has("access_token")).isFalse();
    }

    private static HttpResponse<String> token(TestUser user, Map<String, String> secondFactor) {
        Map<String, String> extra = new LinkedHashMap<>(secondFactor);
        extra.put("scope", "openid");
        return TokenEndpoint.passwordGrant(keycloak, realm.name(), CLIENT, user, extra);
    }

    /** Direct-grant LOGIN events of the user (the browser enrolment's LOGIN has no grant_type=password). */
    private static List<JsonNode> loginsOf(TestUser user) {
        return admin.events().userEvents(realm.name(), "LOGIN").stream()
                .filter(e -> user.id().equals(e.path("userId").asText()))
                .filter(e -> CLIENT.equals(e.path("clientId").asText()))
                .toList();
    }

    private static List<JsonNode> errorsOf(TestUser user) {
        return admin.events().userEvents(realm.name(), "LOGIN_ERROR").stream()
                .filter(e -> user.id().equals(e.path("userId").asText()))
                .filter(e -> CLIENT.equals(e.path("clientId").asText()))
                .toList();
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.HttpLoginSession;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.Together;
import dev.totpmfa.it.support.TotpDevice;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Accepted once" must hold under a race, not only one request after another: an attacker who sees a code
 * fires it from many sessions at the same moment the user submits it. Twenty login sessions stand on the TOTP
 * page, then all post the same valid code at once; a check-then-write without an atomic step would let several
 * through. Plain HTTP, so that the twenty posts really are parallel.
 */
@KeycloakIT
class ConcurrentLoginIT {

    private static final int SESSIONS = 20;
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("race");
    private static final AdminApi admin = KeycloakTargets.admin();
    private static TestUser user;
    private static TotpDevice device;

    @BeforeAll
    static void enrol() {
        user = realm.createUser();
        try (Browser browser = new Browser()) {
            device = BrowserJourneys.enrol(browser, realm, user, "Phone");
        }
    }

    @Test
    void sameCodeFromTwentyParallelSessionsLogsInExactlyOnce() throws Exception {
        int loginsBefore = eventsOfUser("LOGIN").size();
        List<HttpLoginSession> sessions = Together.inParallel(SESSIONS, () -> {
            HttpLoginSession session = new HttpLoginSession(realm);
            session.loginWithPassword(user);
            return session;
        });
        assertThat(sessions).allMatch(HttpLoginSession::showsTotpForm);

        String code = device.nextUnusedCode();
        List<HttpResponse<String>> responses = Together.atOnce(sessions, session -> session.submitOtp(code));

        assertThat(responses).filteredOn(response -> HttpLoginSession.isSuccess(response, realm))
                .as("logins that got through").hasSize(1);
        // The losers are checked one after another (the lockout's per-user gate): each is a refused replay,
        // and once the failures reach the lockout threshold the page says so instead.
        assertThat(responses).filteredOn(response -> response.statusCode() == 200
                && response.body().contains("id=\"totp-mfa-login-form\"")
                && (response.body().contains("id=\"input-error-otp\"")
                        || response.body().contains("Too many failed attempts")))
                .as("TOTP pages shown again with an error").hasSize(SESSIONS - 1);

        assertThat(eventsOfUser("LOGIN")).hasSize(loginsBefore + 1);
        assertThat(eventsOfUser("LOGIN_ERROR"))
                // Refused as a replay, or (still queued when the gate's wait ran out) as slow_down.
                .filteredOn(event -> List.of("invalid_user_credentials", "slow_down")
                        .contains(event.path("error").asText()))
                .hasSizeGreaterThanOrEqualTo(1);
        Pattern asToken = Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])");
        assertThat(asToken.matcher(admin.events().userEventsJson(realm.name())).find()).as("code in user events")
                .isFalse();
        assertThat(asToken.matcher(admin.events().adminEventsJson(realm.name())).find()).as("code in admin events")
                .isFalse();
    }

    private static List<JsonNode> eventsOfUser(String type) {
        return admin.events().userEvents(realm.name(), type).stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .toList();
    }
}

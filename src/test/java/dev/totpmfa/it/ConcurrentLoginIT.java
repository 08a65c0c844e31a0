package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.Flows;
import dev.totpmfa.it.support.HttpLoginSession;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Accepted once" must hold under a race, not only one request after another: an attacker who sees a code
 * fires it from many sessions at the same moment the user submits it. Twenty login sessions stand on the TOTP
 * page, then all post the same valid code at once; a check-then-write without an atomic step would let several
 * through. Plain HTTP, so that the twenty posts really are parallel.
 */
@KeycloakIT
class ConcurrentLoginIT {

    private static final int SESSIONS = 20;
    private static TestRealm realm;
    private static AdminApi admin;
    private static TestUser user;
    private static TotpDevice device;

    @BeforeAll
    static void setUp(KeycloakTarget keycloak, AdminApi adminApi) {
        admin = adminApi;
        realm = TestRealm.create(keycloak, admin, "race");
        user = realm.createUser();
        try (Browser browser = Browser.start()) {
            device = Flows.enrol(browser, realm, user, "Phone");
        }
    }

    @AfterAll
    static void tearDown() {
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void sameCodeFromTwentyParallelSessionsLogsInExactlyOnce() throws Exception {
        int loginsBefore = eventsOfUser("LOGIN").size();
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try {
            List<HttpLoginSession> sessions = new ArrayList<>();
            List<Future<String>> pages = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                HttpLoginSession session = new HttpLoginSession(realm);
                sessions.add(session);
                pages.add(pool.submit(() -> session.loginWithPassword(user)));
            }
            for (Future<String> page : pages) {
                page.get(120, TimeUnit.SECONDS);
            }
            assertThat(sessions).allMatch(HttpLoginSession::showsTotpForm);

            String code = device.nextUnusedCode();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> posts = new ArrayList<>();
            for (HttpLoginSession session : sessions) {
                posts.add(pool.submit(() -> {
                    start.await();
                    return session.submitOtp(code);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> post : posts) {
                responses.add(post.get(120, TimeUnit.SECONDS));
            }

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
            assertThat(asToken.matcher(admin.userEventsJson(realm.name())).find()).as("code in user events").isFalse();
            assertThat(asToken.matcher(admin.adminEventsJson(realm.name())).find()).as("code in admin events")
                    .isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<JsonNode> eventsOfUser(String type) {
        return admin.userEvents(realm.name(), type).stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .toList();
    }
}

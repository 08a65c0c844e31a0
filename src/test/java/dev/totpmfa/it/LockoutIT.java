package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.Flows;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.HttpJourneys.Enrolled;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Six digits are a million codes; without a lockout an attacker who has the password tries them all. The lockout
 * must hold across sessions and browsers (otherwise a new cookie jar resets it), must not evaluate codes while it
 * lasts (otherwise a correct guess during the lockout is confirmed), must end by itself, by an admin's unlock or by
 * a recovery code, and must stop authenticator codes for good after 100 failures (NIST SP 800-63B §5.2.2). The
 * realm uses 3 failures and 5 seconds instead of the defaults, so that the waits fit in a test.
 */
@KeycloakIT
class LockoutIT {

    private static final int FAILURES = 3;
    private static final Duration LOCKOUT = Duration.ofSeconds(5);
    private static final String LOCKED = "Too many failed attempts";
    private static final String EVALUATED_AND_WRONG = "Invalid or already used code";
    private static final String CEILING = "ask your administrator";
    private static TestRealm realm;
    private static Browser browser;
    private static AdminApi admin;
    private static KeycloakTarget keycloak;

    @BeforeAll
    static void setUp(KeycloakTarget target, AdminApi adminApi) {
        keycloak = target;
        admin = adminApi;
        realm = TestRealm.create(keycloak, admin, "lockout").enableRecoveryCodes().useFastPasswordHashing()
                .configureAuthenticator(Map.of("lockout-failures", Integer.toString(FAILURES),
                        "lockout-seconds", Long.toString(LOCKOUT.toSeconds())));
        browser = Browser.start();
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void failuresLockEverySessionWithoutEvaluatingCodesUntilTheWaitEnds() throws InterruptedException {
        TestUser user = realm.createUser();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        LoginPage page = Flows.passwordThenTotp(browser, realm, user);
        for (int i = 1; i <= FAILURES; i++) {
            page.submit(enrolled.app().wrong());
            page = new LoginPage(browser);
            assertThat(page.fieldError()).as("error of failure %d", i).isPresent();
        }
        Instant lockedAt = Instant.now();

        // The code stays unused while the lockout lasts: it works afterwards only if it was never evaluated.
        String correct = enrolled.app().next();
        page.submit(correct);
        page = new LoginPage(browser);
        assertThat(page.pageText()).as("the browser that failed").contains(LOCKED);
        assertThat(Browser.isCallback(realm, browser.currentUrl())).isFalse();

        PlainHttpSession otherSession = new PlainHttpSession(realm);
        otherSession.loginWithPassword(user);
        HttpResponse<String> answer = otherSession.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct));
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as("a second session with the correct code").isFalse();
        assertThat(answer.body()).as("a second session").contains(LOCKED);

        sleepUntil(lockedAt.plus(LOCKOUT).plusMillis(700));
        page.submit(correct);
        browser.awaitCallback(realm);
    }

    @Test
    void adminUnlockEndsTheLockoutAtOnce() {
        TestUser user = realm.createUser();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        for (int i = 0; i < FAILURES; i++) {
            session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
        }
        String correct = enrolled.app().next();
        assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct)).body()).contains(LOCKED);

        admin.clearLoginFailures(realm.name(), user.id());

        assertThat(PlainHttpSession.reachedClient(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct)), realm))
                .as("the correct code right after the unlock").isTrue();
    }

    /**
     * Drives 100 failures sequentially with the fastest lockout the config allows (50 free failures, then a wait of
     * one second per failure), so that the count of evaluated codes is exact.
     */
    @Test
    void afterOneHundredFailuresOnlyARecoveryCodeOrAnAdminHelps() throws InterruptedException {
        try (TestRealm ceilingRealm = TestRealm.create(keycloak, admin, "ceiling").enableRecoveryCodes()
                .useFastPasswordHashing()
                .configureAuthenticator(Map.of("lockout-failures", "50", "lockout-seconds", "1",
                        "lockout-max-seconds", "1"))) {
            TestUser user = ceilingRealm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(ceilingRealm, user);
            PlainHttpSession session = new PlainHttpSession(ceilingRealm);
            session.loginWithPassword(user);
            String wrong = enrolled.app().wrong();

            int evaluated = 0;
            Instant deadline = Instant.now().plusSeconds(150);
            while (Instant.now().isBefore(deadline)) {
                String body = session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", wrong)).body();
                if (body.contains(CEILING)) {
                    break;
                }
                if (body.contains(LOCKED)) {
                    Thread.sleep(150);
                } else {
                    assertThat(body).as("answer to failure %d", evaluated + 1).contains("Invalid or already used code");
                    evaluated++;
                }
            }
            assertThat(evaluated).as("wrong codes evaluated before the ceiling").isEqualTo(100);

            String correct = enrolled.app().next();
            assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct)).body()).contains(CEILING);
            Thread.sleep(2_000);
            HttpResponse<String> afterWaiting = session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct));
            assertThat(PlainHttpSession.reachedClient(afterWaiting, ceilingRealm)).as("correct code after waiting").isFalse();
            assertThat(afterWaiting.body()).contains(CEILING);

            HttpResponse<String> recovered = HttpJourneys.recoveryLogin(ceilingRealm, user, enrolled.recoveryCodes().get(0));
            assertThat(PlainHttpSession.reachedClient(recovered, ceilingRealm)).as("recovery code at the ceiling").isTrue();

            PlainHttpSession afterRecovery = new PlainHttpSession(ceilingRealm);
            afterRecovery.loginWithPassword(user);
            assertThat(PlainHttpSession.reachedClient(
                    afterRecovery.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct)), ceilingRealm))
                    .as("the recovery reset the count, and the refused code was never used").isTrue();
        }
    }

    @Test
    void realmBruteForceDetectionCountsOurFailures() throws InterruptedException {
        admin.updateRealm(realm.name(), admin.json().createObjectNode()
                .put("bruteForceProtected", true).put("failureFactor", 30));
        try {
            TestUser user = realm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(realm, user);
            PlainHttpSession session = new PlainHttpSession(realm);
            session.loginWithPassword(user);

            session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
            int afterCode = awaitFailures(user, 1);
            assertThat(afterCode).as("Keycloak's numFailures after a wrong authenticator code").isGreaterThanOrEqualTo(1);

            session.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", "00000-00000"));
            assertThat(awaitFailures(user, afterCode + 1)).as("Keycloak's numFailures after a wrong recovery code")
                    .isGreaterThan(afterCode);

            // Our lockout still counts when Keycloak does the counting: the third failure locks.
            session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
            Thread.sleep(300);
            assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next())).body())
                    .as("locked after %d failures with realm brute-force detection on", FAILURES).contains(LOCKED);
        } finally {
            admin.updateRealm(realm.name(), admin.json().createObjectNode().put("bruteForceProtected", false));
        }
    }

    /**
     * An attacker with the password opens many sessions and posts guesses in parallel. The lockout must count
     * them as it counts sequential ones, or each lockout window evaluates as many codes as there are sessions,
     * and the 100-failure ceiling only holds for sequential guesses.
     */
    @Test
    void parallelGuessesAreThrottledLikeSequentialOnes() throws Exception {
        int sessions = 20;
        TestUser user = realm.createUser();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<PlainHttpSession>> logins = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                logins.add(pool.submit(() -> {
                    PlainHttpSession session = new PlainHttpSession(realm);
                    session.loginWithPassword(user);
                    return session;
                }));
            }
            String wrong = enrolled.app().wrong();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (Future<PlainHttpSession> login : logins) {
                PlainHttpSession session = login.get();
                answers.add(pool.submit(() -> {
                    start.await();
                    return session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", wrong)).body();
                }));
            }
            start.countDown();
            int evaluated = 0;
            for (Future<String> answer : answers) {
                evaluated += answer.get(60, TimeUnit.SECONDS).contains(EVALUATED_AND_WRONG) ? 1 : 0;
            }
            assertThat(evaluated).as("parallel guesses evaluated with lockout-failures=%d", FAILURES)
                    .isLessThanOrEqualTo(FAILURES);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Keycloak may record failures after the answer was sent; waits up to 5 s for at least {@code expected}. */
    private static int awaitFailures(TestUser user, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        int failures;
        do {
            JsonNode status = admin.bruteForceStatus(realm.name(), user.id());
            failures = status.path("numFailures").asInt();
            if (failures >= expected) {
                return failures;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return failures;
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.CodeGuesser;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.Together;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    /**
     * The core runs (older Keycloak versions, the container) leave out what only our own code decides and the full
     * run on keycloak.version proves, where it costs them a minute or more each: the exact count of 100 evaluated codes
     * (the ceiling itself is reached in every run, by the durable-ceiling test) and the restart (the ceiling lives in
     * the database in every version; KeycloakUpgradeIT also carries it across a Keycloak upgrade).
     */
    private static final boolean CORE_RUN = Boolean.getBoolean("it.coreRun");
    private static final String LOCKED = CodeGuesser.LOCKED;
    private static final String EVALUATED_AND_WRONG = CodeGuesser.EVALUATED_AND_WRONG;
    private static final String CEILING = CodeGuesser.CEILING;
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("lockout").enableRecoveryCodes().useFastPasswordHashing()
            .configureAuthenticator(Map.of("lockout-failures", Integer.toString(FAILURES),
                    "lockout-seconds", Long.toString(LOCKOUT.toSeconds())));
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    @Test
    void failuresLockEverySessionWithoutEvaluatingCodesUntilTheWaitEnds() throws InterruptedException {
        TestUser user = realm.createUser();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        LoginPage page = BrowserJourneys.passwordThenTotp(browser, realm, user);
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
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as("a second session with the correct code")
                .isFalse();
        assertThat(answer.body()).as("a second session").contains(LOCKED);

        sleepUntil(lockedAt.plus(LOCKOUT).plusMillis(700));
        page.submit(correct);
        browser.awaitCallback(realm);
    }

    @Test
    void adminUnlockEndsTheLockoutAtOnce() {
        TestUser user = realm.createUser();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        CodeGuesser guesser = CodeGuesser.pastThePassword(realm, user, enrolled);
        for (int i = 0; i < FAILURES; i++) {
            guesser.guess();
        }
        String correct = enrolled.app().next();
        assertThat(guesser.submit(correct).body()).contains(LOCKED);

        admin.users().clearLoginFailures(realm.name(), user.id());

        assertThat(PlainHttpSession.reachedClient(guesser.submit(correct), realm))
                .as("the correct code right after the unlock").isTrue();
    }

    /**
     * Drives 100 failures sequentially with the fastest lockout the config allows (50 free failures, then a wait of
     * one second per failure), so that the count of evaluated codes is exact.
     */
    @Test
    void afterOneHundredFailuresOnlyARecoveryCodeOrAnAdminHelps() throws InterruptedException {
        assumeFalse(CORE_RUN, "fifty one-second waits; the count is checked in the full run");
        try (TestRealm ceilingRealm = fastestLockoutRealm("ceiling")) {
            TestUser user = ceilingRealm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(ceilingRealm, user);
            CodeGuesser guesser = CodeGuesser.pastThePassword(ceilingRealm, user, enrolled);
            PlainHttpSession session = guesser.session();

            int evaluated = guesser.guessUntilCeiling(Duration.ofSeconds(150));
            assertThat(evaluated).as("wrong codes evaluated before the ceiling").isEqualTo(100);

            String correct = enrolled.app().next();
            assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct)).body()).contains(CEILING);
            Thread.sleep(2_000);
            HttpResponse<String> afterWaiting = session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct));
            assertThat(PlainHttpSession.reachedClient(afterWaiting, ceilingRealm)).as("correct code after waiting")
                    .isFalse();
            assertThat(afterWaiting.body()).contains(CEILING);

            // The recovery reset the count, and the refused code was never used.
            assertARecoveryCodeEndsTheCeiling(ceilingRealm, user, enrolled, correct);
        }
    }

    @Test
    void realmBruteForceDetectionCountsOurFailures() throws InterruptedException {
        admin.realms().updateRealm(realm.name(), admin.json().createObjectNode()
                .put("bruteForceProtected", true).put("failureFactor", 30).put("quickLoginCheckMilliSeconds", 1));
        try {
            TestUser user = realm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(realm, user);
            PlainHttpSession session = new PlainHttpSession(realm);
            session.loginWithPassword(user);

            session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
            int afterCode = awaitFailures(user, 1);
            assertThat(afterCode).as("Keycloak's numFailures after a wrong authenticator code")
                    .isGreaterThanOrEqualTo(1);

            session.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", "00000-00000"));
            assertThat(awaitFailures(user, afterCode + 1)).as("Keycloak's numFailures after a wrong recovery code")
                    .isGreaterThan(afterCode);

            // Our lockout still counts when Keycloak does the counting: the third failure locks.
            session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
            Thread.sleep(300);
            assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next())).body())
                    .as("locked after %d failures with realm brute-force detection on", FAILURES).contains(LOCKED);
        } finally {
            admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("bruteForceProtected", false));
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
        List<PlainHttpSession> logins = Together.inParallel(sessions, () -> {
            PlainHttpSession session = new PlainHttpSession(realm);
            session.loginWithPassword(user);
            return session;
        });
        String wrong = enrolled.app().wrong();
        List<String> answers = Together.atOnce(logins,
                session -> session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", wrong)).body());
        long evaluated = answers.stream().filter(answer -> answer.contains(EVALUATED_AND_WRONG)).count();
        assertThat(evaluated).as("parallel guesses answered as evaluated with lockout-failures=%d", FAILURES)
                .isEqualTo(FAILURES);
        assertThat(evaluatedByServer(user))
                .as("guesses the server evaluated (LOGIN_ERROR invalid_user_credentials)")
                .isEqualTo(FAILURES);
    }

    /**
     * With the realm's brute-force detection on, Keycloak counts a failed code on a background thread after the
     * answer; our own count must not wait for it. Parallel guesses, then guesses as fast as the server answers,
     * then the right code without any pause: exactly {@value #FAILURES} guesses are evaluated, never more.
     * (Parallel guesses may also be refused by Keycloak's own "login in progress" check: not evaluated either.)
     */
    @Test
    void ourCountIsWrittenAtOnceWithRealmBruteForceDetectionOn() throws Exception {
        admin.realms().updateRealm(realm.name(),
                bruteForce(true).put("failureFactor", 1000).put("quickLoginCheckMilliSeconds", 1));
        try {
            TestUser user = realm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(realm, user);
            List<PlainHttpSession> sessions = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PlainHttpSession session = new PlainHttpSession(realm);
                session.loginWithPassword(user);
                sessions.add(session);
            }
            String wrong = enrolled.app().wrong();
            Together.atOnce(sessions, parallel -> parallel.post(HttpJourneys.LOGIN_FORM, Map.of("otp", wrong)));
            PlainHttpSession session = sessions.get(0);
            for (int i = 0; i < 2 * FAILURES && !session.pageContains(LOCKED); i++) {
                session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", wrong));
            }
            HttpResponse<String> right = session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next()));
            assertThat(PlainHttpSession.reachedClient(right, realm)).as("the right code right after").isFalse();
            assertThat(right.body()).contains(LOCKED);
            assertThat(evaluatedByServer(user)).as("guesses evaluated with realm brute-force detection on")
                    .isEqualTo(FAILURES);
        } finally {
            admin.realms().updateRealm(realm.name(), bruteForce(false));
        }
    }

    /**
     * Keycloak's own OTP form checks nothing while the realm's brute-force detection disables the user; ours must
     * not either, or the realm's lockout would be a lockout of the password only.
     */
    @Test
    void nothingIsEvaluatedWhileTheRealmDisablesTheUser() throws InterruptedException {
        admin.realms().updateRealm(realm.name(),
                bruteForce(true).put("failureFactor", 2).put("waitIncrementSeconds", 60)
                        .put("quickLoginCheckMilliSeconds", 1));
        try {
            TestUser user = realm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(realm, user);
            PlainHttpSession session = new PlainHttpSession(realm);
            session.loginWithPassword(user);
            session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
            session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
            Instant deadline = Instant.now().plusSeconds(10);
            while (!admin.users().bruteForceStatus(realm.name(), user.id()).path("disabled").asBoolean()
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(admin.users().bruteForceStatus(realm.name(), user.id()).path("disabled").asBoolean())
                    .as("Keycloak disabled the user after two failures").isTrue();

            HttpResponse<String> right = session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next()));
            assertThat(PlainHttpSession.reachedClient(right, realm)).as("the right code while disabled").isFalse();
            assertThat(admin.events().userEvents(realm.name(), "LOGIN_ERROR")).as("refused as Keycloak's form refuses")
                    .anyMatch(e -> user.id().equals(e.path("userId").asText())
                            && "user_temporarily_disabled".equals(e.path("error").asText()));
            assertThat(evaluatedByServer(user)).as("codes evaluated").isEqualTo(2);
        } finally {
            admin.realms().updateRealm(realm.name(), bruteForce(false));
        }
    }

    /**
     * The ceiling must hold until a recovery code or an admin ends it: not only until Keycloak's login-failure
     * record expires (the realm's failure-reset time, here 3 s) or the servers restart. With a window of 10 steps
     * each side a guess covers 21 codes, so the budget of 100 guesses at a one-step window is spent after 14.
     */
    @Test
    void theCeilingSurvivesTheFailureResetTimeAndARestart() throws InterruptedException {
        try (TestRealm ceilingRealm = fastestLockoutRealm("durable")) {
            admin.realms().updateRealm(ceilingRealm.name(), bruteForce(true).put("failureFactor", 1000)
                    .put("maxDeltaTimeSeconds", 3).put("quickLoginCheckMilliSeconds", 1)
                    .put("otpPolicyType", "totp").put("otpPolicyAlgorithm", TestRealm.OtpPolicy.FAST.algorithm())
                    .put("otpPolicyDigits", TestRealm.OtpPolicy.FAST.digits())
                    .put("otpPolicyPeriod", TestRealm.OtpPolicy.FAST.periodSeconds())
                    .put("otpPolicyInitialCounter", 0).put("otpPolicyLookAheadWindow", 10));
            TestUser user = ceilingRealm.createUser();
            Enrolled enrolled = HttpJourneys.enrol(ceilingRealm, user);
            CodeGuesser guesser = CodeGuesser.pastThePassword(ceilingRealm, user, enrolled);
            PlainHttpSession session = guesser.session();
            int evaluated = guesser.guessUntilCeiling(Duration.ofSeconds(200));
            assertThat(evaluated).as("wrong codes evaluated before the ceiling with a window of 10").isEqualTo(14);

            Thread.sleep(4_000);
            String correct = enrolled.app().next();
            assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct)).body())
                    .as("after the realm's failure-reset time").contains(CEILING);

            if (!CORE_RUN && keycloak.supportsRestart()) {
                keycloak.restart(List.of());
                PlainHttpSession afterRestart = new PlainHttpSession(ceilingRealm);
                afterRestart.loginWithPassword(user);
                HttpResponse<String> answer = afterRestart.post(HttpJourneys.LOGIN_FORM, Map.of("otp", correct));
                assertThat(PlainHttpSession.reachedClient(answer, ceilingRealm)).as("after a restart").isFalse();
                assertThat(answer.body()).contains(CEILING);
            }

            assertARecoveryCodeEndsTheCeiling(ceilingRealm, user, enrolled, correct);
        }
    }

    /** At the ceiling a recovery code signs the user in, and then {@code code} (never evaluated) works again. */
    private static void assertARecoveryCodeEndsTheCeiling(TestRealm ceilingRealm, TestUser user, Enrolled enrolled,
                                                          String code) {
        HttpResponse<String> recovered = HttpJourneys.recoveryLogin(ceilingRealm, user,
                enrolled.recoveryCodes().get(0));
        assertThat(PlainHttpSession.reachedClient(recovered, ceilingRealm)).as("recovery code at the ceiling")
                .isTrue();
        PlainHttpSession afterRecovery = new PlainHttpSession(ceilingRealm);
        afterRecovery.loginWithPassword(user);
        assertThat(PlainHttpSession.reachedClient(afterRecovery.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)),
                ceilingRealm)).as("the code after the recovery").isTrue();
    }

    /** A realm of its own with the fastest lockout the config allows: 50 free failures, then one second each. */
    private static TestRealm fastestLockoutRealm(String purpose) {
        return TestRealm.create(keycloak, admin, purpose).enableRecoveryCodes().useFastPasswordHashing()
                .configureAuthenticator(Map.of("lockout-failures", "50", "lockout-seconds", "1",
                        "lockout-max-seconds", "1"));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode bruteForce(boolean on) {
        return admin.json().createObjectNode().put("bruteForceProtected", on);
    }

    /** Codes the server evaluated and refused for the user: its LOGIN_ERROR events {@code invalid_user_credentials}. */
    private static long evaluatedByServer(TestUser user) {
        return admin.events().userEvents(realm.name(), "LOGIN_ERROR").stream()
                .filter(e -> user.id().equals(e.path("userId").asText()))
                .filter(e -> "invalid_user_credentials".equals(e.path("error").asText()))
                .count();
    }

    /** Keycloak may record failures after the answer was sent; waits up to 5 s for at least {@code expected}. */
    private static int awaitFailures(TestUser user, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        int failures;
        do {
            JsonNode status = admin.users().bruteForceStatus(realm.name(), user.id());
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

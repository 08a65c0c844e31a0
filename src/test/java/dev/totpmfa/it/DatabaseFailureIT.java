package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakOnOwnPostgres;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.Postgres;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TokenEndpoint;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.trust.TrustCookie;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The database stops under a running Keycloak ({@code pg_ctl -m immediate} on a PostgreSQL of the test's own) while
 * users sign in, enrol, use recovery codes, guess, postpone and bring trusted browsers, and starts again. What must
 * hold: nobody gets a session or a token without a code; nothing the database did not commit counts (no spent code,
 * no recovery code gone, no failure counted, no device, no postponement); no answer of ours is a server error (where
 * Keycloak itself answers, its own error page, which the assertions pin); and once the database is back, without a
 * Keycloak restart, everything works and counts again. A revoked browser stays revoked.
 *
 * <p>One Keycloak for the class; each test stops and starts only the database. Runs in the {@code fault} execution of
 * the pom, in a JVM of its own, because it starts its own server and database.
 *
 * <p>What is ours was seen to fail its test with a temporary edit of the main code (reverted): the step answering a
 * database error itself with its code page ("Invalid or already used code") fails the browser test and the wrong-code
 * test (a page of ours while the database is down); a trusted browser remembered in the node's memory fails the
 * revoked-browser test once the database is back; a recovery code checked although the user's state could not be
 * locked, with its single-use claim kept after the rollback, fails the recovery-code test (the same code refused once
 * the database is back; either edit alone does not: the check then stops at the database before the claim, or the
 * claim is given back); the setup action going on when it cannot tell whether a code is needed, with its claim on the
 * pending secret kept after the rollback, fails the enrolment test (the same page posted again says "busy"). The rest
 * is Keycloak's and the database's: while it is down, Keycloak's own lookups (the user at the password step, or when
 * it is not in Keycloak's cache, the client of a direct grant, the user session) fail first, and nothing, in the
 * request's transaction or in one of its own, can commit.
 */
@Tag("fault")
class DatabaseFailureIT {

    /** A wide window: a code typed while the database was down is still inside it once the database is back. */
    private static final TestRealm.OtpPolicy POLICY = new TestRealm.OtpPolicy("HmacSHA1", 6, 30);
    private static final int WINDOW = 10;
    private static final int FAILURES = 3;
    private static final int ISSUED = 10;
    private static final int GRACE = 3;
    private static final String GRANT_FLOW = "direct-grant-totp-mfa";
    private static final String GRANT_CLIENT = "it-dbstop-cli";
    private static final String STATE_TYPE = "totp-mfa-user-state";
    private static final String TRUSTED_TYPE = "totp-mfa-trusted-browser";
    private static final String LOCKED = "Too many failed attempts";
    private static final String RECOVERY_REFUSED = "Invalid or already used recovery code";
    /** The marker of our templates ({@code <!-- template: totp-mfa-….ftl -->}). */
    private static final String OUR_TEMPLATE = "template: totp-mfa-";
    /** Keycloak's error page (keycloak.v2 error.ftl) for an error it did not expect. */
    private static final String KEYCLOAK_SERVER_ERROR = "An internal server error has occurred";
    private static final Duration ROW_LOCK_HELD = Duration.ofSeconds(3);

    @RegisterExtension
    static final Browser browser = new Browser();
    private static KeycloakOnOwnPostgres keycloak;
    private static AdminApi admin;
    private static TestRealm realm;

    @BeforeAll
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    static void startKeycloakOnItsOwnPostgres() {
        Instant begin = Instant.now();
        keycloak = KeycloakOnOwnPostgres.start(List.of());
        System.out.printf("[it] Keycloak on its own PostgreSQL ready after %d s%n",
                Duration.between(begin, Instant.now()).toSeconds());
        admin = new AdminApi(keycloak.server());
        realm = TestRealm.create(keycloak.server(), admin, "dbstop", POLICY).enableRecoveryCodes()
                .useFastPasswordHashing()
                .configureAuthenticator(Map.of("lockout-failures", Integer.toString(FAILURES),
                        "lockout-seconds", "3600", "trust-browser-days", "30"));
        admin.realms().updateRealm(realm.name(),
                admin.json().createObjectNode().put("otpPolicyLookAheadWindow", WINDOW));
        HttpResponse<String> grace = admin.flows().putRequiredActionConfig(realm.name(), "totp-mfa-setup",
                Map.of("grace-logins", Integer.toString(GRACE)));
        assertThat(grace.statusCode()).as(grace.body()).isBetween(200, 204);
        admin.flows().installDirectGrantFlow(realm.name(), GRANT_FLOW, "totp-mfa-direct-grant");
        admin.clients().createDirectGrantClient(realm.name(), GRANT_CLIENT);
    }

    @AfterAll
    static void stopKeycloakAndItsDatabase() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void aCodeWhileTheDatabaseIsDownSignsNobodyInIsNotSpentAndWorksOnceItIsBack() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        StepCodes app = enrolled.app().withWindow(WINDOW);
        long stepBefore = lastUsedStep(enrolled.user());
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(enrolled.user());
        String code = app.next();
        String grantCode = app.next();

        Answers down = whileTheDatabaseIsDown(() -> new Answers(
                browser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)),
                TokenEndpoint.passwordGrant(keycloak.server(), realm.name(), GRANT_CLIENT, enrolled.user(),
                        Map.of("otp", grantCode))));

        report("the right code while the database is down", down.browser());
        report("the direct grant with the right code while the database is down", down.grant());
        assertThat(PlainHttpSession.reachedClient(down.browser(), realm)).as("signed in").isFalse();
        assertNoPageOfOurs(down.browser());
        assertThat(down.grant().body()).as("direct grant answer").doesNotContain("access_token");
        assertNoPageOfOurs(down.grant());

        assertThat(lastUsedStep(enrolled.user())).as("the device's last used step, as committed")
                .isEqualTo(stepBefore);
        assertThat(signInWithCode(enrolled.user(), code)).as("the same code once the database is back").isTrue();
        assertThat(lastUsedStep(enrolled.user())).as("the step, committed once the database is back")
                .isGreaterThan(stepBefore);
        HttpResponse<String> grant = TokenEndpoint.passwordGrant(keycloak.server(), realm.name(), GRANT_CLIENT,
                enrolled.user(), Map.of("otp", grantCode));
        assertThat(grant.body()).as("the direct grant's code once the database is back").contains("access_token");
        assertThat(signInWithCode(enrolled.user(), code)).as("the code, spent now").isFalse();
    }

    /**
     * What a person sees: the code typed in a real browser while the database is down gets Keycloak's error page
     * (none of ours); once the database is back, the same browser signs in again, with the same code.
     */
    @Test
    void aBrowserShowsKeycloaksErrorPageThenSignsInOnceTheDatabaseIsBack() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        String code = enrolled.app().withWindow(WINDOW).next();
        LoginPage page = BrowserJourneys.passwordThenTotp(browser, realm, enrolled.user());

        String shown = whileTheDatabaseIsDown(() -> {
            page.submit(code);
            return browser.driver().getTitle() + " | " + browser.driver().findElement(By.tagName("body")).getText();
        });

        System.out.println("[it] a browser's page after the code while the database is down: "
                + shown.replaceAll("\\s+", " "));
        assertThat(Browser.isCallback(realm, browser.currentUrl())).as("signed in").isFalse();
        assertThat(browser.pageSource()).doesNotContain(OUR_TEMPLATE);
        assertThat(shown).contains(KEYCLOAK_SERVER_ERROR);

        BrowserJourneys.passwordThenTotp(browser, realm, enrolled.user()).submit(code);
        browser.awaitCallback(realm);
    }

    /**
     * The user mistypes a recovery code first (Keycloak now holds the user in its cache, so the next post reaches our
     * step, not just Keycloak's lookup of the user), then types the right one while the database is down: our step
     * checks nothing without the user's state locked in the database, and lets the database's error through.
     */
    @Test
    void aRecoveryCodeWhileTheDatabaseIsDownIsNotSpent() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        String code = enrolled.recoveryCodes().get(0);
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(enrolled.user());
        browser.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", "00000-00000"));
        assertThat(browser.pageContains(RECOVERY_REFUSED)).as(browser.page()).isTrue();

        HttpResponse<String> down = whileTheDatabaseIsDown(
                () -> browser.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", code)));

        report("a recovery code while the database is down", down);
        assertThat(PlainHttpSession.reachedClient(down, realm)).isFalse();
        assertThat(down.body()).doesNotContain("id=\"totp-mfa-recovery-remaining\"");
        assertNoPageOfOurs(down);
        assertThat(remainingRecoveryCodes(enrolled.user())).as("codes left, as committed").isEqualTo(ISSUED);

        HttpResponse<String> after = HttpJourneys.recoveryLogin(realm, enrolled.user(), code);
        assertThat(PlainHttpSession.reachedClient(after, realm)).as("the same code once the database is back")
                .isTrue();
        assertThat(remainingRecoveryCodes(enrolled.user())).isEqualTo(ISSUED - 1);
    }

    @Test
    void wrongCodesWhileTheDatabaseIsDownAreNotCountedAndTheCountGoesOnAfter() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        StepCodes app = enrolled.app().withWindow(WINDOW);
        PlainHttpSession guessing = new PlainHttpSession(realm);
        guessing.loginWithPassword(enrolled.user());
        guessing.post(HttpJourneys.LOGIN_FORM, Map.of("otp", app.wrong()));
        assertThat(storedFailures(enrolled.user())).as("failures committed before the stop").isEqualTo(1);

        List<HttpResponse<String>> down = whileTheDatabaseIsDown(() -> List.of(
                guessing.post(HttpJourneys.LOGIN_FORM, Map.of("otp", app.wrong())),
                guessing.post(HttpJourneys.LOGIN_FORM, Map.of("otp", app.wrong()))));

        down.forEach(answer -> report("a wrong code while the database is down", answer));
        down.forEach(DatabaseFailureIT::assertNoPageOfOurs);
        assertThat(storedFailures(enrolled.user())).as("failures once the database is back").isEqualTo(1);

        PlainHttpSession after = new PlainHttpSession(realm);
        after.loginWithPassword(enrolled.user());
        for (int failure = 2; failure <= FAILURES; failure++) {
            after.post(HttpJourneys.LOGIN_FORM, Map.of("otp", app.wrong()));
            assertThat(storedFailures(enrolled.user())).as("failures counted after").isEqualTo(failure);
        }
        HttpResponse<String> locked = after.post(HttpJourneys.LOGIN_FORM, Map.of("otp", app.next()));
        assertThat(PlainHttpSession.reachedClient(locked, realm)).as("the right code, once locked").isFalse();
        assertThat(locked.body()).contains(LOCKED);
    }

    @Test
    void anEnrolmentWhileTheDatabaseIsDownStoresNothingAndWorksOnceItIsBack() {
        TestUser user = realm.createUser();
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(user);
        String shownSecret = browser.otpAuthUri().toUri();
        StepCodes app = StepCodes.of(TotpDevice.scan(browser.otpAuthUri()));
        String first = app.next();

        HttpResponse<String> down = whileTheDatabaseIsDown(() -> browser.postAndFollow(HttpJourneys.SETUP_FORM,
                Map.of("totp", first, "userLabel", "Phone")));

        report("the first code of an enrolment while the database is down", down);
        assertThat(PlainHttpSession.reachedClient(down, realm)).isFalse();
        assertThat(down.body()).doesNotContain("id=\"totp-mfa-recovery-codes\"");
        assertNoPageOfOurs(down);
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).as("devices")
                .isEmpty();
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE)).as("sets")
                .isEmpty();

        // As the user would after the error page: the same setup page posted again, in the same sign-in, with the
        // same app. The enrolment the database refused holds nothing back (no claim on the secret is left taken).
        HttpResponse<String> again = browser.postAndFollow(HttpJourneys.SETUP_FORM,
                Map.of("totp", first, "userLabel", "Phone"));
        report("the setup page posted again once the database is back", again);
        if (browser.hasForm(HttpJourneys.SETUP_FORM)) {
            // Keycloak sent the repeated post back to its step: the page of the same pending secret, posted now.
            assertThat(browser.otpAuthUri().toUri()).as("the secret shown again").isEqualTo(shownSecret);
            again = browser.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("totp", app.next(), "userLabel", "Phone"));
        }
        assertThat(browser.hasForm(HttpJourneys.RECOVERY_CODES_FORM)).as("the enrolment finished:\n" + browser.page())
                .isTrue();
        assertThat(browser.recoveryCodes()).hasSize(ISSUED);
        assertThat(PlainHttpSession.reachedClient(browser.postAndFollow(HttpJourneys.RECOVERY_CODES_FORM,
                Map.of("acknowledged", "on")), realm)).as("signed in after the enrolment").isTrue();
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).hasSize(1);
        assertThat(signInWithCode(user, app.next())).isTrue();
    }

    @Test
    void aPostponementWhileTheDatabaseIsDownIsNotCountedAndOneAfterIsCountedOnce() {
        TestUser user = realm.createUser();
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(user);
        assertThat(browser.pageContains("id=\"totp-mfa-setup-later\"")).as(browser.page()).isTrue();

        HttpResponse<String> down = whileTheDatabaseIsDown(
                () -> browser.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")));

        report("\"Set up later\" while the database is down", down);
        assertThat(PlainHttpSession.reachedClient(down, realm)).as("signed in by postponing").isFalse();
        assertNoPageOfOurs(down);
        assertThat(listed(user).path("setupPostponed").asInt()).as("postponements, as committed").isZero();

        PlainHttpSession after = new PlainHttpSession(realm);
        after.loginWithPassword(user);
        assertThat(PlainHttpSession.reachedClient(after.postAndFollow(HttpJourneys.SETUP_FORM,
                Map.of("later", "true")), realm)).as("postponed once the database is back").isTrue();
        assertThat(listed(user).path("setupPostponed").asInt()).isEqualTo(1);
        assertThat(listed(user).path("setupPostponementsLeft").asInt()).isEqualTo(GRACE - 1);
    }

    /**
     * Two browsers trusted, the first revoked (its row deleted by an admin) before the database stops: while it is
     * down neither signs in; once it is back the revoked one is asked for the code and the other is still trusted.
     */
    @Test
    void aRevokedBrowserStaysRevokedAndATrustedOneStaysTrusted() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        StepCodes app = enrolled.app().withWindow(WINDOW);
        Map.Entry<String, String> revoked = trustedCookie(enrolled.user(), app.next());
        Map.Entry<String, String> trusted = trustedCookie(enrolled.user(), app.next());
        List<JsonNode> rows = admin.users().credentials(realm.name(), enrolled.user().id(), TRUSTED_TYPE);
        assertThat(rows).hasSize(2);
        admin.users().deleteCredential(realm.name(), enrolled.user().id(), rows.stream()
                .min(Comparator.comparingLong(row -> row.path("createdDate").asLong())).orElseThrow()
                .path("id").asText());

        Answers down = whileTheDatabaseIsDown(() -> new Answers(
                passwordWith(enrolled.user(), revoked).submitPassword(enrolled.user()),
                passwordWith(enrolled.user(), trusted).submitPassword(enrolled.user())));

        report("the revoked browser while the database is down", down.browser());
        report("the trusted browser while the database is down", down.grant());
        assertThat(PlainHttpSession.reachedClient(down.browser(), realm)).as("revoked browser").isFalse();
        assertThat(PlainHttpSession.reachedClient(down.grant(), realm)).as("trusted browser").isFalse();
        assertNoPageOfOurs(down.browser());
        assertNoPageOfOurs(down.grant());

        PlainHttpSession revokedAfter = passwordWith(enrolled.user(), revoked);
        assertThat(PlainHttpSession.reachedClient(revokedAfter.submitPassword(enrolled.user()), realm))
                .as("the revoked browser once the database is back").isFalse();
        assertThat(revokedAfter.hasForm(HttpJourneys.LOGIN_FORM)).as(revokedAfter.page()).isTrue();
        assertThat(PlainHttpSession.reachedClient(passwordWith(enrolled.user(), trusted)
                .submitPassword(enrolled.user()), realm)).as("the trusted browser once the database is back").isTrue();
        assertThat(admin.users().credentials(realm.name(), enrolled.user().id(), TRUSTED_TYPE)).hasSize(1);
    }

    /**
     * The database stops in the middle of a check, after the code matched: a recovery code waits for the lock on its
     * set's row, and a TOTP code for the write of its device's last used step (rows held by a transaction of the
     * test). The user is shown Keycloak's error, never a page of ours (a refusal would say a right code was wrong), and
     * what the database had committed is what counts once it is back: the set and the step are unchanged, and both
     * codes still work.
     */
    @Test
    void theDatabaseStoppingInTheMiddleOfACheckKeepsWhatWasCommitted() throws Exception {
        Enrolled recovering = HttpJourneys.enrol(realm, realm.createUser());
        Enrolled signingIn = HttpJourneys.enrol(realm, realm.createUser());
        StepCodes app = signingIn.app().withWindow(WINDOW);
        String setId =
                admin.users().credentials(realm.name(), recovering.user().id(), TestRealm.RECOVERY_CODES_TYPE).get(0)
                        .path("id").asText();
        String deviceId =
                admin.users().credentials(realm.name(), signingIn.user().id(), TestRealm.CREDENTIAL_TYPE).get(0)
                        .path("id").asText();
        long stepBefore = lastUsedStep(signingIn.user());
        String recoveryCode = recovering.recoveryCodes().get(0);
        String code = app.next();
        PlainHttpSession recoveryBrowser = new PlainHttpSession(realm);
        recoveryBrowser.loginWithPassword(recovering.user());
        PlainHttpSession codeBrowser = new PlainHttpSession(realm);
        codeBrowser.loginWithPassword(signingIn.user());

        Answers down;
        // The stop ends the test's transaction too; closing it afterwards only ends its psql.
        try (Postgres.HeldTransaction rows = keycloak.database().holdTransaction("SELECT id FROM credential WHERE id"
                + " IN ('" + setId + "', '" + deviceId + "') FOR UPDATE")) {
            CompletableFuture<HttpResponse<String>> recovery = CompletableFuture.supplyAsync(
                    () -> recoveryBrowser.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", recoveryCode)));
            CompletableFuture<HttpResponse<String>> totp = CompletableFuture.supplyAsync(
                    () -> codeBrowser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)));
            Thread.sleep(ROW_LOCK_HELD.toMillis());
            assertThat(recovery).as("the recovery code, waiting for its set's row").isNotDone();
            assertThat(totp).as("the code, waiting for its device's row").isNotDone();
            down = whileTheDatabaseIsDown(() -> new Answers(recovery.join(), totp.join()));
        }

        report("a recovery code when the database stopped in its check", down.browser());
        report("a code when the database stopped in its check", down.grant());
        assertNoPageOfOurs(down.browser());
        assertNoPageOfOurs(down.grant());
        assertThat(remainingRecoveryCodes(recovering.user())).as("codes left, as committed").isEqualTo(ISSUED);
        assertThat(admin.users().credentials(realm.name(), recovering.user().id(), TestRealm.RECOVERY_CODES_TYPE))
                .singleElement().satisfies(set -> assertThat(set.path("id").asText()).isEqualTo(setId));
        assertThat(lastUsedStep(signingIn.user())).as("the device's last used step, as committed")
                .isEqualTo(stepBefore);

        assertThat(PlainHttpSession.reachedClient(HttpJourneys.recoveryLogin(realm, recovering.user(), recoveryCode),
                realm)).as("the recovery code once the database is back").isTrue();
        assertThat(signInWithCode(signingIn.user(), code)).as("the code once the database is back").isTrue();
        assertThat(lastUsedStep(signingIn.user())).isGreaterThan(stepBefore);
    }

    /** What two requests got; for a browser and a direct grant, or for two browsers. */
    private record Answers(HttpResponse<String> browser, HttpResponse<String> grant) {
    }

    /** Stops the database, runs {@code requests}, starts it again (Keycloak keeps running); their answers. */
    private static <T> T whileTheDatabaseIsDown(Supplier<T> requests) {
        keycloak.stopDatabase();
        Instant stopped = Instant.now();
        try {
            return requests.get();
        } finally {
            Instant restart = Instant.now();
            keycloak.startDatabase();
            System.out.printf("[it] database down for %d s; Keycloak ready again %d s after its start%n",
                    Duration.between(stopped, restart).toSeconds(),
                    Duration.between(restart, Instant.now()).toSeconds());
        }
    }

    /**
     * While the database is down, a request that needs it fails with Keycloak's own answer (its error page, HTTP
     * 500): our steps let the database's error through, so no page of ours is shown, and none tells a user that a
     * right code was wrong or that the server is busy.
     */
    private static void assertNoPageOfOurs(HttpResponse<String> answer) {
        assertThat(answer.body()).as("HTTP %d while the database is down", answer.statusCode())
                .doesNotContain(OUR_TEMPLATE);
    }

    private static void report(String what, HttpResponse<String> answer) {
        String body = answer.body().replaceAll("\\s+", " ");
        System.out.printf("[it] %s: HTTP %d %s%s%n", what, answer.statusCode(),
                answer.headers().firstValue("Location").map(to -> "to " + to + " ").orElse(""),
                body.substring(0, Math.min(300, body.length())));
    }

    private static boolean signInWithCode(TestUser user, String code) {
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        return PlainHttpSession.reachedClient(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code)), realm);
    }

    /** A browser that signed in with the box ticked; its trust cookie. */
    private static Map.Entry<String, String> trustedCookie(TestUser user, String code) {
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(user);
        HttpResponse<String> trusted = browser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", code, "trustBrowser", "on"));
        assertThat(PlainHttpSession.reachedClient(browser.followRedirects(trusted), realm)).isTrue();
        return browser.cookies().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(TrustCookie.NAME_PREFIX))
                .findFirst().orElseThrow();
    }

    /** A new browser holding only {@code trustCookie}. */
    private static PlainHttpSession passwordWith(TestUser user, Map.Entry<String, String> trustCookie) {
        PlainHttpSession session = new PlainHttpSession(realm);
        session.setCookie(trustCookie.getKey(), trustCookie.getValue(), "/realms/" + realm.name() + "/");
        return session;
    }

    /**
     * The device's last used step as the database holds it: the admin API answers from Keycloak's user cache, which a
     * use does not update (the step is written past it).
     */
    private static long lastUsedStep(TestUser user) {
        String device = keycloak.database().query("SELECT credential_data FROM credential WHERE user_id = '"
                + user.id() + "' AND type = '" + TestRealm.CREDENTIAL_TYPE + "'");
        return admin.parse(device).path("lastUsedStep").asLong();
    }

    private static int remainingRecoveryCodes(TestUser user) {
        List<JsonNode> sets = admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE);
        assertThat(sets).as("recovery-code sets").hasSize(1);
        return admin.parse(sets.get(0).path("credentialData").asText()).path("remaining").asInt();
    }

    /** The failures of our lockout record in the user's state row, as the database holds it. */
    private static int storedFailures(TestUser user) {
        String state = keycloak.database().query("SELECT credential_data FROM credential WHERE user_id = '"
                + user.id() + "' AND type = '" + STATE_TYPE + "'");
        String lockout = state.isEmpty() ? "" : admin.parse(state).path("lockout").asText("");
        return lockout.isEmpty() ? 0 : Integer.parseInt(lockout.split(":")[1]);
    }

    private static JsonNode listed(TestUser user) {
        return admin.totpMfaUsers(realm.name()).stream()
                .filter(listed -> user.id().equals(listed.path("id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(user.username() + " not listed"));
    }
}

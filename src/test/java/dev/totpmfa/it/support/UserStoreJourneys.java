package dev.totpmfa.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every user store must give our users, as journeys over plain HTTP and the admin API: enrolment, sign-in with a
 * code and a recovery code, the direct grant, parallel wrong codes counted one after another and the admin's unlock,
 * a trusted browser and the admin's reset, the grace period counted once, and the admin API's lists and summary. The
 * ITs of one user store ({@code LdapUsersIT}, {@code CustomUserStorageIT}) run them on a realm federated with it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestRealm realm = UserStoreJourneys.realm("my-store");
 * ...
 * UserStoreJourneys journeys = new UserStoreJourneys(realm, () -> aUserOfTheStore());
 * journeys.installDirectGrant();   // once, in @BeforeAll
 * journeys.parallelWrongCodesCountOneAfterAnotherAndTheAdminUnlocks();
 * }</pre>
 */
public final class UserStoreJourneys {

    /** {@code lockout-failures} of {@link #realm}: wrong codes evaluated before the wait. */
    public static final int FAILURES = 3;
    private static final String LOCKED = "Too many failed attempts";
    private static final String EVALUATED_AND_WRONG = "Invalid or already used code";
    private static final String GRANT_FLOW = "direct-grant-totp-mfa";
    private static final String GRANT_CLIENT = "it-user-store-grant";
    private static final String TRUST_PREFIX = "TOTP_MFA_";

    private final TestRealm realm;
    private final Supplier<TestUser> newUser;

    /** @param newUser a new user of the store, as Keycloak knows them (with their Keycloak id) */
    public UserStoreJourneys(TestRealm realm, Supplier<TestUser> newUser) {
        this.realm = realm;
        this.newUser = newUser;
    }

    /** A realm with recovery codes, a lockout after {@link #FAILURES} wrong codes, and trusted browsers. */
    public static TestRealm realm(String purpose) {
        return TestRealm.perClass(purpose).enableRecoveryCodes()
                .configureAuthenticator(Map.of("lockout-failures", Integer.toString(FAILURES),
                        "lockout-seconds", "300", "trust-browser-days", "30"));
    }

    /** The direct grant flow with our step, and a client for it. */
    public void installDirectGrant() {
        realm.admin().flows().installDirectGrantFlow(realm.name(), GRANT_FLOW, "totp-mfa-direct-grant");
        realm.admin().clients().createDirectGrantClient(realm.name(), GRANT_CLIENT);
    }

    /** @return the enrolled user, for checks of the store's own */
    public TestUser enrolSignInWithACodeOrARecoveryCodeAndInTheDirectGrant() {
        AdminApi admin = realm.admin();
        TestUser user = newUser.get();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        assertThat(admin.users().credentials(realm.name(), user.id(), "totp-mfa")).as("the device").hasSize(1);
        assertThat(admin.users().credentials(realm.name(), user.id(), "totp-mfa-recovery-codes")).as("the set")
                .hasSize(1);

        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        assertThat(session.hasForm(HttpJourneys.LOGIN_FORM)).as("the password alone is not enough").isTrue();
        assertThat(PlainHttpSession.reachedClient(
                session.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next())), realm))
                .as("a code").isTrue();
        assertThat(PlainHttpSession.reachedClient(
                HttpJourneys.recoveryLogin(realm, user, enrolled.recoveryCodes().get(0)), realm))
                .as("a recovery code").isTrue();

        assertThat(grant(user, Map.of()).statusCode()).as("direct grant, password alone").isEqualTo(400);
        assertThat(grant(user, Map.of("otp", enrolled.app().wrong())).statusCode())
                .as("direct grant, wrong code").isEqualTo(400);
        HttpResponse<String> granted = grant(user, Map.of("otp", enrolled.app().next()));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(admin.parse(granted.body()).has("access_token")).isTrue();
        return user;
    }

    /**
     * Twelve sessions post a wrong code at the same moment: exactly as many are evaluated as the lockout allows,
     * every other one waits; the right code is refused too, in the browser and the direct grant, and the user is in
     * the admin API's locked list, until the admin unlocks them through our API.
     */
    public void parallelWrongCodesCountOneAfterAnotherAndTheAdminUnlocks() throws Exception {
        TestUser user = newUser.get();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        List<PlainHttpSession> logins = Together.inParallel(12, () -> {
            PlainHttpSession session = new PlainHttpSession(realm);
            session.loginWithPassword(user);
            return session;
        });
        String wrong = enrolled.app().wrong();
        List<HttpResponse<String>> answers = Together.atOnce(logins,
                session -> session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", wrong)));

        assertThat(answers).as("no error page for a wrong code").allSatisfy(answer -> assertThat(
                answer.statusCode()).isEqualTo(200));
        assertThat(answers.stream().filter(answer -> answer.body().contains(EVALUATED_AND_WRONG)).count())
                .as("wrong codes evaluated with lockout-failures=%d", FAILURES).isEqualTo(FAILURES);
        assertThat(answers.stream().filter(answer -> answer.body().contains(LOCKED)).count())
                .as("the others wait").isEqualTo(12 - FAILURES);

        String right = enrolled.app().next();
        PlainHttpSession session = logins.get(0);
        assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", right)).body()).as("the right code, locked")
                .contains(LOCKED);
        assertThat(grant(user, Map.of("otp", right)).statusCode()).as("direct grant, locked").isEqualTo(400);
        assertThat(listed("locked")).as("the admin API's locked users").contains(user.username());

        HttpResponse<String> unlocked = realm.admin().request("POST",
                "/admin/realms/" + realm.name() + "/totp-mfa/users/" + user.id() + "/unlock", null);
        assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(204);
        assertThat(PlainHttpSession.reachedClient(
                session.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", right)), realm))
                .as("the right code after the unlock").isTrue();
    }

    public void aTrustedBrowserSkipsTheCodeAndAnAdminResetAsksForEnrolmentAgain() {
        AdminApi admin = realm.admin();
        TestUser user = newUser.get();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(user);
        assertThat(PlainHttpSession.reachedClient(browser.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", enrolled.app().next(), "trustBrowser", "on")), realm)).isTrue();
        browser.forgetCookiesExcept(TRUST_PREFIX);
        assertThat(PlainHttpSession.reachedClient(browser.submitPassword(user), realm))
                .as("the trusted browser, password only").isTrue();

        HttpResponse<String> reset = admin.request("POST",
                "/admin/realms/" + realm.name() + "/totp-mfa/users/" + user.id() + "/reset", null);
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(admin.users().credentials(realm.name(), user.id())).as("what the reset left")
                .noneMatch(credential -> credential.path("type").asText().matches(
                        "totp-mfa|totp-mfa-recovery-codes|totp-mfa-trusted-browser"));

        browser.forgetCookiesExcept(TRUST_PREFIX);
        browser.submitPassword(user);
        assertThat(browser.hasForm(HttpJourneys.SETUP_FORM)).as("enrolment after the reset:\n" + browser.page())
                .isTrue();
    }

    /** "Set up later" is counted in the user's state, which every user store holds as a local user's. */
    public void theGracePeriodIsCountedOnce() {
        AdminApi admin = realm.admin();
        HttpResponse<String> saved = admin.flows().putRequiredActionConfig(realm.name(), "totp-mfa-setup",
                Map.of("grace-logins", "1"));
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 204);
        try {
            TestUser user = newUser.get();
            PlainHttpSession first = new PlainHttpSession(realm);
            first.loginWithPassword(user);
            assertThat(first.pageContains("id=\"totp-mfa-setup-later\"")).as(first.page()).isTrue();
            assertThat(PlainHttpSession.reachedClient(
                    first.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")), realm))
                    .as("postponed once").isTrue();

            PlainHttpSession second = new PlainHttpSession(realm);
            second.loginWithPassword(user);
            assertThat(second.hasForm(HttpJourneys.SETUP_FORM)).as("the setup again").isTrue();
            assertThat(second.pageContains("id=\"totp-mfa-setup-later\"")).as("grace used up").isFalse();
            assertThat(PlainHttpSession.reachedClient(
                    second.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")), realm))
                    .as("a forged postponement").isFalse();
        } finally {
            admin.flows().putRequiredActionConfig(realm.name(), "totp-mfa-setup", Map.of());
        }
    }

    /**
     * The admin API's lists and summary hold the store's users, with or without import: without import, Keycloak's
     * user table has no row of them, and what we know of them is in its federated-storage tables. An enrolled user
     * and a locked one, and a local user beside them, so that paging walks from the user table into the store's
     * users.
     */
    public void theAdminApiListsAndCountsTheUsers() {
        AdminApi admin = realm.admin();
        JsonNode before = admin.totpMfa(realm.name(), "GET", "summary");
        TestUser local = realm.createUser();
        HttpJourneys.enrol(realm, local);
        TestUser enrolled = newUser.get();
        HttpJourneys.enrol(realm, enrolled);
        TestUser locked = newUser.get();
        Enrolled lockedApp = HttpJourneys.enrol(realm, locked);
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(locked);
        for (int i = 0; i < FAILURES; i++) {
            assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", lockedApp.app().wrong())).body())
                    .contains(EVALUATED_AND_WRONG);
        }

        List<String> enrolledUsers = listed("enrolled");
        assertThat(enrolledUsers).as("enrolled users").contains(local.username(), enrolled.username(),
                locked.username());
        assertThat(listed("locked")).as("locked users").contains(locked.username())
                .doesNotContain(enrolled.username(), local.username());
        assertThat(listed("none")).as("users without a second factor")
                .doesNotContain(local.username(), enrolled.username(), locked.username());
        JsonNode after = admin.totpMfa(realm.name(), "GET", "summary");
        assertThat(after.path("users").asInt() - before.path("users").asInt()).as("users counted").isEqualTo(3);
        assertThat(after.path("enrolled").asInt() - before.path("enrolled").asInt()).as("enrolled counted")
                .isEqualTo(3);
        assertThat(after.path("locked").asInt() - before.path("locked").asInt()).as("locked counted").isEqualTo(1);
        assertThat(after.path("enrolled").asInt()).as("the count and the list").isEqualTo(enrolledUsers.size());

        List<String> pageByPage = new ArrayList<>();
        for (int first = 0; first <= enrolledUsers.size(); first++) {
            pageByPage.addAll(listed("enrolled", "&first=" + first + "&max=1"));
        }
        assertThat(pageByPage).as("pages of one user").isEqualTo(enrolledUsers);
    }

    /** Usernames of our admin API's {@code GET users?state=…}, as the master admin sees them. */
    public List<String> listed(String state) {
        return listed(state, "&first=0&max=1000");
    }

    private List<String> listed(String state, String paging) {
        HttpResponse<String> answer = realm.admin().request("GET", "/admin/realms/" + realm.name()
                + "/totp-mfa/users?state=" + state + paging, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return realm.admin().parse(answer.body()).findValues("username").stream().map(JsonNode::asText).toList();
    }

    private HttpResponse<String> grant(TestUser user, Map<String, String> secondFactor) {
        return TokenEndpoint.passwordGrant(KeycloakTargets.current(), realm.name(), GRANT_CLIENT, user, secondFactor);
    }
}

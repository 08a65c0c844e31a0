package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.BuiltInOtpCredentials;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.PrometheusText;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TokenEndpoint;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpParameters;
import dev.totpmfa.trust.TrustCookie;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An admin watching a rollout reads our counters from Keycloak's own {@code /metrics}; a counter that counts twice
 * (the direct grant and the browser step share their decision), misses an outcome or leaks into another realm's
 * series would tell them a false story. Each test scrapes the management port before and after real logins over
 * HTTP and expects every {@code totp_mfa_*} series of this class's realm to move by exactly what happened, and the
 * others not at all.
 */
@KeycloakIT
class MetricsIT {

    private static final int LOCKOUT_FAILURES = 3;
    private static final String CLIENT = "it-metrics-cli";
    private static final OtpParameters BUILT_IN = new OtpParameters(HmacAlgorithm.SHA1, 6, 15);

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("metrics").enableRecoveryCodes().useFastPasswordHashing()
            .configureAuthenticator(Map.of("lockout-failures", Integer.toString(LOCKOUT_FAILURES),
                    "lockout-seconds", "300", "trust-browser-days", "30"));
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    @BeforeAll
    static void ourStepsInEverySignInFlow() {
        // Also lets Keycloak's OTP devices migrate: no flow that signs users in asks for Keycloak's OTP any more.
        admin.flows().installDirectGrantFlow(realm.name(), "direct-grant-totp-mfa", ProviderIds.DIRECT_GRANT);
        admin.flows().installFirstBrokerLoginFlow(realm.name(), "first-broker-login-totp-mfa", TestRealm.AUTHENTICATOR);
        admin.clients().createDirectGrantClient(realm.name(), CLIENT);
    }

    /** Per test, so that a target without metrics reports each test as skipped. */
    @BeforeEach
    void metricsAreServed() {
        assumeTrue(keycloak.metricsUrl().isPresent(), "the target runs without --metrics-enabled=true");
    }

    @Test
    void enrolmentCountsOneEnrolmentAndNoCodeCheck() {
        TestUser user = realm.createUser();
        Map<String, Double> before = counters();

        HttpJourneys.enrol(realm, user);

        assertMoved(before, Map.of("totp_mfa_enrolments_total{}", 1.0));
    }

    /** "Set up later" counts once; the forged second post, after the one allowed postponement, not at all. */
    @Test
    void postponedSetupCountsOnce() {
        HttpResponse<String> saved = admin.flows().putRequiredActionConfig(realm.name(), TestRealm.SETUP_ACTION,
                Map.of("grace-logins", "1"));
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 204);
        TestUser user = realm.createUser();
        Map<String, Double> before = counters();

        PlainHttpSession first = HttpJourneys.pastThePassword(realm, user);
        assertThat(PlainHttpSession.reachedClient(
                first.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")), realm)).isTrue();
        PlainHttpSession second = HttpJourneys.pastThePassword(realm, user);
        assertThat(PlainHttpSession.reachedClient(
                second.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")), realm)).as("grace used up")
                .isFalse();

        assertMoved(before, Map.of("totp_mfa_setups_postponed_total{}", 1.0));
    }

    @Test
    void wrongThenRightCodeInTheBrowser() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        Map<String, Double> before = counters();

        PlainHttpSession browser = HttpJourneys.pastThePassword(realm, enrolled.user());
        browser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
        HttpResponse<String> answer = browser.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", enrolled.app().next()));
        assertReachedClient(answer, browser);

        assertMoved(before, Map.of(check("totp", "rejected"), 1.0, check("totp", "accepted"), 1.0));
    }

    @Test
    void wrongThenRightRecoveryCode() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        Map<String, Double> before = counters();

        PlainHttpSession browser = HttpJourneys.pastThePassword(realm, enrolled.user());
        browser.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", "AAAAA-AAAAA"));
        browser.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", enrolled.recoveryCodes().get(0)));
        HttpResponse<String> answer = browser.postAndFollow(HttpJourneys.OFFER_FORM, Map.of("recoveryOffer", "skip"));
        assertReachedClient(answer, browser);

        assertMoved(before, Map.of(check("recovery", "rejected"), 1.0, check("recovery", "accepted"), 1.0));
    }

    /** The failure that starts the wait counts once as a lockout; the right code during the wait counts as locked. */
    @Test
    void lockoutStartsOnceAndTheRightCodeIsThenLocked() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        Map<String, Double> before = counters();

        PlainHttpSession browser = HttpJourneys.pastThePassword(realm, enrolled.user());
        for (int i = 0; i < LOCKOUT_FAILURES; i++) {
            browser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().wrong()));
        }
        browser.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next()));
        assertThat(browser.hasForm(HttpJourneys.LOGIN_FORM)).as("still on the code page").isTrue();

        assertMoved(before, Map.of(check("totp", "rejected"), (double) LOCKOUT_FAILURES,
                "totp_mfa_lockouts_total{kind=\"wait\"}", 1.0, check("totp", "locked"), 1.0));
    }

    /** The direct grant decides through the same code as the browser step: one request, one count. */
    @Test
    void directGrantCountsEachRequestOnce() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        Map<String, Double> before = counters();

        assertThat(token(enrolled.user(), "otp", enrolled.app().wrong()).statusCode()).isIn(400, 401);
        assertThat(token(enrolled.user(), "otp", enrolled.app().next()).statusCode()).isEqualTo(200);
        assertThat(token(enrolled.user(), "recovery_code", enrolled.recoveryCodes().get(0)).statusCode())
                .isEqualTo(200);

        assertMoved(before, Map.of(check("totp", "rejected"), 1.0, check("totp", "accepted"), 1.0,
                check("recovery", "accepted"), 1.0));
    }

    @Test
    void trustedBrowserSkipsTheCodeAndIsCounted() {
        Enrolled enrolled = HttpJourneys.enrol(realm, realm.createUser());
        Map<String, Double> before = counters();

        PlainHttpSession browser = HttpJourneys.pastThePassword(realm, enrolled.user());
        browser.followRedirects(HttpJourneys.codeWithTrustTicked(browser, enrolled.app()));
        browser.forgetCookiesExcept(TrustCookie.NAME_PREFIX);
        assertThat(PlainHttpSession.reachedClient(browser.submitPassword(enrolled.user()), realm))
                .as("the trusted browser skips the code").isTrue();

        assertMoved(before, Map.of(check("totp", "accepted"), 1.0, "totp_mfa_trusted_browser_logins_total{}", 1.0));
    }

    @Test
    void keycloaksOtpDeviceIsMigratedOnceAtItsFirstCode() {
        String secret = "metrics-built-in-" + System.nanoTime();
        TestUser user = realm.createUser(BuiltInOtpCredentials.totp(secret, BUILT_IN));
        StepCodes phone = StepCodes.of(BuiltInOtpCredentials.phoneFor(secret, BUILT_IN, user.username()));
        Map<String, Double> before = counters();

        PlainHttpSession browser = HttpJourneys.pastThePassword(realm, user);
        HttpResponse<String> answer = browser.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", phone.next()));
        assertReachedClient(answer, browser);
        assertThat(admin.users().credentials(realm.name(), user.id(), "otp")).as("Keycloak's device moved").isEmpty();

        assertMoved(before, Map.of(check("totp", "accepted"), 1.0, "totp_mfa_migrations_total{}", 1.0));
    }

    private static HttpResponse<String> token(TestUser user, String parameter, String code) {
        return TokenEndpoint.post(keycloak, realm.name(), Map.of("grant_type", "password", "client_id", CLIENT,
                "username", user.username(), "password", user.password(), parameter, code), Duration.ofSeconds(30));
    }

    private static void assertReachedClient(HttpResponse<String> answer, PlainHttpSession browser) {
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as(browser.page()).isTrue();
    }

    private static String check(String factor, String outcome) {
        return "totp_mfa_code_checks_total{factor=\"" + factor + "\",outcome=\"" + outcome + "\"}";
    }

    /**
     * Every {@code totp_mfa_*} series of this realm, keyed by name and its other labels in name order. Counters
     * move after the request's commit, so a scrape right after the answer may come a moment early: the wait for the
     * expected values is short, and the comparison is exact.
     */
    private static Map<String, Double> counters() {
        return PrometheusText.scrape(keycloak.metricsUrl().orElseThrow()).stream()
                .filter(sample -> sample.name().startsWith("totp_mfa_"))
                .filter(sample -> realm.name().equals(sample.labels().get("realm")))
                .collect(Collectors.toMap(sample -> key(sample.name(), sample.labels()),
                        PrometheusText.Sample::value));
    }

    private static String key(String name, Map<String, String> labels) {
        Map<String, String> others = new TreeMap<>(labels);
        others.remove("realm");
        return name + others.entrySet().stream().map(label -> label.getKey() + "=\"" + label.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static void assertMoved(Map<String, Double> before, Map<String, Double> expected) {
        Instant deadline = Instant.now().plusSeconds(5);
        Map<String, Double> moved = moved(before, counters());
        while (!moved.equals(expected) && Instant.now().isBefore(deadline)) {
            sleep();
            moved = moved(before, counters());
        }
        assertThat(moved).as("totp_mfa_* series of realm %s that moved", realm.name()).isEqualTo(expected);
    }

    private static Map<String, Double> moved(Map<String, Double> before, Map<String, Double> after) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        Map<String, Double> moved = new HashMap<>();
        for (String key : keys) {
            double delta = after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
            if (delta != 0) {
                moved.put(key, delta);
            }
        }
        return moved;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

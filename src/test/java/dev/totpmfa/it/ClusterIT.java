package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakCluster;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.Postgres;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.Together;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.trust.TrustCookie;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Once" must hold across the nodes of a cluster, not only inside one JVM: an attacker who has seen a code can send
 * it to every node behind the load balancer at the same moment. Two real Keycloak nodes (PostgreSQL, Infinispan
 * over jdbc-ping) receive twenty parallel posts of one TOTP code, and then of one recovery code, half on each node;
 * exactly one may get through each time. A trusted browser is honoured by both nodes, and after a restart. Runs in
 * its own JVM after the other ITs (see the pom's failsafe
 * executions, which select it by its tag), because it starts its own two servers.
 */
@Tag("cluster")
class ClusterIT {

    private static final int SESSIONS = 20;
    private static final Duration ROW_LOCK_HELD = Duration.ofSeconds(3);
    private static KeycloakCluster cluster;
    private static AdminApi admin;
    private static TestRealm onNode1;
    private static TestRealm onNode2;
    private static TestUser user;
    private static TotpDevice device;
    private static List<String> recoveryCodes;

    /**
     * Longer than the 10 minutes of every other method: this one also waits for the machine lock (at most 30 minutes,
     * while other builds run their servers) and starts two servers (at most {@code it.startTimeoutSeconds} each).
     */
    @BeforeAll
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    static void startClusterAndEnrol() {
        cluster = KeycloakCluster.start();
        admin = new AdminApi(cluster.node(1));
        onNode1 = TestRealm.create(cluster.node(1), admin, "cluster");
        onNode2 = onNode1.onNode(cluster.node(2));
        onNode1.enableRecoveryCodes();
        onNode1.configureAuthenticator(Map.of("trust-browser-days", "30"));
        user = onNode1.createUser();

        PlainHttpSession enrolment = new PlainHttpSession(onNode1);
        enrolment.loginWithPassword(user);
        device = TotpDevice.scan(enrolment.otpAuthUri());
        enrolment.postAndFollow("totp-mfa-setup-form", Map.of("totp", device.nextUnusedCode(), "userLabel", "Phone"));
        recoveryCodes = enrolment.recoveryCodes();
        assertThat(recoveryCodes).as("recovery codes after the first device").hasSize(10);
        HttpResponse<String> done = enrolment.post("totp-mfa-recovery-codes-form", Map.of("acknowledged", "on"));
        assertThat(PlainHttpSession.reachedClient(done, onNode1)).as("enrolment finished").isTrue();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void oneTotpCodeSentToBothNodesAtOnceLogsInExactlyOnce() throws Exception {
        String code = device.nextUnusedCode();

        List<HttpResponse<String>> responses = raceOnBothNodes("totp-mfa-login-form", Map.of("otp", code));

        assertThat(responses).filteredOn(response -> PlainHttpSession.reachedClient(response, onNode1)
                || PlainHttpSession.reachedClient(response, onNode2))
                .as("logins that got through").hasSize(1);
        assertThat(responses).filteredOn(isPageWith("id=\"totp-mfa-login-form\""))
                .as("code pages shown again").hasSize(SESSIONS - 1);
    }

    @Test
    void oneRecoveryCodeSentToBothNodesAtOnceIsConsumedExactlyOnce() throws Exception {
        String code = recoveryCodes.get(recoveryCodes.size() - 1);

        List<HttpResponse<String>> responses = raceOnBothNodes("totp-mfa-recovery-form", Map.of("recoveryCode", code));

        assertThat(responses).filteredOn(isPageWith("id=\"totp-mfa-recovery-remaining\""))
                .as("recovery logins that got through").hasSize(1);
        assertThat(admin.users().credentials(onNode1.name(), user.id(), ProviderIds.RECOVERY_CODES_CREDENTIAL))
                .singleElement()
                .satisfies(set -> assertThat(admin.parse(set.path("credentialData").asText()).path("remaining").asInt())
                        .isEqualTo(recoveryCodes.size() - 1));
    }

    /**
     * Every code check first locks the user's state row ({@code SELECT … FOR UPDATE} through Hibernate, which could
     * leave the lock out without an error), before it reads the lockout record and the devices: that one lock, not
     * the user cache, is what makes parallel guesses count one after another and gives each check the step and drift
     * that the check before it recorded, on either node. So while another transaction holds the row, even a wrong
     * code waits (and a wrong code of a user without failures writes nothing before its check, so only the locking
     * read can wait), and is answered once the lock is released.
     */
    @Test
    void aCodeCheckWaitsWhileAnotherTransactionHoldsTheUsersStateRow() throws Exception {
        TestUser holder = onNode1.createUser();
        Enrolled enrolled = HttpJourneys.enrol(onNode1, holder);
        PlainHttpSession browser = new PlainHttpSession(onNode2);
        browser.loginWithPassword(holder);

        CompletableFuture<HttpResponse<String>> answer;
        try (Postgres.HeldTransaction lock = cluster.database().holdTransaction("SELECT id FROM credential"
                + " WHERE user_id = '" + holder.id() + "' AND type = 'totp-mfa-user-state' FOR UPDATE")) {
            answer = CompletableFuture.supplyAsync(() -> browser.post(HttpJourneys.LOGIN_FORM,
                    Map.of("otp", enrolled.app().wrong())));
            Thread.sleep(ROW_LOCK_HELD.toMillis());
            assertThat(answer).as("the code check while the user's state row is locked elsewhere").isNotDone();
        }
        assertThat(answer.get(30, TimeUnit.SECONDS).body()).as("answered once the lock is released")
                .contains("id=\"totp-mfa-login-form\"");
    }

    /**
     * Trust is kept in the database, not in a node: a browser trusted on node 1 (box ticked, code accepted) is not
     * asked for the code in a new login session on node 2, nor after node 2 restarted; without the cookie node 2
     * asks. A user of its own, so that the races never meet a trusted browser.
     */
    @Test
    void aBrowserTrustedOnOneNodeIsTrustedOnTheOtherAndAfterARestart() {
        TestUser traveller = onNode1.createUser();
        Enrolled enrolled = HttpJourneys.enrol(onNode1, traveller);
        PlainHttpSession browser = new PlainHttpSession(onNode1);
        browser.loginWithPassword(traveller);
        HttpResponse<String> trusted = browser.post(HttpJourneys.LOGIN_FORM,
                Map.of("otp", enrolled.app().next(), "trustBrowser", "on"));
        assertThat(PlainHttpSession.reachedClient(browser.followRedirects(trusted), onNode1)).isTrue();
        Map.Entry<String, String> cookie = browser.cookies().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(TrustCookie.NAME_PREFIX))
                .findFirst().orElseThrow();

        assertThat(passwordAloneOnNode2(traveller, null)).as("node 2 without the cookie").isFalse();
        assertThat(passwordAloneOnNode2(traveller, cookie)).as("a new login session on node 2").isTrue();

        Instant restart = Instant.now();
        cluster.restartNode(2);
        System.out.printf("[it] node 2 restarted and back in the cluster after %d s%n",
                Duration.between(restart, Instant.now()).toSeconds());
        assertThat(passwordAloneOnNode2(traveller, cookie)).as("on node 2 after its restart").isTrue();
    }

    /** A new login session on node 2 holding only {@code trustCookie} (or nothing); true when no code was asked. */
    private static boolean passwordAloneOnNode2(TestUser who, Map.Entry<String, String> trustCookie) {
        PlainHttpSession session = new PlainHttpSession(onNode2);
        if (trustCookie != null) {
            session.setCookie(trustCookie.getKey(), trustCookie.getValue(), "/realms/" + onNode2.name() + "/");
        }
        HttpResponse<String> answer = session.submitPassword(who);
        if (PlainHttpSession.reachedClient(answer, onNode2)) {
            return true;
        }
        assertThat(session.hasForm(HttpJourneys.LOGIN_FORM)).as(session.page()).isTrue();
        return false;
    }

    /** Every session reaches the code page first (alternating nodes); then all post at the same moment. */
    private static List<HttpResponse<String>> raceOnBothNodes(String formId, Map<String, String> fields)
            throws Exception {
        admin.users().clearLoginFailures(onNode1.name(), user.id());
        List<PlainHttpSession> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(new PlainHttpSession(i % 2 == 0 ? onNode1 : onNode2));
        }
        Together.inParallel(sessions, session -> session.loginWithPassword(user));
        assertThat(sessions).allMatch(session -> session.hasForm(formId), "shows form#" + formId);

        return Together.atOnce(sessions, session -> session.post(formId, fields));
    }

    private static Predicate<HttpResponse<String>> isPageWith(String marker) {
        return response -> response.statusCode() == 200 && response.body().contains(marker);
    }
}

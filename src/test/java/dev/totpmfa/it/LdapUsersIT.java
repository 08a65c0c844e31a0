package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LdapDirectory;
import dev.totpmfa.it.support.LdapDirectory.Mode;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.Together;
import dev.totpmfa.it.support.TokenEndpoint;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Most realms in companies take their users from LDAP or Active Directory, often read-only, and sometimes without
 * importing them. Whoever has such a user's password must still need the second factor, the lockout must count their
 * guesses as it counts a local user's (one after another, also in parallel), and enrolment must work where Keycloak
 * will not write to the user. A real directory (UnboundID's in-memory server) federated in the three shapes admins
 * run: read-only with import (the most common), read-only without import, writable with import; one realm each.
 */
@KeycloakIT
class LdapUsersIT {

    private static final int FAILURES = 3;
    private static final String LOCKED = "Too many failed attempts";
    private static final String EVALUATED_AND_WRONG = "Invalid or already used code";
    private static final String GRANT_FLOW = "direct-grant-totp-mfa";
    private static final String GRANT_CLIENT = "it-ldap-grant";
    private static final String TRUST_PREFIX = "TOTP_MFA_";

    @RegisterExtension
    static final LdapDirectory ldap = LdapDirectory.start();
    @RegisterExtension
    static final TestRealm readOnlyImport = ldapRealm("ldap-ro-import");
    @RegisterExtension
    static final TestRealm readOnlyNoImport = ldapRealm("ldap-ro-noimport");
    @RegisterExtension
    static final TestRealm writableImport = ldapRealm("ldap-writable");
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();
    private static final Map<Mode, TestRealm> REALMS = new EnumMap<>(Mode.class);
    private static final Map<Mode, String> COMPONENTS = new EnumMap<>(Mode.class);

    private static TestRealm ldapRealm(String purpose) {
        return TestRealm.perClass(purpose).enableRecoveryCodes()
                .configureAuthenticator(Map.of("lockout-failures", Integer.toString(FAILURES),
                        "lockout-seconds", "300", "trust-browser-days", "30"));
    }

    @BeforeAll
    static void federateTheDirectory() {
        REALMS.put(Mode.READ_ONLY_IMPORT, readOnlyImport);
        REALMS.put(Mode.READ_ONLY_NO_IMPORT, readOnlyNoImport);
        REALMS.put(Mode.WRITABLE_IMPORT, writableImport);
        REALMS.forEach((mode, realm) -> {
            COMPONENTS.put(mode, ldap.federate(realm, mode));
            admin.flows().installDirectGrantFlow(realm.name(), GRANT_FLOW, ProviderIds.DIRECT_GRANT);
            admin.clients().createDirectGrantClient(realm.name(), GRANT_CLIENT);
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_ONLY_IMPORT", "READ_ONLY_NO_IMPORT", "WRITABLE_IMPORT"})
    void enrolSignInWithACodeOrARecoveryCodeAndInTheDirectGrant(Mode mode) {
        TestRealm realm = REALMS.get(mode);
        TestUser user = newUser(mode);
        Enrolled enrolled = HttpJourneys.enrol(realm, user);

        JsonNode stored = LdapDirectory.representation(realm, user);
        assertThat(stored.path("federationLink").asText()).as("a user of the LDAP provider")
                .isEqualTo(COMPONENTS.get(mode));
        if (!mode.importEnabled()) {
            assertThat(user.id()).as("Keycloak's id of a user without import").startsWith("f:");
        }
        assertThat(admin.users().credentials(realm.name(), user.id(), ProviderIds.TOTP_CREDENTIAL)).as("the device")
                .hasSize(1);
        assertThat(admin.users().credentials(realm.name(), user.id(), ProviderIds.RECOVERY_CODES_CREDENTIAL))
                .as("the set")
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

        assertThat(grant(realm, user, Map.of()).statusCode()).as("direct grant, password alone").isEqualTo(400);
        assertThat(grant(realm, user, Map.of("otp", enrolled.app().wrong())).statusCode())
                .as("direct grant, wrong code").isEqualTo(400);
        HttpResponse<String> granted = grant(realm, user, Map.of("otp", enrolled.app().next()));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(admin.parse(granted.body()).has("access_token")).isTrue();
    }

    /**
     * Twelve sessions post a wrong code at the same moment: exactly as many are evaluated as the lockout allows,
     * every other one waits; the right code is refused too, in the browser and the direct grant, until the admin
     * unlocks the user through our API.
     */
    @ParameterizedTest
    @EnumSource(names = {"READ_ONLY_IMPORT", "READ_ONLY_NO_IMPORT", "WRITABLE_IMPORT"})
    void parallelWrongCodesCountOneAfterAnotherAndTheAdminUnlocks(Mode mode) throws Exception {
        TestRealm realm = REALMS.get(mode);
        TestUser user = newUser(mode);
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
        assertThat(grant(realm, user, Map.of("otp", right)).statusCode()).as("direct grant, locked").isEqualTo(400);
        if (mode.importEnabled()) {
            assertThat(listed(realm, "locked")).as("the admin API's locked users").contains(user.username());
        }

        HttpResponse<String> unlocked = admin.request("POST",
                "/admin/realms/" + realm.name() + "/totp-mfa/users/" + user.id() + "/unlock", null);
        assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(204);
        assertThat(PlainHttpSession.reachedClient(
                session.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", right)), realm))
                .as("the right code after the unlock").isTrue();
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_ONLY_IMPORT", "READ_ONLY_NO_IMPORT", "WRITABLE_IMPORT"})
    void aTrustedBrowserSkipsTheCodeAndAnAdminResetAsksForEnrolmentAgain(Mode mode) {
        TestRealm realm = REALMS.get(mode);
        TestUser user = newUser(mode);
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

    /** "Set up later" is counted in the user's state, which a read-only directory holds as well as a local user. */
    @ParameterizedTest
    @EnumSource(names = {"READ_ONLY_IMPORT", "READ_ONLY_NO_IMPORT", "WRITABLE_IMPORT"})
    void theGracePeriodIsCountedOnce(Mode mode) {
        TestRealm realm = REALMS.get(mode);
        HttpResponse<String> saved = admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION,
                Map.of("grace-logins", "1"));
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 204);
        try {
            TestUser user = newUser(mode);
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
            admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION, Map.of());
        }
    }

    @Test
    void theAdminApiListsImportedDirectoryUsers() {
        for (Mode mode : List.of(Mode.READ_ONLY_IMPORT, Mode.WRITABLE_IMPORT)) {
            TestRealm realm = REALMS.get(mode);
            TestUser user = newUser(mode);
            HttpJourneys.enrol(realm, user);
            assertThat(listed(realm, "enrolled")).as(mode + ": enrolled users").contains(user.username());
            assertThat(admin.totpMfa(realm.name(), "GET", "summary").path("enrolled").asInt())
                    .as(mode + ": summary").isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * A lockout recorded by the release before the state row (the user attribute {@code totp-mfa-lockout}, here at
     * the ceiling) is carried over at the user's first code: the right code stays refused. The user is made as that
     * release left them: enrolled, the attribute set, no state row.
     */
    @Test
    void aLockoutRecordedInTheOldAttributeIsCarriedOver() {
        TestRealm realm = REALMS.get(Mode.WRITABLE_IMPORT);
        TestUser user = newUser(Mode.WRITABLE_IMPORT);
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        admin.users().credentials(realm.name(), user.id(), ProviderIds.USER_STATE_CREDENTIAL).forEach(
                row -> admin.users().deleteCredential(realm.name(), user.id(), row.path("id").asText()));
        // That release's attributes are not in the user profile: an admin writes them with unmanaged attributes on.
        ObjectNode profile = (ObjectNode) admin.parse(admin.request("GET", "/admin/realms/" + realm.name()
                + "/users/profile", null).body());
        profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
        assertThat(admin.request("PUT", "/admin/realms/" + realm.name() + "/users/profile", profile).statusCode())
                .isEqualTo(200);
        admin.users().updateUser(realm.name(), user.id(), admin.json().createObjectNode().set("attributes",
                admin.json().createObjectNode().set("totp-mfa-lockout", admin.json().createArrayNode()
                        .add("v1:100:300:" + System.currentTimeMillis()))));

        assertThat(listed(realm, "locked")).as("the admin API reads the old attribute until the first use")
                .contains(user.username());

        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        assertThat(session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", enrolled.app().next())).body())
                .as("the right code at the carried-over ceiling").contains("ask your administrator");
        assertThat(listed(realm, "locked")).as("and the state row after it").contains(user.username());
        assertThat(LdapDirectory.representation(realm, user).path("attributes").has("totp-mfa-lockout"))
                .as("the old attribute, removed once carried over").isFalse();
    }

    private static TestUser newUser(Mode mode) {
        return LdapDirectory.inKeycloak(REALMS.get(mode), ldap.addUser(mode));
    }

    /** Usernames of our admin API's {@code GET users?state=…}, as the master admin sees them. */
    private static List<String> listed(TestRealm realm, String state) {
        HttpResponse<String> answer = admin.request("GET", "/admin/realms/" + realm.name()
                + "/totp-mfa/users?first=0&max=1000&state=" + state, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return admin.parse(answer.body()).findValues("username").stream().map(JsonNode::asText).toList();
    }

    private static HttpResponse<String> grant(TestRealm realm, TestUser user, Map<String, String> secondFactor) {
        return TokenEndpoint.passwordGrant(keycloak, realm.name(), GRANT_CLIENT, user, secondFactor);
    }
}

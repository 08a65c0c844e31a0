package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.AdminCalls;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin REST API under {@code /admin/realms/{realm}/totp-mfa/}, called over plain HTTP with the tokens of
 * different admins: who may read and change what, the states and pages the database answers, and what a reset and
 * an unlock leave behind (on the server's rows and at the next login). One realm whose users stand in each state,
 * set up once; the tests run in order because the reset and unlock change two of them.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiIT {

    private static final String PASSWORD = "Admin-Api-Password-1";
    private static final String TRUST_TYPE = ProviderIds.TRUSTED_BROWSER_CREDENTIAL;

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("adminapi").enableRecoveryCodes()
            .configureAuthenticator(Map.of("trust-browser-days", "30", "recovery-codes-warning", "9",
                    "lockout-failures", "1", "lockout-seconds", "3600"));
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    /** Every user of the realm, in username order, as the API must list them. */
    private static final List<String> ALL = List.of("admin-manager", "admin-realm", "admin-viewer", "no-roles",
            "none-a",
            "none-b", "none-c", "u-builtin", "u-enrolled", "u-locked", "u-low", "u-reset", "z-target");
    private static final List<String> NONE = List.of("admin-manager", "admin-realm", "admin-viewer", "no-roles",
            "none-a", "none-b", "none-c", "z-target");

    private static TestUser target;
    private static Enrolled enrolled;
    private static TestUser locked;
    private static Enrolled lockedEnrolled;
    private static TestUser resetUser;
    private static PlainHttpSession trustedBrowser;
    private static String masterAdminId;
    private static String viewerToken;
    private static String managerToken;
    private static String realmAdminToken;
    private static String noRolesToken;
    private static String otherRealmAdminToken;

    @BeforeAll
    static void usersInEachState() {
        String name = realm.name();
        String viewer = admin.users().createUser(name, "admin-viewer", PASSWORD);
        admin.users().grantClientRoles(name, viewer, "realm-management", List.of("view-users"));
        String manager = admin.users().createUser(name, "admin-manager", PASSWORD);
        admin.users().grantClientRoles(name, manager, "realm-management", List.of("view-users", "manage-users"));
        String realmAdmin = admin.users().createUser(name, "admin-realm", PASSWORD);
        admin.users().grantClientRoles(name, realmAdmin, "realm-management", List.of("view-users", "manage-realm"));
        admin.users().createUser(name, "no-roles", PASSWORD);
        for (String none : List.of("none-c", "none-a", "none-b")) {
            admin.users().createUser(name, none, PASSWORD);
        }
        target = user("z-target");
        admin.users().createUserWithBuiltInTotp(name, "u-builtin", PASSWORD, "12345678901234567890", "HmacSHA1", 6, 30);
        enrolled = HttpJourneys.enrol(realm, user("u-enrolled"));
        Enrolled low = HttpJourneys.enrol(realm, user("u-low"));
        HttpJourneys.recoveryLogin(realm, low.user(), low.recoveryCodes().get(0));
        locked = user("u-locked");
        lockedEnrolled = HttpJourneys.enrol(realm, locked);
        PlainHttpSession guess = new PlainHttpSession(realm);
        guess.loginWithPassword(locked);
        guess.post(HttpJourneys.LOGIN_FORM, Map.of("otp", lockedEnrolled.app().wrong()));
        resetUser = user("u-reset");
        Enrolled reset = HttpJourneys.enrol(realm, resetUser);
        trustedBrowser = new PlainHttpSession(realm);
        trustedBrowser.loginWithPassword(resetUser);
        HttpJourneys.codeWithTrustTicked(trustedBrowser, reset.app());

        // An admin of the master realm only: Keycloak lets the token in, our check must refuse it.
        masterAdminId = admin.users().createUser("master", "totp-mfa-it-" + name, PASSWORD);
        admin.users().grantClientRoles("master", masterAdminId, "master-realm", List.of("view-users", "manage-users"));

        viewerToken = token(name, "admin-viewer");
        managerToken = token(name, "admin-manager");
        realmAdminToken = token(name, "admin-realm");
        noRolesToken = token(name, "no-roles");
        otherRealmAdminToken = token("master", "totp-mfa-it-" + name);
    }

    @AfterAll
    static void removeMasterAdmin() {
        if (masterAdminId != null) {
            admin.users().deleteUser("master", masterAdminId);
        }
    }

    @Test
    @Order(1)
    void readsNeedViewUsersAndChangesManageUsers() {
        for (String read : List.of("summary", "users")) {
            assertThat(call("GET", read, null).statusCode()).as("anonymous GET " + read).isEqualTo(401);
            assertThat(call("GET", read, viewerToken).statusCode()).as("viewer GET " + read).isEqualTo(200);
            assertThat(call("GET", read, managerToken).statusCode()).as("manager GET " + read).isEqualTo(200);
            assertThat(call("GET", read, noRolesToken).statusCode()).as("no roles GET " + read).isEqualTo(403);
            assertThat(call("GET", read, otherRealmAdminToken).statusCode()).as("master admin GET " + read)
                    .isEqualTo(403);
        }
        // Flows are realm settings: view-realm (or manage-realm), as Keycloak's own flow endpoints.
        assertThat(call("GET", "flows", null).statusCode()).as("anonymous GET flows").isEqualTo(401);
        assertThat(call("GET", "flows", viewerToken).statusCode()).as("view-users only").isEqualTo(403);
        assertThat(call("GET", "flows", managerToken).statusCode()).as("manage-users only").isEqualTo(403);
        assertThat(call("GET", "flows", realmAdminToken).statusCode()).as("manage-realm").isEqualTo(200);
        assertThat(call("GET", "flows", otherRealmAdminToken).statusCode()).as("master admin").isEqualTo(403);
        for (String change : List.of("reset", "unlock")) {
            String path = "users/" + target.id() + "/" + change;
            assertThat(call("POST", path, null).statusCode()).as("anonymous " + change).isEqualTo(401);
            assertThat(call("POST", path, viewerToken).statusCode()).as("viewer " + change).isEqualTo(403);
            assertThat(call("POST", path, noRolesToken).statusCode()).as("no roles " + change).isEqualTo(403);
            assertThat(call("POST", path, otherRealmAdminToken).statusCode()).as("master admin " + change)
                    .isEqualTo(403);
            assertThat(call("POST", path, managerToken).statusCode()).as("manager " + change).isBetween(200, 204);
        }
        assertThat(call("POST", "users/no-such-user/reset", managerToken).statusCode()).isEqualTo(404);
        assertThat(call("POST", "users/no-such-user/reset", noRolesToken).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void summaryCountsEachState() {
        JsonNode summary = json(call("GET", "summary", viewerToken));

        assertThat(summary.path("users").asLong()).isEqualTo(ALL.size());
        assertThat(summary.path("enrolled").asLong()).isEqualTo(4);
        assertThat(summary.path("builtInOnly").asLong()).isEqualTo(1);
        assertThat(summary.path("withoutSecondFactor").asLong()).isEqualTo(NONE.size());
        assertThat(summary.path("recoveryCodesLow").asLong()).isEqualTo(1);
        assertThat(summary.path("locked").asLong()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void usersArePagedInUsernameOrderAndFilteredByState() {
        assertThat(usernames("users")).containsExactlyElementsOf(ALL);
        assertThat(usernames("users?first=3&max=4")).containsExactlyElementsOf(ALL.subList(3, 7));
        assertThat(usernames("users?first=" + ALL.size() + "&max=4")).isEmpty();
        assertThat(usernames("users?state=none")).containsExactlyElementsOf(NONE);
        assertThat(usernames("users?state=none&first=4&max=2")).containsExactly("none-a", "none-b");
        assertThat(usernames("users?state=builtin")).containsExactly("u-builtin");
        assertThat(usernames("users?state=enrolled")).containsExactly("u-enrolled", "u-locked", "u-low",
                "u-reset");
        assertThat(usernames("users?state=low-codes")).containsExactly("u-low");
        assertThat(usernames("users?state=locked")).containsExactly("u-locked");

        JsonNode enrolled = only("users?state=enrolled&max=1");
        assertThat(enrolled.path("id").asText()).isEqualTo(admin.users().userId(realm.name(), "u-enrolled"));
        assertThat(enrolled.path("devices").asInt()).isEqualTo(1);
        assertThat(enrolled.path("recoveryCodesRemaining").asInt()).isEqualTo(10);
        assertThat(enrolled.path("locked").asBoolean()).isFalse();
        assertThat(enrolled.get("lockedUntil").isNull()).isTrue();
        assertThat(only("users?state=low-codes").path("recoveryCodesRemaining").asInt()).isEqualTo(9);
        JsonNode builtIn = only("users?state=builtin");
        assertThat(builtIn.path("devices").asInt()).isZero();
        assertThat(builtIn.path("builtInDevices").asInt()).isEqualTo(1);
        assertThat(builtIn.get("recoveryCodesRemaining").isNull()).isTrue();
        JsonNode lockedRow = only("users?state=locked");
        assertThat(lockedRow.path("locked").asBoolean()).isTrue();
        assertThat(lockedRow.path("lockedUntil").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        for (String bad : List.of("users?state=LOCKED", "users?state=all", "users?max=0", "users?max=1001",
                "users?first=-1", "users?first=x")) {
            assertThat(call("GET", bad, viewerToken).statusCode()).as(bad).isEqualTo(400);
        }
    }

    /**
     * Devices, recovery codes and the trusted browser are gone and enrolment is required: the browser that was
     * trusted, signed out of Keycloak, gets the enrolment after the password, not the client nor the code page.
     */
    @Test
    @Order(4)
    void resetRemovesEveryFactorAndRequiresEnrolment() {
        assertThat(admin.users().credentials(realm.name(), resetUser.id(), TRUST_TYPE)).hasSize(1);

        HttpResponse<String> answer = call("POST", "users/" + resetUser.id() + "/reset", managerToken);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode result = json(answer);
        assertThat(types(result.path("removed"))).containsExactlyInAnyOrder(TestRealm.CREDENTIAL_TYPE,
                TestRealm.RECOVERY_CODES_TYPE, TRUST_TYPE);
        assertThat(answer.body()).doesNotContain("secretData", "credentialData");
        // The user's state row stays (it keeps the postponements taken: a reset gives no new grace), and is no factor.
        assertThat(admin.users().credentials(realm.name(), resetUser.id()).stream().map(c -> c.path("type").asText()))
                .containsExactlyInAnyOrder("password", ProviderIds.USER_STATE_CREDENTIAL);
        assertThat(admin.users().requiredActions(realm.name(), resetUser.id())).contains(TestRealm.SETUP_ACTION);

        trustedBrowser.forgetCookiesExcept("TOTP_MFA_");
        trustedBrowser.loginWithPassword(resetUser);
        assertThat(trustedBrowser.hasForm(HttpJourneys.SETUP_FORM)).as(trustedBrowser.page()).isTrue();
        assertThat(trustedBrowser.hasForm(HttpJourneys.LOGIN_FORM)).isFalse();
        assertThat(usernames("users?state=none")).contains("u-reset");
    }

    @Test
    @Order(5)
    void unlockLetsTheNextCodeBeChecked() {
        assertThat(call("POST", "users/" + locked.id() + "/unlock", managerToken).statusCode()).isEqualTo(204);

        assertThat(usernames("users?state=locked")).isEmpty();
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(locked);
        HttpResponse<String> answer = session.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", lockedEnrolled.app().next()));
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as(session.page()).isTrue();
    }

    @Test
    @Order(6)
    void flowsNameWhatEachSignInFlowAsksFor() {
        JsonNode flows = json(call("GET", "flows", realmAdminToken));

        assertThat(flows.path("usesTotpMfa").asBoolean()).isTrue();
        JsonNode browser = flow(flows, "browser");
        assertThat(browser.path("secondFactor").asText()).isEqualTo("totp-mfa");
        assertThat(browser.path("weaker").asBoolean()).isFalse();
        JsonNode grant = flow(flows, "direct grant");
        assertThat(grant.path("alias").asText()).isEqualTo("direct grant");
        assertThat(grant.path("secondFactor").asText()).isEqualTo("keycloak-otp");
        assertThat(grant.path("weaker").asBoolean()).isTrue();
        assertThat(flows.path("warning").asText()).contains("'direct grant'");
    }

    /** Stored as Keycloak stores its own user changes: resource type USER, the path, a representation. */
    @Test
    @Order(7)
    void everyChangeIsAnAdminEvent() {
        List<JsonNode> events = elements(admin.parse(admin.events().adminEventsJson(realm.name())));

        JsonNode reset = event(events, "totp-mfa/users/" + resetUser.id() + "/reset");
        assertThat(reset.path("operationType").asText()).isEqualTo("ACTION");
        assertThat(reset.path("resourceType").asText()).isEqualTo("USER");
        assertThat(reset.path("representation").asText()).contains(TRUST_TYPE, resetUser.id())
                .doesNotContain("secretData");
        assertThat(reset.path("authDetails").path("userId").asText())
                .isEqualTo(admin.users().userId(realm.name(), "admin-manager"));
        JsonNode unlock = event(events, "totp-mfa/users/" + locked.id() + "/unlock");
        assertThat(unlock.path("operationType").asText()).isEqualTo("ACTION");
        assertThat(unlock.path("resourceType").asText()).isEqualTo("USER");
        assertThat(events).noneMatch(event -> event.path("resourcePath").asText().startsWith("totp-mfa/")
                && !event.path("operationType").asText().equals("ACTION"));
    }

    /**
     * The realm's stock browser flow bound again, the install makes copies that ask for our code and binds them; a
     * dry run and a second run change nothing, the originals stay, and the installed browser flow asks the enrolled
     * user for the code.
     */
    @Test
    @Order(8)
    void installCopiesAndBindsFlowsOnceAndTheBrowserFlowAsksForOurCode() {
        admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("browserFlow", "browser"));
        assertThat(call("POST", "flows/install?dryRun=false", managerToken).statusCode()).isEqualTo(403);
        assertThat(call("POST", "flows/install?dryRun=maybe", realmAdminToken).statusCode()).isEqualTo(400);

        JsonNode dry = json(call("POST", "flows/install?dryRun=true", realmAdminToken));
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(dry.path("changed").asBoolean()).isTrue();
        assertThat(flow(json(call("GET", "flows", realmAdminToken)), "browser").path("alias").asText())
                .isEqualTo("browser");
        assertThat(flowAliases()).doesNotContain("browser with totp-mfa");

        JsonNode installed = json(call("POST", "flows/install?dryRun=false", realmAdminToken));
        assertThat(installed.path("flows")).isEqualTo(dry.path("flows"));
        assertThat(installed.path("changed").asBoolean()).isTrue();
        JsonNode flows = json(call("GET", "flows", realmAdminToken));
        for (String binding : List.of("browser", "direct grant", "first broker login")) {
            JsonNode bound = flow(flows, binding);
            assertThat(bound.path("alias").asText()).isEqualTo(binding + " with totp-mfa");
            assertThat(bound.path("secondFactor").asText()).as(binding).isEqualTo("totp-mfa");
            assertThat(bound.path("weaker").asBoolean()).as(binding).isFalse();
            assertThat(bound.path("withoutCode")).as(binding).isEmpty();
        }
        assertThat(flowAliases()).contains("browser", "direct grant", "first broker login");

        JsonNode again = json(call("POST", "flows/install?dryRun=false", realmAdminToken));
        assertThat(again.path("changed").asBoolean()).isFalse();
        assertThat(elements(again.path("flows"))).allMatch(f -> f.path("action").asText().equals("unchanged"));
        List<JsonNode> events = elements(admin.parse(admin.events().adminEventsJson(realm.name())));
        assertThat(events.stream().filter(e -> "totp-mfa/flows/install".equals(e.path("resourcePath").asText())))
                .singleElement().satisfies(e -> assertThat(e.path("resourceType").asText()).isEqualTo("AUTH_FLOW"));

        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(enrolled.user());
        assertThat(session.hasForm(HttpJourneys.LOGIN_FORM)).as(session.page()).isTrue();
        HttpResponse<String> answer = session.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", enrolled.app().next()));
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as(session.page()).isTrue();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static TestUser user(String username) {
        return new TestUser(admin.users().createUser(realm.name(), username, PASSWORD), username, PASSWORD);
    }

    private static String token(String realmName, String username) {
        return AdminCalls.token(keycloak, realmName, username, PASSWORD);
    }

    private static HttpResponse<String> call(String method, String path, String token) {
        return AdminCalls.send(keycloak, method, "/admin/realms/" + realm.name() + "/totp-mfa/" + path, token);
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return admin.parse(response.body());
    }

    private static List<String> usernames(String path) {
        return elements(json(call("GET", path, viewerToken))).stream().map(u -> u.path("username").asText())
                .toList();
    }

    private static JsonNode only(String path) {
        List<JsonNode> users = elements(json(call("GET", path, viewerToken)));
        assertThat(users).hasSize(1);
        return users.get(0);
    }

    private static List<String> flowAliases() {
        HttpResponse<String> response = AdminCalls.send(keycloak, "GET",
                "/admin/realms/" + realm.name() + "/authentication/flows", realmAdminToken);
        return elements(json(response)).stream().map(f -> f.path("alias").asText()).toList();
    }

    private static List<String> types(JsonNode removed) {
        return elements(removed).stream().map(r -> r.path("type").asText()).toList();
    }

    private static JsonNode flow(JsonNode flows, String boundAs) {
        return elements(flows.path("flows")).stream().filter(f -> boundAs.equals(f.path("boundAs").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no flow bound as " + boundAs + ": " + flows));
    }

    private static JsonNode event(List<JsonNode> events, String path) {
        return events.stream().filter(e -> path.equals(e.path("resourcePath").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no admin event " + path + " in " + events));
    }

    private static List<JsonNode> elements(JsonNode array) {
        return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
    }

}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TokenEndpoint;
import dev.totpmfa.it.support.TotpDevice;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-in through an identity provider after {@code POST flows/install?dryRun=false}, over plain HTTP: a second
 * realm of the same server is the provider (a plain realm, passwords only), the test realm brokers it over OpenID
 * Connect. The attacker of this class has a local user's password and an account at the provider with the same
 * e-mail address: linking it must cost our code. The tests run in order: the link made by the second is the one
 * the third signs in with.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokeredLoginIT {

    private static final String IDP = "upstream";
    private static final String PASSWORD = "Brokered-Login-Password-1";
    private static final String SECRET = "brokered-login-client-secret";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("broker").enableRecoveryCodes();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    private static String idpRealm;
    private static Enrolled linked;
    private static JsonNode installed;
    private static JsonNode flowsBefore;

    @BeforeAll
    static void providerRealmAndInstalledFlows() {
        idpRealm = realm.name() + "-idp";
        ObjectNode provider = admin.json().createObjectNode().put("realm", idpRealm).put("enabled", true);
        ArrayNode clients = provider.putArray("clients");
        clients.addObject().put("clientId", "broker").put("secret", SECRET).put("publicClient", false)
                .put("standardFlowEnabled", true).put("directAccessGrantsEnabled", false)
                .putArray("redirectUris")
                .add(keycloak.baseUrl() + "/realms/" + realm.name() + "/broker/" + IDP + "/endpoint");
        ArrayNode users = provider.putArray("users");
        for (String username : List.of("newcomer", "linked")) {
            ObjectNode user = users.addObject().put("username", username).put("enabled", true)
                    .put("email", username + "@example.test").put("emailVerified", true)
                    .put("firstName", "Idp").put("lastName", "User");
            user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD)
                    .put("temporary", false);
        }
        admin.realms().createRealm(provider);
        admin.identityProviders().createOidcIdentityProvider(realm.name(), IDP, idpRealm, "broker", SECRET);

        linked = HttpJourneys.enrol(realm, localUser("linked"));
        flowsBefore = flows();
        HttpResponse<String> install = admin.request("POST", "/admin/realms/" + realm.name()
                + "/totp-mfa/flows/install?dryRun=false", null);
        assertThat(install.statusCode()).as(install.body()).isEqualTo(200);
        installed = admin.parse(install.body());
    }

    @AfterAll
    static void removeProviderRealm() {
        if (idpRealm != null) {
            admin.realms().deleteRealm(idpRealm);
        }
    }

    @Test
    @Order(1)
    void theInstalledDirectGrantFlowAsksForTheCode() {
        Enrolled carol = HttpJourneys.enrol(realm, localUser("carol"));
        Map<String, String> password = Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", carol.user().username(), "password", PASSWORD);

        HttpResponse<String> withoutCode = TokenEndpoint.post(keycloak, realm.name(), password, Duration.ofSeconds(30));
        assertThat(withoutCode.statusCode()).as(withoutCode.body()).isIn(400, 401);
        assertThat(withoutCode.body()).doesNotContain("access_token");

        Map<String, String> withCode = new LinkedHashMap<>(password);
        withCode.put("otp", carol.app().next());
        HttpResponse<String> granted = TokenEndpoint.post(keycloak, realm.name(), withCode, Duration.ofSeconds(30));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    }

    /**
     * The stock first-broker-login links an existing account after "Verify existing account by
     * re-authentication" (no SMTP here, so not by e-mail): the password, then, in the installed copy, our code. A
     * wrong code links nothing.
     */
    @Test
    @Order(2)
    void linkingAnExistingAccountNeedsItsCode() {
        PlainHttpSession attacker = new PlainHttpSession(realm);
        loginAtProvider(attacker, "linked");
        assertThat(attacker.page()).as("confirm link page").contains("linkAccount");
        attacker.postAndFollowTheOnlyForm(Map.of("submitAction", "linkAccount"));
        assertThat(attacker.hasForm("kc-form-login")).as(attacker.page()).isTrue();
        attacker.postAndFollow("kc-form-login", Map.of("username", "linked", "password", PASSWORD));
        assertThat(attacker.hasForm(HttpJourneys.LOGIN_FORM)).as(attacker.page()).isTrue();

        attacker.post(HttpJourneys.LOGIN_FORM, Map.of("otp", linked.app().wrong()));
        assertThat(attacker.hasForm(HttpJourneys.LOGIN_FORM)).as(attacker.page()).isTrue();
        assertThat(admin.users().federatedIdentities(realm.name(), linked.user().id())).isEmpty();

        HttpResponse<String> answer = attacker.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", linked.app().next()));
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as(attacker.page()).isTrue();
        assertThat(admin.users().federatedIdentities(realm.name(), linked.user().id()))
                .extracting(link -> link.path("identityProvider").asText()).containsExactly(IDP);
    }

    /**
     * Once linked, Keycloak skips the first-broker-login flow and runs only the provider's post-broker-login flow
     * (not the browser flow): without the one the install gives the provider, this login reached the client with
     * the provider's password alone. {@code GET flows} names the gap before the install.
     */
    @Test
    @Order(3)
    void aLaterBrokeredLoginAsksForTheCode() {
        JsonNode before = boundAs(flowsBefore, "post broker login of " + IDP);
        assertThat(before.path("alias").asText()).isEqualTo("(none)");
        assertThat(before.path("weaker").asBoolean()).isTrue();
        assertThat(flowsBefore.path("warning").asText()).contains("post broker login of " + IDP);
        JsonNode after = boundAs(flows(), "post broker login of " + IDP);
        assertThat(after.path("secondFactor").asText()).isEqualTo("totp-mfa");
        assertThat(after.path("weaker").asBoolean()).isFalse();
        JsonNode binding = binding(installed, "post broker login of " + IDP);
        assertThat(binding.path("action").asText()).isEqualTo("create-and-bind");
        assertThat(binding.path("to").asText()).isEqualTo("post broker login with totp-mfa");
        assertThat(
                admin.identityProviders().identityProvider(realm.name(), IDP).path("postBrokerLoginFlowAlias").asText())
                .isEqualTo("post broker login with totp-mfa");

        PlainHttpSession session = new PlainHttpSession(realm);
        HttpResponse<String> answer = loginAtProvider(session, "linked");

        assertThat(PlainHttpSession.reachedClient(answer, realm)).as("signed in without our code").isFalse();
        assertThat(session.hasForm(HttpJourneys.LOGIN_FORM)).as(session.page()).isTrue();
        answer = session.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", linked.app().next()));
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as(session.page()).isTrue();
    }

    /**
     * A provider's user new to this realm becomes a local user without a factor (the first-broker-login creates
     * it); the post-broker-login flow's step then requires enrolment before the client.
     */
    @Test
    @Order(4)
    void aFirstBrokeredLoginOfANewUserEnrols() {
        PlainHttpSession session = new PlainHttpSession(realm);
        HttpResponse<String> answer = loginAtProvider(session, "newcomer");

        assertThat(PlainHttpSession.reachedClient(answer, realm)).as("signed in without a factor").isFalse();
        assertThat(session.hasForm(HttpJourneys.SETUP_FORM)).as(session.page()).isTrue();
        StepCodes app = StepCodes.of(TotpDevice.scan(session.otpAuthUri()));
        session.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("totp", app.next(), "userLabel", "Phone"));
        answer = session.postAndFollow(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", "on"));
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as(session.page()).isTrue();
        assertThat(admin.users().credentials(realm.name(), admin.users().userId(realm.name(), "newcomer"),
                TestRealm.CREDENTIAL_TYPE))
                .hasSize(1);
    }

    @Test
    @Order(5)
    void aSecondInstallChangesNothing() {
        HttpResponse<String> again = admin.request("POST", "/admin/realms/" + realm.name()
                + "/totp-mfa/flows/install?dryRun=false", null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode result = admin.parse(again.body());
        assertThat(result.path("changed").asBoolean()).as(again.body()).isFalse();
        assertThat(binding(result, "post broker login of " + IDP).path("action").asText()).isEqualTo("unchanged");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static TestUser localUser(String username) {
        return new TestUser(admin.users().createUser(realm.name(), username, PASSWORD), username, PASSWORD);
    }

    /** {@code GET flows} as the master admin. */
    private static JsonNode flows() {
        HttpResponse<String> flows = admin.request("GET", "/admin/realms/" + realm.name() + "/totp-mfa/flows", null);
        assertThat(flows.statusCode()).as(flows.body()).isEqualTo(200);
        return admin.parse(flows.body());
    }

    private static JsonNode boundAs(JsonNode flows, String name) {
        for (JsonNode flow : flows.path("flows")) {
            if (name.equals(flow.path("boundAs").asText())) {
                return flow;
            }
        }
        throw new AssertionError("nothing bound as " + name + " in " + flows);
    }

    private static JsonNode binding(JsonNode install, String name) {
        for (JsonNode flow : install.path("flows")) {
            if (name.equals(flow.path("binding").asText())) {
                return flow;
            }
        }
        throw new AssertionError("no binding " + name + " in " + install);
    }

    /** Starts a login of the test client straight at the provider and signs in there; the answer after it. */
    private static HttpResponse<String> loginAtProvider(PlainHttpSession session, String username) {
        session.openLogin(realm.authUrl() + "&kc_idp_hint=" + IDP);
        assertThat(session.page()).as("the provider's login page").contains("/realms/" + idpRealm + "/");
        return session.postAndFollow("kc-form-login", Map.of("username", username, "password", PASSWORD));
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.IdTokens;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.StepUpFlow;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.trust.TrustCookie;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Step-up with Keycloak's "Condition - Level of Authentication" over plain HTTP: level 1 is the password, level 2
 * our step. Two clients of one realm, each bound to a flow of its own: {@value #REMEMBERED} remembers level 2 for
 * ten hours, {@value #EVERY_TIME} asks it at every request (max age 0) and names the levels silver and gold. Users
 * enrol through the realm's ordinary flow first; every token is redeemed and its acr and amr read.
 */
@KeycloakIT
class StepUpIT {

    private static final String REMEMBERED = "step-up";
    private static final String EVERY_TIME = "step-up-every-time";
    private static final String CHECKBOX = "id=\"totp-mfa-trust-browser\"";
    /** The claim a "User Session Note" mapper makes of the step's note {@code totp-mfa-method}. */
    private static final String METHOD_CLAIM = "totp_mfa_method";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("stepup").enableRecoveryCodes();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    @BeforeAll
    static void twoClientsWithAStepUpFlowEach() {
        Map<String, String> trust = Map.of("trust-browser-days", "30");
        client(REMEMBERED, StepUpFlow.create(admin, realm.name(), REMEMBERED, StepUpFlow.REMEMBERED_SECONDS,
                trust), null);
        client(EVERY_TIME, StepUpFlow.create(admin, realm.name(), EVERY_TIME, 0, trust),
                "{\"silver\":1,\"gold\":2}");
    }

    @Test
    void aPasswordLoginIsLevelOneAndAskingForTwoAddsTheCodeOnly() {
        Enrolled user = HttpJourneys.enrol(realm, realm.createUser());
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.openLogin(authUrl(REMEMBERED, null));
        JsonNode one = tokenOf(REMEMBERED, password(browser, user.user()));
        assertThat(one.path("acr").asText()).isEqualTo("1");
        assertThat(amr(one)).containsExactly("pwd");
        assertThat(one.has(METHOD_CLAIM)).isFalse();

        HttpResponse<String> codePage = browser.open(authUrl(REMEMBERED, "2"));
        assertThat(codePage.statusCode()).isEqualTo(200);
        assertThat(browser.hasForm(HttpJourneys.LOGIN_FORM)).as(browser.page()).isTrue();
        assertThat(browser.hasForm("kc-form-login")).as("the password is not asked again").isFalse();
        JsonNode two = tokenOf(REMEMBERED, browser.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", user.app().next())));
        assertLevelBySecondFactor(two, "2", "otp");

        JsonNode again = tokenOf(REMEMBERED, browser.open(authUrl(REMEMBERED, "2")));
        assertThat(again.path("acr").asText()).as("level 2 is remembered for its max age").isEqualTo("2");
    }

    /**
     * A user without an app signs in at level 1 as before and enrols when level 2 is first asked. Keycloak counts
     * a step that sent the user to set up as done for the level, but not as completed for amr.
     */
    @Test
    void aUserWithoutAnAppEnrolsWhenLevelTwoIsFirstAsked() {
        TestUser user = realm.createUser();
        PlainHttpSession browser = atLevelOneThenSetupForLevelTwo(user);
        StepCodes app = StepCodes.of(TotpDevice.scan(browser.otpAuthUri()));
        HttpResponse<String> answer = browser.postAndFollow(HttpJourneys.SETUP_FORM,
                Map.of("totp", app.next(), "userLabel", "Phone"));
        if (browser.hasForm(HttpJourneys.RECOVERY_CODES_FORM)) {
            answer = browser.postAndFollow(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", "on"));
        }

        JsonNode token = tokenOf(REMEMBERED, answer);
        assertThat(token.path("acr").asText()).isEqualTo("2");
        assertThat(amr(token)).as(token.toString()).containsExactly("pwd");
        assertThat(token.has(METHOD_CLAIM)).as(token.toString()).isFalse();
    }

    /**
     * An enrolment grace never reaches a step-up flow: Keycloak would count level 2 as reached once the setup
     * action ends, so "Set up later" there would give level 2 for the password alone. Neither the button nor a
     * forged post.
     */
    @Test
    void aGraceNeverLetsLevelTwoBeReachedWithoutAnApp() {
        assertThat(admin.flows()
                .putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION, Map.of("grace-logins", "5"))
                .statusCode()).isBetween(200, 204);
        try {
            TestUser user = realm.createUser();
            PlainHttpSession browser = atLevelOneThenSetupForLevelTwo(user);
            assertThat(browser.pageContains("totp-mfa-setup-later")).as("Set up later in a step-up").isFalse();
            HttpResponse<String> forged = browser.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true"));
            assertThat(PlainHttpSession.reachedClient(forged, realm)).as("level 2 without an app").isFalse();
            assertThat(browser.pageContains("can no longer be postponed")).as(browser.page()).isTrue();
        } finally {
            admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION, Map.of());
        }
    }

    /** The client's ACR-to-LoA mapping: "gold" asks level 2 and comes back as the token's acr. */
    @Test
    void theMappedNameAsksTheCodeAndIsTheTokensAcr() {
        Enrolled user = HttpJourneys.enrol(realm, realm.createUser());
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(user.user(), authUrl(EVERY_TIME, "gold"));
        assertThat(browser.hasForm(HttpJourneys.LOGIN_FORM)).as(browser.page()).isTrue();

        JsonNode token = tokenOf(EVERY_TIME, browser.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", user.app().next())));

        assertThat(token.path("acr").asText()).isEqualTo("gold");
        assertThat(amr(token)).containsExactlyInAnyOrder("pwd", "otp");
    }

    /** Keycloak's AMR mapper reports the step's reference however the step was passed: here a recovery code. */
    @Test
    void aRecoveryCodeReachesLevelTwoAndReportsTheStepsReference() {
        Enrolled user = HttpJourneys.enrol(realm, realm.createUser());
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(user.user(), authUrl(REMEMBERED, "2"));
        browser.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", user.recoveryCodes().get(0)));

        JsonNode token = tokenOf(REMEMBERED, browser.postAndFollow(HttpJourneys.OFFER_FORM,
                Map.of("recoveryOffer", "skip")));

        assertLevelBySecondFactor(token, "2", "recovery-code");
    }

    /** A level remembered for hours may be answered by a trusted browser; the step still reports its reference. */
    @Test
    void aTrustedBrowserAnswersARememberedLevel() {
        Trusted trusted = trustedBrowser();
        trusted.browser().forgetCookiesExcept(TrustCookie.NAME_PREFIX);

        trusted.browser().openLogin(authUrl(REMEMBERED, "2"));

        JsonNode token = tokenOf(REMEMBERED, password(trusted.browser(), trusted.user().user()));
        assertLevelBySecondFactor(token, "2", "trusted-browser");
    }

    /** A level asked at every request (max age 0) wants the code now: trust neither answers it nor is offered. */
    @Test
    void aTrustedBrowserDoesNotAnswerALevelAskedEveryTime() {
        Trusted trusted = trustedBrowser();
        PlainHttpSession browser = trusted.browser();
        browser.forgetCookiesExcept(TrustCookie.NAME_PREFIX);

        browser.loginWithPassword(trusted.user().user(), authUrl(EVERY_TIME, "gold"));

        assertThat(browser.hasForm(HttpJourneys.LOGIN_FORM)).as(browser.page()).isTrue();
        assertThat(browser.page()).doesNotContain(CHECKBOX);
    }

    /**
     * prompt=login and max_age=0 want the code now: a trusted browser does not answer them at a remembered level.
     * Each starts a new Keycloak session of that browser (Keycloak counts a session signed in within the same
     * second as fresh enough for max_age=0).
     */
    @Test
    void promptLoginAndMaxAgeZeroAskTheCodeOfATrustedBrowser() {
        Trusted trusted = trustedBrowser();
        for (String fresh : List.of("&prompt=login", "&max_age=0")) {
            trusted.browser().forgetCookiesExcept(TrustCookie.NAME_PREFIX);
            trusted.browser().loginWithPassword(trusted.user().user(), authUrl(REMEMBERED, "2") + fresh);
            assertThat(trusted.browser().hasForm(HttpJourneys.LOGIN_FORM)).as(fresh + ":\n" + trusted.browser().page())
                    .isTrue();
        }
    }

    /** A user who reached level 2 with a code and ticked the box, and the session that holds the trust. */
    private record Trusted(Enrolled user, PlainHttpSession browser) {
    }

    /** A new user trusts a new browser at level 2 of {@value #REMEMBERED} (the box is offered there). */
    private static Trusted trustedBrowser() {
        Enrolled user = HttpJourneys.enrol(realm, realm.createUser());
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.loginWithPassword(user.user(), authUrl(REMEMBERED, "2"));
        assertThat(browser.page()).contains(CHECKBOX);
        HttpResponse<String> answer = browser.followRedirects(HttpJourneys.codeWithTrustTicked(browser, user.app()));
        assertThat(PlainHttpSession.reachedClient(answer, realm)).isTrue();
        assertThat(browser.cookies().keySet()).anyMatch(name -> name.startsWith(TrustCookie.NAME_PREFIX));
        return new Trusted(user, browser);
    }

    /** Posts the user's password on the current page; the answer after redirects inside Keycloak. */
    private static HttpResponse<String> password(PlainHttpSession browser, TestUser user) {
        return browser.postAndFollow("kc-form-login",
                Map.of("username", user.username(), "password", user.password(), "credentialId", ""));
    }

    private static JsonNode tokenOf(String clientId, HttpResponse<String> answer) {
        assertThat(PlainHttpSession.reachedClient(answer, realm)).as("reached the client: " + answer.statusCode()
                + "\n" + answer.body()).isTrue();
        return IdTokens.claims(keycloak, realm, clientId, answer);
    }

    /** A user without an app signs in at level 1, then asks level 2; the session is at the setup page. */
    private static PlainHttpSession atLevelOneThenSetupForLevelTwo(TestUser user) {
        PlainHttpSession browser = new PlainHttpSession(realm);
        browser.openLogin(authUrl(REMEMBERED, null));
        assertThat(tokenOf(REMEMBERED, password(browser, user)).path("acr").asText()).isEqualTo("1");

        browser.open(authUrl(REMEMBERED, "2"));
        assertThat(browser.hasForm(HttpJourneys.SETUP_FORM)).as(browser.page()).isTrue();
        return browser;
    }

    /** The token carries level {@code acr}, reached with the password and our factor, answered by {@code method}. */
    private static void assertLevelBySecondFactor(JsonNode token, String acr, String method) {
        assertThat(token.path("acr").asText()).isEqualTo(acr);
        assertThat(amr(token)).containsExactlyInAnyOrder("pwd", "otp");
        assertThat(token.path(METHOD_CLAIM).asText()).isEqualTo(method);
    }

    private static List<String> amr(JsonNode token) {
        List<String> values = new ArrayList<>();
        token.path("amr").forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String authUrl(String clientId, String acrValues) {
        return keycloak.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth"
                + "?client_id=" + clientId
                + "&redirect_uri=" + URLEncoder.encode(realm.redirectUri(), StandardCharsets.UTF_8)
                + "&response_type=code&scope=openid&state=s" + System.nanoTime()
                + (acrValues == null ? "" : "&acr_values=" + acrValues);
    }

    /**
     * A public client bound to {@code flowId} for browser logins, with Keycloak's AMR mapper and a "User Session
     * Note" mapper of the step's note on its tokens.
     */
    private static void client(String clientId, String flowId, String acrLoaMap) {
        ObjectNode client = admin.json().createObjectNode()
                .put("clientId", clientId)
                .put("protocol", "openid-connect")
                .put("publicClient", true)
                .put("standardFlowEnabled", true)
                .put("enabled", true);
        client.putArray("redirectUris").add(realm.redirectUri());
        client.putObject("authenticationFlowBindingOverrides").put("browser", flowId);
        if (acrLoaMap != null) {
            client.putObject("attributes").put("acr.loa.map", acrLoaMap);
        }
        String id = admin.clients().createClient(realm.name(), client);
        ObjectNode mapper = admin.json().createObjectNode()
                .put("name", "amr")
                .put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-amr-mapper");
        mapper.putObject("config").put("id.token.claim", "true").put("access.token.claim", "true");
        admin.clients().addProtocolMapper(realm.name(), id, mapper);
        ObjectNode method = admin.json().createObjectNode()
                .put("name", "totp-mfa-method")
                .put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-usersessionmodel-note-mapper");
        method.putObject("config").put("user.session.note", "totp-mfa-method").put("claim.name", METHOD_CLAIM)
                .put("jsonType.label", "String").put("id.token.claim", "true");
        admin.clients().addProtocolMapper(realm.name(), id, method);
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.Together;
import dev.totpmfa.it.support.TokenEndpoint;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enrolment grace ({@code grace-logins}, {@code grace-until} on {@code totp-mfa-setup}): "Set up later" lets a
 * user without a second factor in for a while, and only for a while. What must never happen: a postponement once the
 * grace is used up (a forged post included), two parallel logins both taking the last one, the button for a user who
 * already has a factor (they would skip proving it), or a token from the direct grant for the password alone. The
 * tests run in order because they change the realm's grace settings.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracePeriodIT {

    private static final String SETUP = ProviderIds.SETUP_ACTION;
    private static final String LATER_BUTTON = "id=\"totp-mfa-setup-later\"";
    private static final String REFUSED = "can no longer be postponed";
    private static final String GRANT_FLOW = "direct-grant-totp-mfa";
    private static final String GRANT_CLIENT = "it-grace-cli";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("grace").useFastPasswordHashing();
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    @BeforeAll
    static void twoPostponementsAndADirectGrantFlow() {
        setGrace(Map.of("grace-logins", "2"));
        admin.flows().installDirectGrantFlow(realm.name(), GRANT_FLOW, ProviderIds.DIRECT_GRANT);
        admin.clients().createDirectGrantClient(realm.name(), GRANT_CLIENT);
    }

    @Test
    @Order(1)
    void invalidGraceSettingsAreRefusedWhenSaved() {
        for (Map<String, String> bad : List.of(Map.of("grace-logins", "-1"), Map.of("grace-logins", "two"),
                Map.of("grace-logins", "100000"), Map.of("grace-until", "2027-02-30"),
                Map.of("grace-until", "31.12.2027"))) {
            HttpResponse<String> refused = admin.flows().putRequiredActionConfig(realm.name(), SETUP, bad);
            assertThat(refused.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.body()).as(bad.toString()).contains(bad.keySet().iterator().next());
        }
        assertThat(admin.flows().putRequiredActionConfig(realm.name(), SETUP, Map.of("grace-logins", "2")).statusCode())
                .isBetween(200, 204);
    }

    @Test
    @Order(2)
    void postponedTwiceThenTheSetupCannotBeSkipped() {
        TestUser user = realm.createUser();

        SetupPage first = BrowserJourneys.passwordThenSetup(browser, realm, user);
        assertThat(first.laterHelp()).contains("2 more");
        assertThat(first.laterButton().orElseThrow().getText()).isEqualTo("Set up later");
        first.postpone();
        browser.awaitCallback(realm);
        assertThat(lastLogin(user).path("details").path("totp_mfa_setup").asText()).isEqualTo("postponed");
        assertThat(lastLogin(user).path("details").path("totp_mfa_grace_remaining").asText()).isEqualTo("1");
        assertThat(listed(user).path("setupPostponed").asInt()).isEqualTo(1);
        assertThat(listed(user).path("setupPostponementsLeft").asInt()).isEqualTo(1);

        SetupPage second = BrowserJourneys.passwordThenSetup(browser, realm, user);
        assertThat(second.laterHelp()).contains("1 more");
        second.postpone();
        browser.awaitCallback(realm);
        assertThat(lastLogin(user).path("details").path("totp_mfa_grace_remaining").asText()).isEqualTo("0");

        SetupPage third = BrowserJourneys.passwordThenSetup(browser, realm, user);
        assertThat(third.laterButton()).as("grace used up").isEmpty();
        third.forgeLater();
        SetupPage refused = new SetupPage(browser);
        assertThat(refused.pageText()).contains(REFUSED);
        assertThat(Browser.isCallback(realm, browser.currentUrl())).isFalse();
        JsonNode afterForgery = listed(user);
        assertThat(afterForgery.path("setupPostponed").asInt()).as("a refused post changes nothing").isEqualTo(2);
        assertThat(afterForgery.path("setupPostponementsLeft").asInt()).isZero();

        TotpDevice device = refused.scan();
        refused.submit(device.nextUnusedCode(), "Phone");
        browser.awaitCallback(realm);
        assertThat(listed(user).path("devices").asInt()).isEqualTo(1);
        assertThat(BrowserJourneys.passwordThenTotp(browser, realm, user)).as("the next login asks for the code")
                .isInstanceOf(LoginPage.class);
    }

    @Test
    @Order(3)
    void aUserWithADeviceNeverSeesTheButtonNorPostponesByForgery() {
        TestUser user = realm.createUser();
        StepCodes app = HttpJourneys.enrol(realm, user).app();
        // An admin asks the enrolled user to set up an app (e.g. a second one): the page comes after the code.
        admin.users().setRequiredActions(realm.name(), user.id(), List.of(SETUP));

        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        session.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", app.next()));
        assertThat(session.hasForm(HttpJourneys.SETUP_FORM)).as(session.page()).isTrue();
        assertThat(session.pageContains(LATER_BUTTON)).isFalse();

        HttpResponse<String> forged = session.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true"));
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(session.pageContains(REFUSED)).as(session.page()).isTrue();
        assertThat(listed(user).path("setupPostponed").asInt()).isZero();
        assertThat(admin.users().requiredActions(realm.name(), user.id())).contains(SETUP);
    }

    @Test
    @Order(4)
    void twoParallelLoginsCannotBothTakeTheLastPostponement() {
        TestUser user = realm.createUser();
        PlainHttpSession once = new PlainHttpSession(realm);
        once.loginWithPassword(user);
        assertThat(PlainHttpSession.reachedClient(
                once.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")), realm)).isTrue();

        // At the same moment too: each login adds the required action again, and two at once must neither collide
        // (HTTP 409 after the password) nor let one of them end without the setup page.
        List<PlainHttpSession> sessions = Together.atOnce(List.of(1, 2), ignored -> {
            PlainHttpSession session = new PlainHttpSession(realm);
            session.loginWithPassword(user);
            return session;
        });
        assertThat(sessions).allMatch(session -> session.pageContains(LATER_BUTTON));
        List<HttpResponse<String>> answers = Together.atOnce(sessions,
                session -> session.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")));

        assertThat(answers).filteredOn(answer -> PlainHttpSession.reachedClient(answer, realm))
                .as("logins finished by the last postponement").hasSize(1);
        assertThat(sessions).filteredOn(session -> session.pageContains(REFUSED)).hasSize(1);
        assertThat(listed(user).path("setupPostponed").asInt()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void theDirectGrantStillGivesNoTokenWithoutASecondFactor() {
        setGrace(Map.of("grace-logins", "1000"));
        TestUser postponedOnly = realm.createUser();
        PlainHttpSession browserLogin = new PlainHttpSession(realm);
        browserLogin.loginWithPassword(postponedOnly);
        assertThat(PlainHttpSession.reachedClient(
                browserLogin.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("later", "true")), realm)).isTrue();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", GRANT_CLIENT);
        form.put("username", postponedOnly.username());
        form.put("password", postponedOnly.password());

        HttpResponse<String> answer = TokenEndpoint.post(keycloak, realm.name(), form, Duration.ofSeconds(30));

        assertThat(answer.statusCode()).as(answer.body()).isIn(400, 401);
        assertThat(answer.body()).contains("invalid_grant").doesNotContain("access_token");
    }

    @Test
    @Order(6)
    void aDayThatHasPassedOffersNoButtonAndAComingOneNamesTheDay() {
        setGrace(Map.of("grace-until", "2020-01-01"));
        TestUser user = realm.createUser();
        SetupPage past = BrowserJourneys.passwordThenSetup(browser, realm, user);
        assertThat(past.laterButton()).isEmpty();
        past.forgeLater();
        assertThat(new SetupPage(browser).pageText()).contains(REFUSED);

        setGrace(Map.of("grace-until", "2099-12-31"));
        SetupPage coming = BrowserJourneys.passwordThenSetup(browser, realm, user);
        assertThat(coming.laterHelp()).contains("2099-12-31").doesNotContain("more time");
        coming.postpone();
        browser.awaitCallback(realm);
        JsonNode details = lastLogin(user).path("details");
        assertThat(details.path("totp_mfa_setup").asText()).isEqualTo("postponed");
        assertThat(details.path("totp_mfa_grace_until").asText()).isEqualTo("2099-12-31");
        assertThat(details.has("totp_mfa_grace_remaining")).isFalse();
        assertThat(listed(user).path("setupPostponed").asInt()).isEqualTo(1);
        assertThat(listed(user).path("setupPostponementsLeft").isNull()).isTrue();
    }

    private static void setGrace(Map<String, String> config) {
        HttpResponse<String> saved = admin.flows().putRequiredActionConfig(realm.name(), SETUP, config);
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 204);
    }

    private static JsonNode lastLogin(TestUser user) {
        return admin.events().userEvents(realm.name(), "LOGIN").stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no LOGIN event of " + user.username()));
    }

    private static JsonNode listed(TestUser user) {
        return admin.totpMfaUsers(realm.name()).stream()
                .filter(listed -> user.id().equals(listed.path("id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(user.username() + " not listed"));
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpLoginSession;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second step of every login. A code must work when typed the way people type it, must work only once
 * (RFC 6238 §5.2: an observed code is worth nothing), and anything else must give the user the page again with
 * an error and leave the stored device untouched. Each test has its own user, all enrolled up front, so that the
 * wait for a fresh time step after enrolment overlaps across tests.
 */
@KeycloakIT
class LoginIT {

    /** The user's own state (lockout record, postponements), a credential row of ours that is not a factor. */
    private static final String STATE_TYPE = ProviderIds.USER_STATE_CREDENTIAL;

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("login");
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static Enrolled plain;
    private static Enrolled spaced;
    private static Enrolled replaySameSession;
    private static Enrolled replayNewSession;
    private static Enrolled refused;

    @BeforeAll
    static void enrolOneUserPerTest() {
        plain = enrol();
        spaced = enrol();
        replaySameSession = enrol();
        replayNewSession = enrol();
        refused = enrol();
    }

    private static Enrolled enrol() {
        TestUser user = realm.createUser();
        return new Enrolled(user, StepCodes.of(BrowserJourneys.enrol(browser, realm, user, "Phone")), List.of());
    }

    @Test
    void currentCodeLogsIn() {
        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, plain.user());
        assertThat(login.codeField().getAttribute("autocomplete")).isEqualTo("one-time-code");

        login.submit(plain.device().nextUnusedCode());

        browser.awaitCallback(realm);
        assertThat(eventsOf("LOGIN", plain.user())).as("LOGIN event").isNotEmpty();
    }

    @Test
    void codeTypedWithASpaceInTheMiddleLogsIn() {
        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, spaced.user());
        String code = spaced.device().nextUnusedCode();

        login.submit(code.substring(0, 3) + " " + code.substring(3));

        browser.awaitCallback(realm);
    }

    /** The same browser, re-authenticating (prompt=login) right after a login: the code just used is refused. */
    @Test
    void usedCodeIsRefusedAgainInTheSameBrowserSession() {
        TotpDevice device = replaySameSession.device();
        BrowserJourneys.login(browser, realm, replaySameSession.user(), device);

        browser.open(realm.authUrl() + "&prompt=login");
        new PasswordLoginPage(browser).login(replaySameSession.user());
        LoginPage login = new LoginPage(browser);
        assertThat(device.stepsSinceLastIssued()).as("replay still inside the accepted window").isLessThanOrEqualTo(1);
        login.submit(device.lastIssuedCode());

        LoginPage again = new LoginPage(browser);
        assertThat(again.fieldError()).as("error against the code field").isPresent();
        assertThat(Browser.isCallback(realm, browser.currentUrl())).isFalse();

        again.submit(device.nextUnusedCode());
        browser.awaitCallback(realm);
    }

    /** A code seen over someone's shoulder, used in another browser while it is still current: refused. */
    @Test
    void usedCodeIsRefusedInANewSession() {
        TotpDevice device = replayNewSession.device();
        BrowserJourneys.login(browser, realm, replayNewSession.user(), device);

        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, replayNewSession.user());
        assertThat(device.stepsSinceLastIssued()).as("replay still inside the accepted window").isLessThanOrEqualTo(1);
        login.submit(device.lastIssuedCode());

        assertThat(new LoginPage(browser).fieldError()).isPresent();
        assertThat(Browser.isCallback(realm, browser.currentUrl())).isFalse();
    }

    static Stream<Arguments> refusedInputs() {
        return Stream.of(
                Arguments.of("wrong code", (Function<TotpDevice, String>) TotpDevice::wrongCode),
                Arguments.of("letters", (Function<TotpDevice, String>) device -> "abcdef"),
                Arguments.of("the current code in full-width digits",
                        (Function<TotpDevice, String>) device -> fullWidth(device.peekCurrentCode())),
                Arguments.of("the current code with one digit too many",
                        (Function<TotpDevice, String>) device -> device.peekCurrentCode() + "0"),
                Arguments.of("the current code with one digit too few",
                        (Function<TotpDevice, String>) device -> device.peekCurrentCode().substring(1)),
                Arguments.of("empty", (Function<TotpDevice, String>) device -> ""));
    }

    /**
     * Over HTTP, to see the status code: 200 with the form and a field error, and the device unchanged. Each
     * input gets a user of its own, so that the lockout after repeated failures never plays a part.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedInputs")
    void refusedInputGivesThePageAgainAndChangesNothing(String name, Function<TotpDevice, String> input) {
        Enrolled enrolled = enrol();
        List<JsonNode> before = comparable(admin.users().credentials(realm.name(), enrolled.user().id()));
        HttpLoginSession session = new HttpLoginSession(realm);
        session.loginWithPassword(enrolled.user());
        assertThat(session.showsTotpForm()).isTrue();
        String typed = input.apply(enrolled.device());

        HttpResponse<String> response = session.submitOtp(typed);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"totp-mfa-login-form\"").contains("id=\"input-error-otp\"");
        assertThat(comparable(admin.users().credentials(realm.name(), enrolled.user().id()))).isEqualTo(before);
        if (!typed.isEmpty()) {
            assertThat(eventsOf("LOGIN_ERROR", enrolled.user()))
                    .as("LOGIN_ERROR invalid_user_credentials")
                    .anyMatch(event -> "invalid_user_credentials".equals(event.path("error").asText()));
        }
    }

    /** The browser shows the error against the field (not only somewhere on the page). */
    @Test
    void wrongCodeShowsAFieldErrorInTheBrowser() {
        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, refused.user());
        login.submit(refused.device().wrongCode());

        LoginPage again = new LoginPage(browser);
        assertThat(again.fieldError()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(again.codeField().getAttribute("aria-invalid")).isEqualTo("true");
    }

    @Test
    void noEventContainsATypedCode() {
        String code = refused.device().wrongCode();
        HttpLoginSession session = new HttpLoginSession(realm);
        session.loginWithPassword(refused.user());
        session.submitOtp(code);

        Pattern asToken = Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])");
        assertThat(asToken.matcher(admin.events().userEventsJson(realm.name())).find()).as("code in user events")
                .isFalse();
        assertThat(eventsOf("LOGIN_ERROR", refused.user())).isNotEmpty();
    }

    private static List<JsonNode> eventsOf(String type, TestUser user) {
        return realm.userEvents(type).stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .toList();
    }

    /** Credentials as compared before and after a refused code: everything but a failure counter may not change. */
    private static List<JsonNode> comparable(List<JsonNode> credentials) {
        // The user's state row holds the failure count, which a refused code may change: that is the count.
        return credentials.stream().filter(credential -> !STATE_TYPE.equals(credential.path("type").asText()))
                .map(credential -> {
                    ObjectNode copy = credential.deepCopy();
                    JsonNode data = admin.parse(copy.path("credentialData").asText("{}"));
                    if (data instanceof ObjectNode object) {
                        object.properties().removeIf(field -> field.getKey().toLowerCase(Locale.ROOT).contains("fail"));
                        copy.set("credentialData", object);
                    }
                    return (JsonNode) copy;
                }).toList();
    }

    private static String fullWidth(String digits) {
        StringBuilder text = new StringBuilder();
        digits.chars().forEach(c -> text.append((char) ('０' + (c - '0'))));
        return text.toString();
    }
}

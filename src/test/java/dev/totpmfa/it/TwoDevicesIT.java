package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * People keep a second authenticator (a tablet, a password manager) so that losing one phone does not lock
 * them out. The second device is added from an application (application-initiated action
 * {@code kc_action=totp-mfa-setup}, which is also what the account console's "Set up" does), and afterwards a
 * code from either device must work without the user first having to say which one. The tests build on each
 * other in order: add the device, see the chooser, log in with each.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoDevicesIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("devices");
    @RegisterExtension
    static final Browser browser = new Browser();
    private static TestUser user;
    private static TotpDevice phone;
    private static TotpDevice tablet;

    @BeforeAll
    static void enrolThePhone() {
        user = realm.createUser();
        phone = BrowserJourneys.enrol(browser, realm, user, "Phone A");
    }

    @Test
    @Order(1)
    void secondDeviceIsAddedAsAnApplicationInitiatedAction() {
        // Still signed in from the enrolment: the application asks for the action, Keycloak shows the setup page.
        browser.open(realm.authUrl(TestRealm.SETUP_ACTION));
        SetupPage setup = new SetupPage(browser);
        assertThat(setup.cancelButton()).as("an optional action can be cancelled").isPresent();
        tablet = setup.scan();
        assertThat(tablet.secretBase32()).isNotEqualTo(phone.secretBase32());

        setup.submit(tablet.nextUnusedCode(), "Tablet B");

        assertThat(browser.awaitCallback(realm)).contains("kc_action_status=success");
        assertThat(realm.deviceLabelsOf(user)).containsExactlyInAnyOrder("Phone A", "Tablet B");
    }

    @Test
    @Order(2)
    void loginPageOffersAChoiceOfDevices() {
        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);

        List<String> credentialIds =
                realm.devicesOf(user).stream()
                        .map(credential -> credential.path("id").asText())
                        .toList();
        assertThat(login.deviceChoiceIds()).containsExactlyInAnyOrderElementsOf(credentialIds);
        assertThat(login.pageText()).contains("Phone A", "Tablet B");
    }

    @Test
    @Order(3)
    void codeFromTheSecondDeviceWorksWithoutChoosing() {
        BrowserJourneys.login(browser, realm, user, tablet);
        assertThat(selectedCredentialOfLastLogin()).isEqualTo(idOf("Tablet B"));
    }

    @Test
    @Order(4)
    void codeFromTheFirstDeviceWorksWithoutChoosing() {
        BrowserJourneys.login(browser, realm, user, phone);
    }

    @Test
    @Order(5)
    void choosingADeviceAndTypingItsCodeWorks() {
        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);
        login.choose(idOf("Tablet B"));
        login.submit(tablet.nextUnusedCode());
        browser.awaitCallback(realm);
    }

    private static String idOf(String label) {
        return realm.devicesOf(user).stream()
                .filter(credential -> label.equals(credential.path("userLabel").asText()))
                .map(credential -> credential.path("id").asText())
                .findFirst().orElseThrow();
    }

    /** The device that the authenticator reported in the newest LOGIN event (Keycloak's selected_credential_id). */
    private static String selectedCredentialOfLastLogin() {
        List<JsonNode> logins = realm.userEvents("LOGIN").stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .toList();
        assertThat(logins).isNotEmpty();
        return logins.get(0).path("details").path("selected_credential_id").asText();
    }
}

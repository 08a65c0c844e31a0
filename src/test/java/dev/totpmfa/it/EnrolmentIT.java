package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestRealm.OtpPolicy;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Enrolment is where a user's phone and the server agree on a secret. If the QR code and the text beside it
 * disagree, or carry other parameters than the realm's policy, the user's app shows codes the server never
 * accepts, and the user is locked out on the next login. The realm uses a non-default policy
 * (HmacSHA256, 8 digits, 20 s), so that defaults cannot pass for the policy by accident.
 */
@KeycloakIT
class EnrolmentIT {

    private static final OtpPolicy POLICY = new OtpPolicy("HmacSHA256", 8, 20);
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("enrol", POLICY);
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();

    @Test
    void qrCodeCarriesTheRealmPolicyAndTheSecretShownBesideIt() {
        TestUser user = realm.createUser();
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);

        assertThat(setup.qrSrc()).startsWith("data:image/png;base64,");
        assertThat(setup.qrAlt()).as("alt text of the QR image").isNotBlank();
        String qrText = setup.qrText();
        OtpAuthUri uri = OtpAuthUri.parse(qrText);

        assertThat(qrText).startsWith("otpauth://totp/");
        assertThat(uri.parameters()).isEqualTo(new OtpParameters(HmacAlgorithm.SHA256, 8, 20));
        assertThat(uri.account()).isEqualTo(user.username());
        assertThat(uri.issuer()).isEqualTo("IT enrol");
        assertThat(OtpAuthUri.parse(setup.otpauthHref())).as("a#totp-mfa-otpauth").isEqualTo(uri);
        assertThat(setup.secretAsShown().replace(" ", "")).as("#totp-mfa-secret without spaces")
                .isEqualTo(uri.secretBase32());
        assertThat(setup.secretAsShown()).as("grouped by four").matches("[A-Z2-7]{4}( [A-Z2-7]{1,4})*");
        assertThat(uri.secretBase32()).as("160-bit secret").hasSize(32);
        assertThat(realm.devicesOf(user))
                .as("nothing stored while the page is shown").isEmpty();
    }

    @Test
    void firstCodeStoresExactlyOneDeviceWithTheChosenLabel() {
        TestUser user = realm.createUser();
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        TotpDevice device = setup.scan();
        String label = "Pixel of " + user.username();

        setup.submit(device.nextUnusedCode(), label);
        browser.awaitCallback(realm);

        List<JsonNode> credentials = realm.devicesOf(user);
        assertThat(credentials).hasSize(1);
        JsonNode credential = credentials.get(0);
        assertThat(credential.path("userLabel").asText()).isEqualTo(label);
        JsonNode data = admin.parse(credential.path("credentialData").asText());
        assertThat(data.path("algorithm").asText()).isEqualTo("HmacSHA256");
        assertThat(data.path("digits").asInt()).isEqualTo(8);
        assertThat(data.path("period").asInt()).isEqualTo(20);
        // Beside the device, the user's state row (not a factor), which the enrolment locked.
        assertThat(admin.users().credentials(realm.name(), user.id())).extracting(c -> c.path("type").asText())
                .containsExactlyInAnyOrder("password", TestRealm.CREDENTIAL_TYPE, ProviderIds.USER_STATE_CREDENTIAL);

        List<JsonNode> updates = realm.userEvents("UPDATE_CREDENTIAL").stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .toList();
        assertThat(updates).as("UPDATE_CREDENTIAL event of the enrolment").hasSize(1);
        assertThat(updates.get(0).path("details").path("credential_type").asText())
                .isEqualTo(TestRealm.CREDENTIAL_TYPE);
    }

    @Test
    void wrongFirstCodeKeepsThePageAndStoresNothing() {
        TestUser user = realm.createUser();
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        TotpDevice device = setup.scan();

        setup.submit(device.wrongCode(), "Phone");

        SetupPage again = new SetupPage(browser);
        assertThat(again.fieldError()).as("error against the code field").isPresent();
        assertThat(again.qrUri().secretBase32()).as("same secret after a typo").isEqualTo(device.secretBase32());
        assertThat(realm.devicesOf(user)).isEmpty();

        again.submit(device.nextUnusedCode(), "Phone");
        browser.awaitCallback(realm);
        assertThat(realm.devicesOf(user)).hasSize(1);
    }
}

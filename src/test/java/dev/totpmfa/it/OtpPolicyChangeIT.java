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
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admins tighten the OTP policy (longer codes, a stronger HMAC) while users are enrolled. Keycloak's own OTP
 * credential reads the policy at login, so such a change silently breaks every enrolled phone; ours records the
 * parameters in each credential. Old devices must keep working, new enrolments must get the new policy.
 */
@KeycloakIT
class OtpPolicyChangeIT {

    private static final OtpPolicy BEFORE = new OtpPolicy("HmacSHA1", 6, 15);
    private static final OtpPolicy AFTER = new OtpPolicy("HmacSHA512", 8, 20);
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("policy", BEFORE);
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();

    @Test
    void oldDeviceKeepsItsParametersAndANewDeviceGetsTheNewPolicy() {
        TestUser user = realm.createUser();
        TotpDevice old = BrowserJourneys.enrol(browser, realm, user, "Old phone");
        assertThat(old.parameters()).isEqualTo(new OtpParameters(HmacAlgorithm.SHA1, 6, 15));

        realm.setOtpPolicy(AFTER);

        BrowserJourneys.login(browser, realm, user, old);

        browser.open(realm.authUrl(TestRealm.SETUP_ACTION));
        SetupPage setup = new SetupPage(browser);
        TotpDevice fresh = setup.scan();
        assertThat(fresh.parameters()).isEqualTo(new OtpParameters(HmacAlgorithm.SHA512, 8, 20));
        setup.submit(fresh.nextUnusedCode(), "New phone");
        browser.awaitCallback(realm);

        assertThat(credentialData(user, "Old phone").path("algorithm").asText()).isEqualTo("HmacSHA1");
        assertThat(credentialData(user, "Old phone").path("digits").asInt()).isEqualTo(6);
        assertThat(credentialData(user, "New phone").path("algorithm").asText()).isEqualTo("HmacSHA512");
        assertThat(credentialData(user, "New phone").path("period").asInt()).isEqualTo(20);

        BrowserJourneys.login(browser, realm, user, fresh);
        BrowserJourneys.login(browser, realm, user, old);
    }

    private static JsonNode credentialData(TestUser user, String label) {
        JsonNode credential = realm.devicesOf(user).stream()
                .filter(c -> label.equals(c.path("userLabel").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no device labelled " + label));
        return admin.parse(credential.path("credentialData").asText());
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.names.ProviderIds;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admins set the issuer and the number of recovery codes under Required actions → Configure. A value no app can
 * show, or a set too small or too large, must be refused when saved (not discovered by users at login), and a valid
 * one must reach the pages.
 */
@KeycloakIT
class RequiredActionConfigIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("config").enableRecoveryCodes();
    private static final AdminApi admin = KeycloakTargets.admin();

    @Test
    void invalidSettingsAreRefusedWhenSaved() {
        HttpResponse<String> longIssuer = admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION,
                Map.of("issuer", "x".repeat(65)));
        HttpResponse<String> lineBreak = admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION,
                Map.of("issuer", "Acme\nEvil"));
        HttpResponse<String> fewCodes =
                admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.RECOVERY_CODES_ACTION,
                        Map.of("recovery-code-count", "4"));
        HttpResponse<String> notANumber =
                admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.RECOVERY_CODES_ACTION,
                        Map.of("recovery-code-count", "ten"));

        assertThat(longIssuer.statusCode()).as("64+ character issuer").isEqualTo(400);
        assertThat(longIssuer.body()).contains("issuer");
        assertThat(lineBreak.statusCode()).as("issuer with a line break").isEqualTo(400);
        assertThat(fewCodes.statusCode()).as("4 recovery codes").isEqualTo(400);
        assertThat(fewCodes.body()).contains("recovery-code-count");
        assertThat(notANumber.statusCode()).as("a count that is no number").isEqualTo(400);
    }

    @Test
    void validSettingsReachTheSetupAndRecoveryCodesPages() {
        assertThat(admin.flows()
                .putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION, Map.of("issuer", "Acme & Co"))
                .statusCode()).isBetween(200, 204);
        assertThat(admin.flows().putRequiredActionConfig(realm.name(), ProviderIds.RECOVERY_CODES_ACTION,
                Map.of("recovery-code-count", "12")).statusCode()).isBetween(200, 204);

        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(realm.createUser());
        var uri = session.otpAuthUri();
        assertThat(uri.issuer()).isEqualTo("Acme & Co");

        var device = dev.totpmfa.it.support.TotpDevice.scan(uri);
        session.postAndFollow("totp-mfa-setup-form", Map.of("totp", device.nextUnusedCode(), "userLabel", "Phone"));
        assertThat(session.recoveryCodes()).hasSize(12);
    }
}

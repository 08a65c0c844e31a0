package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.DatabaseBytes;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.SecretForms;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A TOTP secret is a password that never expires: whoever reads it once makes valid codes forever. It may be
 * shown exactly once, on the setup page, and must then exist only sealed. So after one enrolment and the
 * usual journeys that follow (login, a refused code, the setup page of another device, the account console),
 * the secret in any spelling (base32 as shown, grouped, lower case, base64 and hex of its bytes) must appear in
 * no page, no stored event, no admin API answer, not in the server log (our package logs at DEBUG here) and not
 * in the database (the H2 files of the distribution target, the PostgreSQL rows of the container target).
 */
@KeycloakIT
class SecretLeakIT {

    private static final Duration DATABASE_WRITE_WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("leak");
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();

    @Test
    void secretAppearsOnlyOnTheSetupPage() {
        TestUser user = realm.createUser();
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        TotpDevice device = setup.scan();
        SecretForms secret = SecretForms.of(setup.secretAsShown(), device.secret());
        String label = "Leak test " + user.username();
        assertThat(secret.foundIn(setup.qrText() + setup.secretAsShown()))
                .as("control: the setup page does show the secret").isNotEmpty();

        Map<String, String> pagesAfterSetup = new LinkedHashMap<>();
        setup.submit(device.nextUnusedCode(), label);
        browser.awaitCallback(realm);
        pagesAfterSetup.put("page after the setup form", browser.pageSource());

        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);
        pagesAfterSetup.put("login page", browser.pageSource());
        login.submit(device.wrongCode());
        LoginPage again = new LoginPage(browser);
        pagesAfterSetup.put("login page after a wrong code", browser.pageSource());
        again.submit(device.nextUnusedCode());
        browser.awaitCallback(realm);

        browser.open(realm.authUrl(TestRealm.SETUP_ACTION));
        SetupPage second = new SetupPage(browser);
        pagesAfterSetup.put("setup page of another device", browser.pageSource());
        second.cancelButton().orElseThrow().click();
        browser.awaitCallback(realm);

        browser.open(realm.accountConsoleUrl() + "/account-security/signing-in");
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='totp-mfa/credential-list']")));
        pagesAfterSetup.put("account console, Signing in", browser.pageSource());

        pagesAfterSetup
                .forEach((page, html) -> assertThat(secret.foundIn(html)).as("secret in the %s", page).isEmpty());
        assertThat(secret.foundIn(admin.events().userEventsJson(realm.name()))).as("secret in user events").isEmpty();
        assertThat(secret.foundIn(admin.events().adminEventsJson(realm.name()))).as("secret in admin events").isEmpty();
        assertThat(secret.foundIn(admin.users().credentials(realm.name(), user.id()).toString()))
                .as("secret in the admin API's credentials").isEmpty();
        assertThat(secret.foundIn(keycloak.serverLog())).as("secret in the server log").isEmpty();

        if (keycloak.h2Directory().isPresent()) {
            Path h2 = keycloak.h2Directory().get();
            byte[] database =
                    DatabaseBytes.onceTheyHold("The H2 files in " + h2, () -> DatabaseBytes.h2Files(h2), label,
                            DATABASE_WRITE_WAIT);
            assertThat(secret.foundIn(database)).as("secret in the H2 database files").isEmpty();
        } else {
            // The container target: the rows of its PostgreSQL database stand in for the H2 files.
            assertThat(keycloak.databaseDump()).as("a database this test can read").isPresent();
            byte[] rows = DatabaseBytes.onceTheyHold("The PostgreSQL rows",
                    () -> keycloak.databaseDump().orElseThrow().getBytes(StandardCharsets.UTF_8), label,
                    DATABASE_WRITE_WAIT);
            assertThat(secret.foundIn(rows)).as("secret in the PostgreSQL rows").isEmpty();
        }
    }

}

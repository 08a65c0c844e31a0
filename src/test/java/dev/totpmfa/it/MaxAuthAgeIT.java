package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Someone at an unlocked computer whose owner signed in long ago must not be able to add their own authenticator
 * or remove the owner's: adding a device (our setup action) and removing one (Keycloak's {@code delete_credential},
 * which the account console's "Remove" starts) from a session older than the action's {@code max_auth_age} ask for
 * the password and a code again first. A fresh session goes straight to the action.
 */
@KeycloakIT
class MaxAuthAgeIT {

    private static final int MAX_AUTH_AGE_SECONDS = 8;

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("max-auth-age");
    private static final AdminApi admin = KeycloakTargets.admin();
    @RegisterExtension
    static final Browser browser = new Browser();

    @BeforeAll
    static void askForASignInAfterMaxAuthAge() {
        for (String action : new String[] {TestRealm.SETUP_ACTION, "delete_credential"}) {
            assertThat(admin.flows().putRequiredActionConfig(realm.name(), action,
                    Map.of("max_auth_age", Integer.toString(MAX_AUTH_AGE_SECONDS))).statusCode())
                    .as("max_auth_age of %s saved", action).isBetween(200, 299);
        }
    }

    @Test
    void addingADeviceFromAnOldSessionAsksToSignInAgain() {
        TestUser user = realm.createUser();
        TotpDevice phone = BrowserJourneys.enrol(browser, realm, user, "Phone");

        browser.open(realm.authUrl(TestRealm.SETUP_ACTION));
        assertThat(SetupPage.isShown(browser)).as("a fresh session goes straight to the setup page").isTrue();

        outliveMaxAuthAge();
        browser.open(realm.authUrl(TestRealm.SETUP_ACTION));
        assertThat(SetupPage.isShown(browser)).as("an old session does not").isFalse();
        new PasswordLoginPage(browser).login(user);
        new LoginPage(browser).submit(phone.nextUnusedCode());
        SetupPage setup = new SetupPage(browser);
        TotpDevice tablet = setup.scan();
        setup.submit(tablet.nextUnusedCode(), "Tablet");

        assertThat(browser.awaitCallback(realm)).contains("kc_action_status=success");
        assertThat(realm.deviceLabelsOf(user)).containsExactlyInAnyOrder("Phone", "Tablet");
    }

    @Test
    void removingADeviceFromAnOldSessionAsksToSignInAgain() {
        browser.forgetSessions();
        TestUser user = realm.createUser();
        TotpDevice phone = BrowserJourneys.enrol(browser, realm, user, "Phone");
        String deviceId = realm.devicesOf(user).get(0)
                .path("id").asText();

        outliveMaxAuthAge();
        browser.open(realm.authUrl("delete_credential:" + deviceId));
        assertThat(browser.driver().findElements(By.id("kc-accept"))).as("no removal without signing in again")
                .isEmpty();
        new PasswordLoginPage(browser).login(user);
        new LoginPage(browser).submit(phone.nextUnusedCode());
        browser.await().withMessage(() -> "no delete-credential page:\n" + browser.pageSource())
                .until(ExpectedConditions.elementToBeClickable(By.id("kc-accept"))).click();

        assertThat(browser.awaitCallback(realm)).contains("kc_action_status=success");
        assertThat(realm.devicesOf(user)).isEmpty();
    }

    private static void outliveMaxAuthAge() {
        try {
            Thread.sleep((MAX_AUTH_AGE_SECONDS + 1) * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

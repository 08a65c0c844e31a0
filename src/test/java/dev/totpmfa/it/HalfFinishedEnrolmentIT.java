package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that was shown but never confirmed with a code must not exist: the user may have closed the tab
 * before scanning, and a stored device they never had would turn the next login into a lockout (and a secret
 * that was displayed but not confirmed could have been seen by someone else).
 */
@KeycloakIT
class HalfFinishedEnrolmentIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("half");
    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void leavingTheSetupPageStoresNothingAndTheNextLoginStartsAgain() {
        TestUser user = realm.createUser();
        TotpDevice abandoned = BrowserJourneys.passwordThenSetup(browser, realm, user).scan();

        browser.open(realm.redirectUri());
        assertThat(credentialsOf(user)).isZero();

        // Back in the same browser: still enrolling, nothing stored.
        browser.open(realm.authUrl());
        if (!SetupPage.isShown(browser)) {
            new PasswordLoginPage(browser).login(user);
        }
        assertThat(new SetupPage(browser).scan().secretBase32()).isNotBlank();
        assertThat(LoginPage.isShown(browser)).isFalse();
        assertThat(credentialsOf(user)).isZero();

        // Another browser session: the setup page again, with a new secret; the abandoned one is worthless.
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        assertThat(setup.scan().secretBase32()).isNotEqualTo(abandoned.secretBase32());
        setup.submit(abandoned.nextUnusedCode(), "Never scanned");
        assertThat(new SetupPage(browser).fieldError()).isPresent();
        assertThat(credentialsOf(user)).isZero();
    }

    @Test
    void loggingOutOfAnApplicationInitiatedSetupStoresNothing() {
        TestUser user = realm.createUser();
        BrowserJourneys.enrol(browser, realm, user, "Phone");

        browser.open(realm.authUrl(TestRealm.SETUP_ACTION));
        new SetupPage(browser).scan();
        BrowserJourneys.logout(browser, realm);

        assertThat(credentialsOf(user)).isEqualTo(1);
    }

    @Test
    void cancellingAnApplicationInitiatedSetupStoresNothing() {
        TestUser user = realm.createUser();
        BrowserJourneys.enrol(browser, realm, user, "Phone");

        browser.open(realm.authUrl(TestRealm.SETUP_ACTION));
        SetupPage setup = new SetupPage(browser);
        setup.cancelButton().orElseThrow().click();

        assertThat(browser.awaitCallback(realm)).contains("kc_action_status=cancelled");
        assertThat(credentialsOf(user)).isEqualTo(1);
    }

    private static int credentialsOf(TestUser user) {
        return realm.devicesOf(user).size();
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.Flows;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.trust.TrustCookie;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The trusted browser in a real browser (Chromium): the box is visible, labelled and unticked; ticked, a new
 * login session of the same browser ends at the client right after the password, and another browser is asked
 * for the code. The cookie's attributes are read as the browser stored them.
 */
@KeycloakIT
class TrustedBrowserPageIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("trust-page")
            .configureAuthenticator(Map.of("trust-browser-days", "7"));
    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void aTickedBoxSkipsTheCodeInThisBrowserOnly() {
        TestUser user = realm.createUser();
        TotpDevice device = Flows.enrol(browser, realm, user, "Phone");
        LoginPage login = Flows.passwordThenTotp(browser, realm, user);

        WebElement box = browser.driver().findElement(By.cssSelector("form#totp-mfa-login-form"
                + " input#totp-mfa-trust-browser[type=checkbox][name=trustBrowser][value=on]"));
        assertThat(box.isDisplayed()).isTrue();
        assertThat(box.isSelected()).as("unticked by default").isFalse();
        WebElement label = browser.driver().findElement(By.cssSelector("label[for=totp-mfa-trust-browser]"));
        assertThat(label.getText()).contains("7 days");
        label.click();
        assertThat(box.isSelected()).as("the label ticks the box").isTrue();
        login.submit(device.nextUnusedCode());
        browser.awaitCallback(realm);

        Map<String, Object> cookie = browser.cookies().stream()
                .filter(c -> ((String) c.get("name")).startsWith(TrustCookie.NAME_PREFIX))
                .findFirst().orElseThrow();
        assertThat(cookie.get("httpOnly")).isEqualTo(true);
        assertThat(cookie.get("sameSite")).isEqualTo("Lax");
        assertThat(cookie.get("path")).isEqualTo("/realms/" + realm.name() + "/");
        assertThat(cookie.get("session")).as("persistent, not a session cookie").isEqualTo(false);

        browser.forgetSessionsExcept(TrustCookie.NAME_PREFIX);
        browser.open(realm.authUrl());
        new PasswordLoginPage(browser).login(user);
        browser.awaitCallback(realm);

        try (Browser other = new Browser()) {
            other.open(realm.authUrl());
            new PasswordLoginPage(other).login(user);
            assertThat(new LoginPage(other).codeField().isDisplayed()).as("another browser").isTrue();
        }
    }
}

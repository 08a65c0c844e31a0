package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.trust.ListedTime;
import dev.totpmfa.trust.TrustCookie;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The trusted browser in a real browser (Chromium): the box is visible, labelled and unticked; ticked, a new
 * login session of the same browser ends at the client right after the password, and another browser is asked
 * for the code. The cookie's attributes are read as the browser stored them. The user finds the browser in
 * Keycloak's account console and removes it there.
 */
@KeycloakIT
class TrustedBrowserPageIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("trust-page")
            .configureAuthenticator(Map.of("trust-browser-days", "7"));
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final String TYPE = ProviderIds.TRUSTED_BROWSER_CREDENTIAL;

    @Test
    void aTickedBoxSkipsTheCodeInThisBrowserOnly() {
        TestUser user = realm.createUser();
        TotpDevice device = BrowserJourneys.enrol(browser, realm, user, "Phone");
        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);

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

    /**
     * The account console (Account security, Signing in) lists the trusted browser under our credential type with
     * the label read from its User-Agent, when it was trusted, when that ends and when it last skipped the code;
     * removing it there (Keycloak's delete_credential action, audited as REMOVE_CREDENTIAL) makes that browser's
     * next login ask for the code, and leaves the user's app alone. The React UI is driven through its data-testid
     * attributes, as in AccountConsoleIT.
     */
    @Test
    void theAccountConsoleListsTheTrustedBrowserAndRemovesIt() {
        TestUser user = realm.createUser();
        StepCodes app = HttpJourneys.enrol(realm, user).app();
        browser.forgetSessions();
        browser.open(realm.accountConsoleUrl());
        new PasswordLoginPage(browser).login(user);
        LoginPage login = new LoginPage(browser);
        browser.driver().findElement(By.cssSelector("label[for=totp-mfa-trust-browser]")).click();
        login.submit(app.next());
        awaitAccountConsole();
        JsonNode row = admin.users().credentials(realm.name(), user.id(), TYPE).get(0);
        String id = row.path("id").asText();
        Instant expires =
                Instant.ofEpochMilli(admin.parse(row.path("credentialData").asText()).path("expires").asLong());

        // A new session of this browser: the password alone opens the console.
        browser.forgetSessionsExcept(TrustCookie.NAME_PREFIX);
        browser.open(realm.accountConsoleUrl());
        new PasswordLoginPage(browser).login(user);
        awaitAccountConsole();
        browser.open(realm.accountConsoleUrl() + "/account-security/signing-in");
        WebElement list = browser.await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='" + TYPE + "/credential-list']")));
        assertThat(browser.driver().findElement(By.cssSelector("[data-testid='" + TYPE + "/title']")).getText())
                .isEqualTo("Trusted browsers");
        WebElement item = list.findElement(By.id("cred-" + id));
        assertThat(item.findElement(By.cssSelector("[data-testrole='label']")).getText())
                .as("Chromium's User-Agent, read as a person would name it").isEqualTo("Chrome on Linux");
        assertThat(item.findElement(By.cssSelector("[data-testrole='created-at']")).getText()).isNotBlank();
        assertThat(item.findElement(By.cssSelector("[data-testrole='warning-message']")).getText())
                .contains("Expires", ListedTime.of(expires), "Last used");

        item.findElement(By.cssSelector("[data-testrole='remove']")).click();
        browser.await().withMessage(() -> "no delete-credential page:\n" + browser.pageSource())
                .until(ExpectedConditions.elementToBeClickable(By.id("kc-accept"))).click();
        awaitAccountConsole();

        assertThat(admin.users().credentials(realm.name(), user.id(), TYPE)).isEmpty();
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).as("the app stays")
                .hasSize(1);
        List<JsonNode> removals = admin.events().userEvents(realm.name(), "REMOVE_CREDENTIAL").stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .toList();
        assertThat(removals).singleElement().satisfies(event -> {
            assertThat(event.path("details").path("credential_type").asText()).isEqualTo(TYPE);
            assertThat(event.path("details").path("credential_id").asText()).isEqualTo(id);
        });

        browser.forgetSessionsExcept(TrustCookie.NAME_PREFIX);
        assertThat(browser.cookies()).as("the browser still holds its cookie")
                .anyMatch(c -> ((String) c.get("name")).startsWith(TrustCookie.NAME_PREFIX));
        browser.open(realm.authUrl());
        new PasswordLoginPage(browser).login(user);
        assertThat(new LoginPage(browser).codeField().isDisplayed()).as("the code is asked again").isTrue();
    }

    private static void awaitAccountConsole() {
        browser.await().withMessage(() -> "not at the account console: " + browser.currentUrl())
                .until(driver -> driver.getCurrentUrl().startsWith(realm.accountConsoleUrl()));
    }
}

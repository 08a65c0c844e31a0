package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Users manage their devices in Keycloak's account console (Account security, Signing in), not through us:
 * it lists credentials by type from our credential type metadata and removes one through Keycloak's
 * {@code delete_credential} action. A user who lost a phone must be able to remove it there, and the removal must
 * be audited (REMOVE_CREDENTIAL). The React UI is driven through its own data-testid attributes.
 */
@KeycloakIT
class AccountConsoleIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("account");
    @RegisterExtension
    static final Browser browser = new Browser();

    @AfterEach
    void keepThePageOfAFailure(TestInfo test) throws Exception {
        Path dir = Path.of(System.getProperty("it.logDir", "target/it-logs"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("AccountConsoleIT-last-page.html"), browser.pageSource());
    }

    @Test
    void signingInPageShowsTheDeviceAndRemovesIt() {
        TestUser user = realm.createUser();
        signInToTheAccountConsoleEnrolling(user, "Work phone");
        String credentialId = realm.devicesOf(user).get(0)
                .path("id").asText();

        browser.open(realm.accountConsoleUrl() + "/account-security/signing-in");
        WebElement list = browser.await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='totp-mfa/credential-list']")));
        WebElement row = list.findElement(By.id("cred-" + credentialId));
        assertThat(row.getText()).contains("Work phone");
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid='totp-mfa/create']")))
                .as("'Set up' for another device (credential type metadata names the create action)").isNotEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("[data-testid='totp-mfa/title']")).getText())
                .as("the type's display name").isNotBlank();
        assertThat(browser.driver().findElement(By.cssSelector("[data-testid='totp-mfa/create']")).getText())
                .as("'Set up' names the type by its message totp-mfa-display-name").contains("Authenticator app");
        assertThat(browser.driver().findElement(By.tagName("body")).getText())
                .as("no message key of ours shown raw").doesNotContain("totp-mfa", "totpMfa");

        row.findElement(By.cssSelector("[data-testrole='remove']")).click();
        browser.await().until(ExpectedConditions.elementToBeClickable(By.id("kc-accept"))).click();
        browser.await().until(driver -> driver.getCurrentUrl().startsWith(realm.accountConsoleUrl()));

        assertThat(realm.devicesOf(user)).isEmpty();
        List<JsonNode> removals = realm.userEvents("REMOVE_CREDENTIAL").stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .toList();
        assertThat(removals).hasSize(1);
        assertThat(removals.get(0).path("details").path("credential_type").asText())
                .isEqualTo(TestRealm.CREDENTIAL_TYPE);
        assertThat(removals.get(0).path("details").path("credential_id").asText()).isEqualTo(credentialId);
    }

    /** The account console's own login: the password, then our required action enrols the first device. */
    private static TotpDevice signInToTheAccountConsoleEnrolling(TestUser user, String label) {
        browser.forgetSessions();
        browser.open(realm.accountConsoleUrl());
        new PasswordLoginPage(browser).login(user);
        SetupPage setup = new SetupPage(browser);
        TotpDevice device = setup.scan();
        setup.submit(device.nextUnusedCode(), label);
        browser.await().until(driver -> driver.getCurrentUrl().startsWith(realm.accountConsoleUrl()));
        return device;
    }
}

package dev.totpmfa.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Keycloak's own WebAuthn pages (keycloak.v2): the register page of its "Webauthn Register" actions, the sign-in
 * page of its WebAuthn Authenticator, the passkey link of its username form, and "Try another way" with the
 * chooser it leads to. The browser's virtual authenticator ({@link VirtualKeys}) answers the WebAuthn calls.
 */
public final class WebAuthnPages {

    /** The register page's button (webauthn-register.ftl), for a security key and a passkey alike. */
    public static final By REGISTER = By.id("registerWebAuthn");
    /** The WebAuthn Authenticator's page (webauthn-authenticate.ftl) and the username form's passkey link. */
    public static final By AUTHENTICATE = By.id("authenticateWebAuthnButton");
    public static final By TRY_ANOTHER_WAY = By.cssSelector("form#kc-select-try-another-way-form");

    private WebAuthnPages() {
    }

    /** Registers the browser's virtual authenticator on the register page; Keycloak's script asks for a label. */
    public static void register(Browser browser, String label) {
        browser.await().withMessage(() -> "no WebAuthn register page at " + browser.currentUrl() + ":\n"
                + browser.pageSource()).until(ExpectedConditions.elementToBeClickable(REGISTER)).click();
        browser.await().until(ExpectedConditions.alertIsPresent());
        browser.driver().switchTo().alert().sendKeys(label);
        browser.driver().switchTo().alert().accept();
    }

    /** Clicks the page's WebAuthn sign-in button (or the username form's passkey link). */
    public static void authenticate(Browser browser) {
        WebElement button = browser.await().withMessage(() -> "no WebAuthn sign-in at " + browser.currentUrl()
                + ":\n" + browser.pageSource()).until(ExpectedConditions.elementToBeClickable(AUTHENTICATE));
        button.click();
    }

    public static boolean offersAnotherWay(Browser browser) {
        return !browser.driver().findElements(TRY_ANOTHER_WAY).isEmpty();
    }

    /** "Try another way", then the chooser's entry for the execution {@code executionId}. */
    public static void tryAnotherWay(Browser browser, String executionId) {
        browser.clickAndAwaitNextPage(browser.driver().findElement(By.id("try-another-way")));
        By choice = By.cssSelector("input[name=authenticationExecution][value='" + executionId + "']");
        WebElement input = browser.await().withMessage(() -> "no choice of " + executionId + " at "
                + browser.currentUrl() + ":\n" + browser.pageSource())
                .until(ExpectedConditions.presenceOfElementLocated(choice));
        WebElement form = input.findElement(By.xpath("./ancestor::form"));
        WebElement html = browser.driver().findElement(By.tagName("html"));
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].requestSubmit()", form);
        browser.await().until(ExpectedConditions.stalenessOf(html));
    }
}

package dev.totpmfa.it.support;

import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** {@code form#totp-mfa-recovery-form} on the login page, inside {@code details#totp-mfa-use-recovery}. */
public final class RecoveryCodeForm {

    public static final By FORM = By.cssSelector("form#totp-mfa-recovery-form");
    private static final By DETAILS = By.cssSelector("details#totp-mfa-use-recovery");
    private final Browser browser;

    public RecoveryCodeForm(Browser browser) {
        this.browser = browser;
    }

    /** Whether the login page offers the form at all (only while the user has codes left). */
    public static boolean isOffered(Browser browser) {
        return !browser.driver().findElements(FORM).isEmpty();
    }

    /** Opens the {@code details} element the way a user does (a click on its summary) and submits the code. */
    public void submit(String code) {
        WebElement details = browser.driver().findElement(DETAILS);
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
        WebElement field = browser.driver().findElement(FORM).findElement(By.name("recoveryCode"));
        browser.await().until(d -> field.isDisplayed());
        field.clear();
        field.sendKeys(code);
        browser.clickAndAwaitNextPage(browser.driver().findElement(By.id("totp-mfa-recovery-submit")));
    }

    public Optional<String> fieldError() {
        return Pages.fieldError(browser, "recoveryCode");
    }
}

package dev.totpmfa.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The login page after a good recovery code: how many are left, and the offer to set up a new app. */
public final class RecoveryAcceptedPage extends AwaitedPage {

    private static final By REMAINING = By.id("totp-mfa-recovery-remaining");

    public RecoveryAcceptedPage(Browser browser) {
        super(browser, "recovery-accepted page", ExpectedConditions.presenceOfElementLocated(REMAINING));
    }

    public String remainingText() {
        return browser.driver().findElement(REMAINING).getText().strip();
    }

    /** "Not now": the login completes. */
    public void skip() {
        browser.clickAndAwaitNextPage(browser.driver().findElement(By.id("totp-mfa-recovery-offer-skip")));
    }

    /** "Set up a new authenticator app": the setup page follows. */
    public void setUpNewApp() {
        browser.clickAndAwaitNextPage(browser.driver().findElement(By.id("totp-mfa-recovery-offer-setup")));
    }
}

package dev.totpmfa.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The browser journeys most ITs start with. */
public final class BrowserJourneys {

    private BrowserJourneys() {
    }

    /** A fresh browser session (no cookies) through the password step; the setup page of a user without a device. */
    public static SetupPage passwordThenSetup(Browser browser, TestRealm realm, TestUser user) {
        browser.forgetSessions();
        browser.open(realm.authUrl());
        new PasswordLoginPage(browser).login(user);
        return new SetupPage(browser);
    }

    /** A fresh browser session through the password step; the TOTP page of a user with a device. */
    public static LoginPage passwordThenTotp(Browser browser, TestRealm realm, TestUser user) {
        browser.forgetSessions();
        browser.open(realm.authUrl());
        new PasswordLoginPage(browser).login(user);
        return new LoginPage(browser);
    }

    /** Enrols the user's first device (label {@code userLabel}) and returns it; the login ends at the client. */
    public static TotpDevice enrol(Browser browser, TestRealm realm, TestUser user, String userLabel) {
        SetupPage setup = passwordThenSetup(browser, realm, user);
        TotpDevice device = setup.scan();
        setup.submit(device.nextUnusedCode(), userLabel);
        acknowledgeRecoveryCodesIfShown(browser, realm);
        browser.awaitCallback(realm);
        return device;
    }

    /**
     * Realms that enable the recovery-codes action show those codes after the first device; tests that are
     * not about recovery codes only need to get past that page.
     */
    public static void acknowledgeRecoveryCodesIfShown(Browser browser, TestRealm realm) {
        By recoveryForm = By.id("totp-mfa-recovery-codes-form");
        browser.await().until(driver -> Browser.isCallback(realm, driver.getCurrentUrl())
                || !driver.findElements(recoveryForm).isEmpty());
        if (!browser.driver().findElements(recoveryForm).isEmpty()) {
            WebElement form = browser.driver().findElement(recoveryForm);
            form.findElement(By.name("acknowledged")).click();
            form.findElement(By.cssSelector("[type=submit]")).click();
        }
    }

    /** A complete login with the next unused code of {@code device}; ends at the client. */
    public static void login(Browser browser, TestRealm realm, TestUser user, TotpDevice device) {
        LoginPage login = passwordThenTotp(browser, realm, user);
        login.submit(device.nextUnusedCode());
        browser.awaitCallback(realm);
    }

    /** Keycloak's own logout: the end-session endpoint and its confirmation button. */
    public static void logout(Browser browser, TestRealm realm) {
        browser.open(realm.logoutUrl());
        browser.await().until(ExpectedConditions.elementToBeClickable(By.id("kc-logout"))).click();
        browser.await().until(driver -> driver.findElements(By.id("kc-logout")).isEmpty());
    }
}

package dev.totpmfa.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Keycloak's username-only form (keycloak.v2 {@code login-username.ftl}), the first step of a passwordless flow. */
public final class UsernamePage extends AwaitedPage {

    public UsernamePage(Browser browser) {
        super(browser, "username form", ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    public void submit(String username) {
        browser.driver().findElement(By.id("username")).sendKeys(username);
        browser.clickAndAwaitNextPage(browser.driver().findElement(By.id("kc-login")));
    }
}

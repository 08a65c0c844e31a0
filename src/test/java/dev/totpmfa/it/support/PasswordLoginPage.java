package dev.totpmfa.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Keycloak's own username and password form (keycloak.v2 login theme). */
public final class PasswordLoginPage {

    private final Browser browser;

    public PasswordLoginPage(Browser browser) {
        this.browser = browser;
        browser.await().withMessage(() -> "no password login form at " + browser.currentUrl())
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    public void login(String username, String password) {
        WebDriver driver = browser.driver();
        driver.findElement(By.id("username")).clear();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    public void login(TestUser user) {
        login(user.username(), user.password());
    }
}

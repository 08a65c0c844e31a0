package dev.totpmfa.it.support;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Keycloak's own username and password form (keycloak.v2 login theme). */
public final class PasswordLoginPage extends AwaitedPage {

    public PasswordLoginPage(Browser browser) {
        super(browser, "password login form", ExpectedConditions.visibilityOfElementLocated(By.id("password")));
    }

    /** Types the username too when the form asks for it (on re-authentication Keycloak shows only the password). */
    public void login(String username, String password) {
        WebDriver driver = browser.driver();
        List<WebElement> usernameFields = driver.findElements(By.id("username"));
        if (!usernameFields.isEmpty() && usernameFields.get(0).isDisplayed()) {
            usernameFields.get(0).clear();
            usernameFields.get(0).sendKeys(username);
        }
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    public void login(TestUser user) {
        login(user.username(), user.password());
    }
}

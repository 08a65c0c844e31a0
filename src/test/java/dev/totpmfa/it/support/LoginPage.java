package dev.totpmfa.it.support;

import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** {@code totp-mfa-login.ftl}: the second step of a login, by the element ids of README's public names. */
public final class LoginPage extends AwaitedPage {

    public static final By FORM = By.cssSelector("form#totp-mfa-login-form");

    public LoginPage(Browser browser) {
        super(browser, "TOTP login page", ExpectedConditions.presenceOfElementLocated(FORM));
    }

    public static boolean isShown(Browser browser) {
        return holds(browser, FORM);
    }

    private WebElement form() {
        return browser.driver().findElement(FORM);
    }

    public WebElement codeField() {
        return form().findElement(By.name("otp"));
    }

    /** Types the code exactly as given (spaces included) and submits. */
    public void submit(String code) {
        codeField().clear();
        if (!code.isEmpty()) {
            codeField().sendKeys(code);
        }
        browser.clickAndAwaitNextPage(form().findElements(By.cssSelector("[type=submit]")).get(0));
    }

    /** The device chooser: one radio input per device, its value the credential id. */
    public List<WebElement> deviceChoices() {
        return browser.driver().findElements(By.cssSelector("input[type=radio][name=selectedCredentialId]"));
    }

    public List<String> deviceChoiceIds() {
        return deviceChoices().stream().map(choice -> choice.getAttribute("value")).toList();
    }

    /** Text of the whole chooser (the labels the user sees). */
    public String pageText() {
        return browser.driver().findElement(By.tagName("body")).getText();
    }

    public void choose(String credentialId) {
        WebElement radio = browser.driver().findElement(
                By.cssSelector("input[type=radio][name=selectedCredentialId][value='" + credentialId + "']"));
        String id = radio.getAttribute("id");
        List<WebElement> labels = id == null || id.isEmpty()
                ? List.of()
                : browser.driver().findElements(By.cssSelector("label[for='" + id + "']"));
        (labels.isEmpty() ? radio : labels.get(0)).click();
    }

    public Optional<String> fieldError() {
        return Pages.fieldError(browser, "otp");
    }
}

package dev.totpmfa.it.support;

import dev.totpmfa.otp.OtpAuthUri;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** {@code totp-mfa-setup.ftl}: the enrolment page, by the element ids of README's public names. */
public final class SetupPage {

    public static final By FORM = By.cssSelector("form#totp-mfa-setup-form");
    private final Browser browser;

    public SetupPage(Browser browser) {
        this.browser = browser;
        browser.await().withMessage(() -> "no setup page at " + browser.currentUrl() + ":\n" + browser.pageSource())
                .until(ExpectedConditions.presenceOfElementLocated(FORM));
    }

    public static boolean isShown(Browser browser) {
        return !browser.driver().findElements(FORM).isEmpty();
    }

    private WebElement qrImage() {
        return browser.driver().findElement(By.cssSelector("img#totp-mfa-qr"));
    }

    public String qrSrc() {
        return qrImage().getAttribute("src");
    }

    public String qrAlt() {
        return qrImage().getAttribute("alt");
    }

    /** What a phone reads from the QR image. */
    public String qrText() {
        return QrCodes.decodeDataUri(qrSrc());
    }

    public OtpAuthUri qrUri() {
        return OtpAuthUri.parse(qrText());
    }

    /** The manual-entry key exactly as shown (possibly grouped with spaces). */
    public String secretAsShown() {
        return browser.driver().findElement(By.id("totp-mfa-secret")).getText();
    }

    public String otpauthHref() {
        return browser.driver().findElement(By.cssSelector("a#totp-mfa-otpauth")).getAttribute("href");
    }

    /** Scans the QR code into a new authenticator app. */
    public TotpDevice scan() {
        return TotpDevice.scan(qrUri());
    }

    private WebElement form() {
        return browser.driver().findElement(FORM);
    }

    public WebElement codeField() {
        return form().findElement(By.name("totp"));
    }

    public WebElement labelField() {
        return form().findElement(By.name("userLabel"));
    }

    /** Types the first code and the device label and submits (the form's submit button, not cancel). */
    public void submit(String code, String userLabel) {
        codeField().clear();
        codeField().sendKeys(code);
        if (userLabel != null) {
            labelField().clear();
            labelField().sendKeys(userLabel);
        }
        browser.clickAndAwaitNextPage(submitButton());
    }

    private WebElement submitButton() {
        List<WebElement> buttons = form().findElements(By.cssSelector("[type=submit]"));
        return buttons.stream()
                .filter(button -> !"cancel-aia".equals(button.getAttribute("name")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No submit button in the setup form"));
    }

    /** The cancel button of an application-initiated setup, when the page offers one. */
    public Optional<WebElement> cancelButton() {
        return browser.driver().findElements(By.cssSelector("[name=cancel-aia]")).stream().findFirst();
    }

    public Optional<String> fieldError() {
        return Pages.fieldError(browser, "totp");
    }
}

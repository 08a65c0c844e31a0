package dev.totpmfa.it.support;

import dev.totpmfa.otp.OtpAuthUri;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** {@code totp-mfa-setup.ftl}: the enrolment page, by the element ids of README's public names. */
public final class SetupPage extends AwaitedPage {

    public static final By FORM = By.cssSelector("form#totp-mfa-setup-form");

    public SetupPage(Browser browser) {
        super(browser, "setup page", ExpectedConditions.presenceOfElementLocated(FORM));
    }

    public static boolean isShown(Browser browser) {
        return holds(browser, FORM);
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

    /** The "Set up later" button, shown only while the user may postpone. */
    public Optional<WebElement> laterButton() {
        return browser.driver().findElements(By.cssSelector("button#totp-mfa-setup-later")).stream().findFirst();
    }

    /** The text the "Set up later" button is described by: how many postponements are left and/or until when. */
    public String laterHelp() {
        return browser.driver().findElement(By.id("totp-mfa-setup-later-help")).getText();
    }

    /** Presses "Set up later". */
    public void postpone() {
        browser.clickAndAwaitNextPage(laterButton().orElseThrow(
                () -> new IllegalStateException("No Set up later button on:\n" + browser.pageSource())));
    }

    /**
     * Posts {@code later} from this page to the setup form's action as a forged request would, without any button
     * offering it; the page that answers is loaded.
     */
    public void forgeLater() {
        WebElement html = browser.driver().findElement(By.tagName("html"));
        browser.driver().executeScript("var f = document.createElement('form'); f.method = 'post';"
                + " f.action = document.getElementById('totp-mfa-setup-form').action;"
                + " var i = document.createElement('input'); i.type = 'hidden'; i.name = 'later'; i.value = 'true';"
                + " f.appendChild(i); document.body.appendChild(f); f.submit();");
        browser.await().until(driver -> {
            try {
                html.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
    }

    /** The page's visible text, messages included. */
    public String pageText() {
        return browser.driver().findElement(By.tagName("body")).getText();
    }

    public Optional<String> fieldError() {
        return Pages.fieldError(browser, "totp");
    }
}

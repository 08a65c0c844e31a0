package dev.totpmfa.it.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** {@code totp-mfa-recovery-codes.ftl}: a new set of recovery codes, stored once the user ticks the checkbox. */
public final class RecoveryCodesPage extends AwaitedPage {

    public static final By FORM = By.cssSelector("form#totp-mfa-recovery-codes-form");
    private static final String TEXT_DATA_URI = "data:text/plain;charset=utf-8,";

    public RecoveryCodesPage(Browser browser) {
        super(browser, "recovery-codes page", ExpectedConditions.presenceOfElementLocated(FORM));
    }

    public static boolean isShown(Browser browser) {
        return holds(browser, FORM);
    }

    /** The codes as the user sees them, in page order. */
    public List<String> codes() {
        return browser.driver().findElements(By.cssSelector("#totp-mfa-recovery-codes .totp-mfa-recovery-code"))
                .stream().map(code -> code.getText().strip()).toList();
    }

    public WebElement downloadLink() {
        return browser.driver().findElement(By.cssSelector("a#totp-mfa-recovery-download"));
    }

    /** What the browser saves when the download link is clicked: the link's data URI, decoded. */
    public String downloadedText() {
        String href = downloadLink().getAttribute("href");
        if (href == null || !href.startsWith(TEXT_DATA_URI)) {
            throw new IllegalStateException("Download link is not a text/plain data URI: " + href);
        }
        // Percent-decoding only: a '+' in a data URI is a plus sign, not a space.
        return URLDecoder.decode(href.substring(TEXT_DATA_URI.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public WebElement copyButton() {
        return browser.driver().findElement(By.id("totp-mfa-recovery-copy"));
    }

    public WebElement printButton() {
        return browser.driver().findElement(By.id("totp-mfa-recovery-print"));
    }

    /** The notice shown when the user comes here because few codes are left. */
    public Optional<String> lowNotice() {
        return browser.driver().findElements(By.id("totp-mfa-recovery-low")).stream().findFirst()
                .map(notice -> notice.getText().strip());
    }

    public void acknowledgeAndSubmit() {
        WebElement box = browser.driver().findElement(By.id("acknowledged"));
        if (!box.isSelected()) {
            clickCheckbox(box);
        }
        browser.clickAndAwaitNextPage(submitButton());
    }

    /**
     * Submits with the box unticked. The checkbox is {@code required}, so the browser would refuse to post; the
     * attribute is removed first, as an old browser or a script would ignore it.
     */
    public void submitWithoutAcknowledging() {
        WebElement box = browser.driver().findElement(By.id("acknowledged"));
        ((JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].removeAttribute('required'); arguments[0].checked = false;", box);
        browser.clickAndAwaitNextPage(submitButton());
    }

    public Optional<WebElement> cancelButton() {
        return browser.driver().findElements(By.id("totp-mfa-recovery-codes-cancel")).stream().findFirst();
    }

    public Optional<String> fieldError() {
        return Pages.fieldError(browser, "acknowledged");
    }

    private void clickCheckbox(WebElement box) {
        List<WebElement> labels = browser.driver().findElements(By.cssSelector("label[for='acknowledged']"));
        (labels.isEmpty() ? box : labels.get(0)).click();
        if (!box.isSelected()) {
            box.click();
        }
    }

    private WebElement submitButton() {
        return browser.driver().findElement(By.id("totp-mfa-recovery-codes-submit"));
    }
}

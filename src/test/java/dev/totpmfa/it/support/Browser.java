package dev.totpmfa.it.support;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for one IT class (or test). Chromium starts on first use, so that a class whose tests are
 * skipped, or that restarts the server first, starts none too early; quit on {@link #close()}. An IT class declares
 * it once and JUnit quits it after the class's last test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Browser browser = new Browser();
 * }</pre>
 */
public final class Browser implements AutoCloseable, AfterAllCallback {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private ChromeDriver driver;

    public synchronized ChromeDriver driver() {
        if (driver == null) {
            driver = Browsers.headlessChromium();
        }
        return driver;
    }

    public void open(String url) {
        driver().get(url);
    }

    public String currentUrl() {
        return driver().getCurrentUrl();
    }

    public String pageSource() {
        return driver().getPageSource();
    }

    /**
     * Clicks a button that posts a form, then waits until the browser has left the page: a page object built right
     * after a click must never read the page that is being replaced (a stale element, or the old page's text).
     */
    public void clickAndAwaitNextPage(WebElement button) {
        WebElement html = driver().findElement(By.tagName("html"));
        button.click();
        // Chrome answers a query on a node of the replaced page with a stale-element error or, mid-navigation,
        // "Node with given id does not belong to the document": both mean the old page is gone.
        await().until(driver -> {
            try {
                html.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
    }

    public WebDriverWait await() {
        return new WebDriverWait(driver(), WAIT);
    }

    /**
     * Forgets every cookie of every site: the next login starts a new Keycloak session (Selenium's own
     * deleteAllCookies only reaches cookies visible to the current page, and Keycloak's are path-scoped).
     */
    public void forgetSessions() {
        driver().executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** Every cookie the browser holds, as the DevTools protocol describes them (name, value, path, httpOnly, ...). */
    @SuppressWarnings("unchecked")
    public java.util.List<Map<String, Object>> cookies() {
        return (java.util.List<Map<String, Object>>) driver.executeCdpCommand("Network.getAllCookies", Map.of())
                .get("cookies");
    }

    /**
     * Forgets every cookie whose name does not start with {@code prefix}: the next login starts a new Keycloak
     * session in the same browser, which keeps only the cookies of that prefix.
     */
    public void forgetSessionsExcept(String prefix) {
        for (Map<String, Object> cookie : cookies()) {
            String name = (String) cookie.get("name");
            if (!name.startsWith(prefix)) {
                driver.executeCdpCommand("Network.deleteCookies", Map.of("name", name, "domain",
                        cookie.get("domain"), "path", cookie.get("path")));
            }
        }
    }

    /** Waits until the login ended at the test client's redirect URI with an authorization code. */
    public String awaitCallback(TestRealm realm) {
        await().withMessage(() -> "login did not reach " + realm.redirectUri() + "; at " + currentUrl())
                .until(d -> isCallback(realm, d.getCurrentUrl()));
        return currentUrl();
    }

    public static boolean isCallback(TestRealm realm, String url) {
        return url != null && url.startsWith(realm.redirectUri() + "?") && url.matches(".*[?&]code=[^&]+.*");
    }

    @Override
    public synchronized void close() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}

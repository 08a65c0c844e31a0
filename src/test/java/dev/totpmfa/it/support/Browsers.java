package dev.totpmfa.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium and chromedriver from Debian ({@code it.chromium}, {@code it.chromedriver}), both set
 * explicitly so that Selenium Manager never downloads a browser or a driver.
 */
public final class Browsers {

    private Browsers() {
    }

    public static ChromeDriver headlessChromium() {
        Path chromium = executable("it.chromium", "/usr/bin/chromium");
        Path chromedriver = executable("it.chromedriver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // CI runs as root
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--lang=en-US",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-gpu",
                "--password-store=basic");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static Path executable(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is not executable; install Debian's chromium and chromium-driver"
                    + " (.ci/run does) or set -D" + property);
        }
        return path;
    }
}

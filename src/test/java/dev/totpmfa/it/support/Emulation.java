package dev.totpmfa.it.support;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Screen size and colour scheme of the page, set through the DevTools protocol so that they apply at once and
 * exactly (a window size would include browser chrome; keycloak.v2 follows {@code prefers-color-scheme} live).
 */
public final class Emulation {

    /** A viewport: {@code mobile} also makes Chromium honour the page's {@code <meta name=viewport>}. */
    public record Viewport(String name, int width, int height, boolean mobile) {
        public static final Viewport PHONE = new Viewport("phone", 390, 844, true);
        public static final Viewport DESKTOP = new Viewport("desktop", 1280, 900, false);
    }

    public enum Scheme {
        LIGHT,
        DARK;

        public String cssValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Emulation() {
    }

    public static void apply(Browser browser, Viewport viewport, Scheme scheme) {
        ChromeDriver driver = browser.driver();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", viewport.width(), "height", viewport.height(),
                "deviceScaleFactor", 1, "mobile", viewport.mobile()));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
                "features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme.cssValue()))));
    }

    /** Back to the window's own size and the light scheme. */
    public static void reset(Browser browser) {
        ChromeDriver driver = browser.driver();
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
}

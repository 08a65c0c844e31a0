package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.Emulation;
import dev.totpmfa.it.support.Emulation.Scheme;
import dev.totpmfa.it.support.Emulation.Viewport;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A new user meets the setup page once, and it has to be read from the top: the title, "install an app", then
 * the QR code. A page that opens scrolled down to the code field hides all of that on a desktop window. The code
 * field must still hold the focus, so that keyboard and screen-reader users start where they type.
 */
@KeycloakIT
class SetupPageViewportIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("viewport").enableRecoveryCodes();
    @RegisterExtension
    static final Browser browser = new Browser();

    @AfterEach
    void resetViewport() {
        Emulation.reset(browser);
    }

    static Stream<Viewport> viewports() {
        return Stream.of(Viewport.DESKTOP, Viewport.PHONE);
    }

    /** The viewport is set before the page loads: the browser scrolls to a focused field while it loads. */
    @ParameterizedTest
    @MethodSource("viewports")
    void opensAtTheTopWithTheFocusInTheCodeField(Viewport viewport) {
        Emulation.apply(browser, viewport, Scheme.LIGHT);
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, realm.createUser());
        browser.await().until(d -> "complete".equals(js("return document.readyState")));
        browser.await().withMessage(() -> "focus never reached the code field; it is on "
                + js("return document.activeElement.outerHTML.slice(0, 120)"))
                .until(d -> Boolean.TRUE.equals(js("return document.activeElement === arguments[0]",
                        setup.codeField())));

        assertThat(((Number) js("return window.scrollY")).doubleValue()).as("scrollY at %s", viewport.name())
                .isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> title = (Map<String, Object>) js("const r = document.getElementById('kc-page-title')"
                + ".getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: window.innerHeight}");
        assertThat(((Number) title.get("top")).doubleValue()).as("title top at %s", viewport.name())
                .isGreaterThanOrEqualTo(0);
        assertThat(((Number) title.get("bottom")).doubleValue()).as("title bottom at %s", viewport.name())
                .isLessThanOrEqualTo(((Number) title.get("height")).doubleValue());
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }
}

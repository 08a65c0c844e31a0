package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.totpmfa.it.support.Axe;
import dev.totpmfa.it.support.Axe.Violation;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.Emulation;
import dev.totpmfa.it.support.Emulation.Scheme;
import dev.totpmfa.it.support.Emulation.Viewport;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.RecoveryCodeForm;
import dev.totpmfa.it.support.RecoveryCodesPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A second factor that a screen-reader or keyboard user cannot complete locks them out of everything behind the
 * login. axe-core checks each of our pages in each state a user meets (fresh, with a field error, with the
 * recovery form open), in light and dark mode; a violation of impact serious or critical fails the test.
 * Violations inside Keycloak's own keycloak.v2 layout (not our templates) are listed in {@link #UPSTREAM} with the
 * element they concern, so that they are visible rather than silently ignored.
 */
@KeycloakIT
class AccessibilityIT {

    /** Violations in Keycloak's keycloak.v2 layout, which our templates cannot change: rule and CSS target. */
    private static final List<Upstream> UPSTREAM = List.of(
            // keycloak.v2 login/template.ftl, macro "username" (shown above every step after the password): the
            // read-only <input id="kc-attempted-username"> sits in field.group name="username", whose
            // <label for="username"> names no element; the input has no accessible name.
            new Upstream("label", "#kc-attempted-username", "keycloak.v2 template.ftl: label for=username"));

    private record Upstream(String rule, String target, String why) {
        boolean covers(Violation violation) {
            return violation.rule().equals(rule) && violation.target().contains(target);
        }
    }

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("a11y").enableRecoveryCodes();
    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void setupAndRecoveryCodesPagesHaveNoSeriousViolations() {
        TestUser user = realm.createUser();
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        assertAccessible("setup page");
        TotpDevice device = setup.scan();

        setup.submit(device.wrongCode(), "Phone");
        SetupPage again = new SetupPage(browser);
        assertThat(again.codeField().getAttribute("aria-invalid")).isEqualTo("true");
        assertAccessible("setup page with a field error");

        again.submit(device.nextUnusedCode(), "Phone");
        new RecoveryCodesPage(browser);
        assertAccessible("recovery codes page");
    }

    @Test
    void loginPageHasNoSeriousViolationsInAnyState() {
        TestUser user = realm.createUser();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);
        assertAccessible("login page");

        login.submit(enrolled.app().wrong());
        LoginPage again = new LoginPage(browser);
        assertThat(again.fieldError()).isPresent();
        assertAccessible("login page with a field error");

        WebElement details = browser.driver().findElement(By.id("totp-mfa-use-recovery"));
        details.findElement(By.tagName("summary")).click();
        browser.await().until(d -> details.getAttribute("open") != null);
        assertAccessible("login page with the recovery form open");

        new RecoveryCodeForm(browser).submit("AAAAA-AAAAA");
        browser.await().until(d -> !d.findElements(By.id("input-error-recoveryCode")).isEmpty());
        assertThat(browser.driver().findElement(By.id("recoveryCode")).getAttribute("aria-invalid")).isEqualTo("true");
        assertAccessible("login page with a wrong recovery code");
    }

    /**
     * With trusted browsers on, the box below the code field: clean for axe-core unticked and ticked, named by its
     * visible label (the accessible name Chromium computes), reached by Tab from the code field and ticked by Space.
     */
    @Test
    void trustBoxIsLabelledAndWorksFromTheKeyboard() {
        realm.configureAuthenticator(Map.of("trust-browser-days", "30"));
        try {
            TestUser user = realm.createUser();
            HttpJourneys.enrol(realm, user);
            LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);
            WebElement box = browser.driver().findElement(By.id("totp-mfa-trust-browser"));
            assertAccessible("login page with the trusted-browser box");

            assertThat(box.getAccessibleName()).isEqualTo("Don’t ask again on this browser for 30 days");
            login.codeField().sendKeys(Keys.TAB);
            WebElement focused = browser.driver().switchTo().activeElement();
            assertThat(focused.getAttribute("id")).as("Tab from the code field").isEqualTo("totp-mfa-trust-browser");
            focused.sendKeys(Keys.SPACE);
            assertThat(box.isSelected()).as("Space ticks the box").isTrue();
            assertAccessible("login page with the trusted-browser box ticked");
        } finally {
            realm.configureAuthenticator(Map.of("trust-browser-days", "0"));
        }
    }

    /**
     * With an enrolment grace, the setup page's second form: clean for axe-core, the button named "Set up later" and
     * described by the text that says how many postponements are left.
     */
    @Test
    void setUpLaterIsNamedAndDescribed() {
        assertThat(realm.admin().flows().putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION,
                Map.of("grace-logins", "3")).statusCode()).isBetween(200, 204);
        try {
            BrowserJourneys.passwordThenSetup(browser, realm, realm.createUser());
            WebElement later = browser.driver().findElement(By.id("totp-mfa-setup-later"));
            assertAccessible("setup page with Set up later");

            assertThat(later.getAccessibleName()).isEqualTo("Set up later");
            assertThat(later.getAttribute("aria-describedby")).isEqualTo("totp-mfa-setup-later-help");
            assertThat(browser.driver().findElement(By.id("totp-mfa-setup-later-help")).getText())
                    .isEqualTo("You can still postpone this 3 more time(s).");
        } finally {
            realm.admin().flows().putRequiredActionConfig(realm.name(), ProviderIds.SETUP_ACTION, Map.of());
        }
    }

    /** Light and dark mode (contrast differs), at desktop size. */
    private static void assertAccessible(String page) {
        try {
            for (Scheme scheme : Scheme.values()) {
                Emulation.apply(browser, Viewport.DESKTOP, scheme);
                List<Violation> all = Axe.violations(browser);
                all.stream().filter(v -> !Axe.BLOCKING.contains(v.impact()))
                        .forEach(v -> System.out
                                .println("[a11y] " + page + " (" + scheme.cssValue() + "), not blocking: " + v));
                List<Violation> blocking = all.stream()
                        .filter(v -> Axe.BLOCKING.contains(v.impact()))
                        .filter(v -> UPSTREAM.stream().noneMatch(u -> u.covers(v)))
                        .toList();
                assertThat(blocking).as("serious or critical axe-core violations on the %s (%s mode)", page,
                        scheme.cssValue()).isEmpty();
            }
        } finally {
            Emulation.reset(browser);
        }
    }
}

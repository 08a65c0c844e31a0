package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.i18n.ThemeMessages;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * The setup page is the one page every user of a realm meets, usually in a hurry; in a language they do not read
 * it is the page they give up on. Keycloak picks the language (here {@code kc_locale}, as a language switcher or an
 * application sets it) and our templates must then show our translations, not English and not raw message keys.
 * The expected texts come from themes/messages, the same files the jar carries.
 */
@KeycloakIT
class LocaleIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("locale");
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();

    @BeforeAll
    static void offerSixLanguages() {
        ObjectNode changes = admin.json().createObjectNode()
                .put("internationalizationEnabled", true)
                .put("defaultLocale", "en");
        changes.putArray("supportedLocales").add("en").add("de").add("fr").add("es").add("pt-BR").add("ja");
        admin.realms().updateRealm(realm.name(), changes);
    }

    @Test
    void setupPageWithKcLocaleDeIsGerman() {
        ThemeMessages de = ThemeMessages.of("de");
        ThemeMessages en = ThemeMessages.of("en");
        openSetupPage("de");

        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        String title = browser.driver().findElement(By.id("kc-page-title")).getText().strip();
        assertThat(title).isEqualTo(de.format("totpMfaSetupTitle"))
                .isNotEqualTo(en.format("totpMfaSetupTitle"));
        String body = browser.driver().findElement(By.tagName("body")).getText();
        assertThat(body).contains(de.format("totpMfaSetupStepScan"))
                .contains(de.format("totpMfaSetupCodeLabel"))
                .contains(de.format("totpMfaSetupDeviceLabel"))
                .doesNotContain(en.format("totpMfaSetupStepScan"))
                .doesNotContain("totpMfa");
        assertThat(new SetupPage(browser).qrAlt()).as("QR alt text in German too")
                .startsWith(de.format("totpMfaSetupQrAlt").substring(0, de.format("totpMfaSetupQrAlt").indexOf('{')));
    }

    /** The other shipped languages: at least the title and the code label are translated. */
    @ParameterizedTest
    @ValueSource(strings = {"fr", "es", "pt-BR", "ja"})
    void setupPageInEveryOtherShippedLanguage(String locale) {
        ThemeMessages translated = ThemeMessages.of(locale);
        openSetupPage(locale);

        assertThat(browser.driver().findElement(By.id("kc-page-title")).getText().strip())
                .isEqualTo(translated.format("totpMfaSetupTitle"));
        assertThat(browser.driver().findElement(By.tagName("body")).getText())
                .contains(translated.format("totpMfaSetupCodeLabel"))
                .doesNotContain("totpMfa");
    }

    /**
     * An application that knows its user's language puts {@code kc_locale} on the authorization URL; Keycloak keeps
     * it for the whole login, so the setup page after the password step must be in that language as well.
     */
    @Test
    void kcLocaleOnTheAuthorizationUrlReachesTheSetupPage() {
        ThemeMessages de = ThemeMessages.of("de");
        TestUser user = realm.createUser();
        browser.forgetSessions();
        browser.open(realm.authUrl() + "&kc_locale=de");
        new PasswordLoginPage(browser).login(user);
        new SetupPage(browser);

        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        assertThat(browser.driver().findElement(By.id("kc-page-title")).getText().strip())
                .isEqualTo(de.format("totpMfaSetupTitle"));
        assertThat(browser.driver().findElement(By.tagName("body")).getText())
                .contains(de.format("totpMfaSetupCodeLabel"));
    }

    /**
     * The device name a user does not change is the one they later read in the account console, on the login
     * page's device chooser and in notice e-mails: it is offered and stored in the user's language.
     */
    @ParameterizedTest
    @ValueSource(strings = {"de", "ja"})
    void defaultDeviceLabelIsInTheUsersLanguageOnThePageAndWhenStored(String locale) {
        String translated = ThemeMessages.of(locale).format("totpMfaUnnamedDevice");
        assertThat(translated).isNotEqualTo(ThemeMessages.of("en").format("totpMfaUnnamedDevice"));
        TestUser user = openSetupPage(locale);
        SetupPage setup = new SetupPage(browser);
        assertThat(setup.labelField().getAttribute("value")).as("prefilled device name").isEqualTo(translated);

        setup.submit(setup.scan().nextUnusedCode(), "");
        browser.awaitCallback(realm);
        assertThat(realm.deviceLabelsOf(user)).as("the device stored with an empty name field")
                .containsExactly(translated);
    }

    /**
     * The setup page, then the same page with {@code kc_locale} as keycloak.v2's language menu requests it (the
     * menu's options are the current page's URL plus {@code kc_locale}).
     */
    private static TestUser openSetupPage(String locale) {
        TestUser user = realm.createUser();
        browser.forgetSessions();
        browser.open(realm.authUrl());
        new PasswordLoginPage(browser).login(user);
        new SetupPage(browser);
        String url = browser.driver().findElement(
                By.cssSelector("#login-select-toggle option[value*='kc_locale=" + locale + "']")).getAttribute("value");
        browser.open(java.net.URI.create(browser.currentUrl()).resolve(url).toString());
        new SetupPage(browser);
        return user;
    }

}

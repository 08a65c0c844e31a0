package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    private static TestRealm realm;
    private static Browser browser;
    private static AdminApi admin;

    @BeforeAll
    static void setUp(KeycloakTarget keycloak, AdminApi adminApi) {
        admin = adminApi;
        realm = TestRealm.create(keycloak, admin, "locale");
        ObjectNode changes = admin.json().createObjectNode()
                .put("internationalizationEnabled", true)
                .put("defaultLocale", "en");
        changes.putArray("supportedLocales").add("en").add("de").add("fr").add("es").add("pt-BR").add("ja");
        admin.updateRealm(realm.name(), changes);
        browser = Browser.start();
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void setupPageWithKcLocaleDeIsGerman() {
        Properties de = messages("de");
        Properties en = messages("en");
        openSetupPage("de");

        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        String title = browser.driver().findElement(By.id("kc-page-title")).getText().strip();
        assertThat(title).isEqualTo(text(de, "totpMfaSetupTitle"))
                .isNotEqualTo(text(en, "totpMfaSetupTitle"));
        String body = browser.driver().findElement(By.tagName("body")).getText();
        assertThat(body).contains(text(de, "totpMfaSetupStepScan"))
                .contains(text(de, "totpMfaSetupCodeLabel"))
                .contains(text(de, "totpMfaSetupDeviceLabel"))
                .doesNotContain(text(en, "totpMfaSetupStepScan"))
                .doesNotContain("totpMfa");
        assertThat(new SetupPage(browser).qrAlt()).as("QR alt text in German too")
                .startsWith(text(de, "totpMfaSetupQrAlt").substring(0, text(de, "totpMfaSetupQrAlt").indexOf('{')));
    }

    /** The other shipped languages: at least the title and the code label are translated. */
    @ParameterizedTest
    @ValueSource(strings = {"fr", "es", "pt-BR", "ja"})
    void setupPageInEveryOtherShippedLanguage(String locale) {
        Properties translated = messages(locale.replace('-', '_'));
        openSetupPage(locale);

        assertThat(browser.driver().findElement(By.id("kc-page-title")).getText().strip())
                .isEqualTo(text(translated, "totpMfaSetupTitle"));
        assertThat(browser.driver().findElement(By.tagName("body")).getText())
                .contains(text(translated, "totpMfaSetupCodeLabel"))
                .doesNotContain("totpMfa");
    }

    /**
     * An application that knows its user's language puts {@code kc_locale} on the authorization URL; Keycloak keeps
     * it for the whole login, so the setup page after the password step must be in that language as well.
     */
    @Test
    void kcLocaleOnTheAuthorizationUrlReachesTheSetupPage() {
        Properties de = messages("de");
        TestUser user = realm.createUser();
        browser.forgetSessions();
        browser.open(realm.authUrl() + "&kc_locale=de");
        new PasswordLoginPage(browser).login(user);
        new SetupPage(browser);

        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        assertThat(browser.driver().findElement(By.id("kc-page-title")).getText().strip())
                .isEqualTo(text(de, "totpMfaSetupTitle"));
        assertThat(browser.driver().findElement(By.tagName("body")).getText())
                .contains(text(de, "totpMfaSetupCodeLabel"));
    }

    /**
     * The device name a user does not change is the one they later read in the account console, on the login
     * page's device chooser and in notice e-mails: it is offered and stored in the user's language.
     */
    @ParameterizedTest
    @ValueSource(strings = {"de", "ja"})
    void defaultDeviceLabelIsInTheUsersLanguageOnThePageAndWhenStored(String locale) {
        String translated = text(messages(locale), "totpMfaUnnamedDevice");
        assertThat(translated).isNotEqualTo(text(messages("en"), "totpMfaUnnamedDevice"));
        TestUser user = openSetupPage(locale);
        SetupPage setup = new SetupPage(browser);
        assertThat(setup.labelField().getAttribute("value")).as("prefilled device name").isEqualTo(translated);

        setup.submit(setup.scan().nextUnusedCode(), "");
        browser.awaitCallback(realm);
        assertThat(admin.credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE))
                .as("the device stored with an empty name field")
                .singleElement().extracting(c -> c.path("userLabel").asText()).isEqualTo(translated);
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

    /** The text as Keycloak's msg() renders it, through MessageFormat ('' becomes '); missing arguments stay {0}. */
    private static String text(Properties messages, String key) {
        String pattern = messages.getProperty(key);
        assertThat(pattern).as(key).isNotNull();
        return new MessageFormat(pattern, Locale.ROOT).format(new Object[0]);
    }

    private static Properties messages(String suffix) {
        Path file = Path.of("themes/messages/messages_" + suffix + ".properties");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}

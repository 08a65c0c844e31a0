package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.it.support.UsernamePage;
import dev.totpmfa.it.support.VirtualKeys;
import dev.totpmfa.it.support.WebAuthnPages;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

/**
 * Security keys and passkeys beside our step, with Chromium's WebAuthn emulation standing in for the devices. Keys
 * and passkeys are registered through Keycloak's own actions ("Webauthn Register", "Webauthn Register
 * Passwordless") under the realm's stock browser flow, which asks no second factor of a user without Keycloak's
 * OTP; each test then binds the flow it is about. WebAuthn needs a secure context and a domain as relying party:
 * the browser reaches Keycloak as {@code localhost}, never {@code 127.0.0.1}.
 */
@KeycloakIT
class OtherFactorsIT {

    /** Our step and Keycloak's WebAuthn Authenticator as ALTERNATIVEs after the password, built in the test. */
    private static final String KEYS_FLOW = "keys-beside-totp-mfa";
    /** The username, then a passkey or the password, then our step: Keycloak's passwordless WebAuthn, built here. */
    private static final String PASSKEY_FLOW = "passkey-or-password";
    /** The username, then our step or the password as ALTERNATIVEs: a flow no admin should build, built here. */
    private static final String CODE_OR_PASSWORD_FLOW = "code-or-password";
    private static final String STOCK_FLOW = "browser";
    private static final String REFUSED = "second factor that this sign-in cannot check";

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("factors");
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();
    private static String webAuthnExecution;
    private static String passkeyExecution;
    private VirtualAuthenticator device;

    @BeforeAll
    static void aFlowWithSecurityKeysBesideOurStep() {
        admin.flows().createFlow(realm.name(), KEYS_FLOW);
        admin.flows().addExecution(realm.name(), KEYS_FLOW, "auth-cookie", "ALTERNATIVE");
        String forms = KEYS_FLOW + " forms";
        admin.flows().addSubFlow(realm.name(), KEYS_FLOW, forms, "ALTERNATIVE");
        admin.flows().addExecution(realm.name(), forms, "auth-username-password-form", "REQUIRED");
        String second = KEYS_FLOW + " second factor";
        admin.flows().addSubFlow(realm.name(), forms, second, "REQUIRED");
        admin.flows().addExecution(realm.name(), second, TestRealm.AUTHENTICATOR, "ALTERNATIVE");
        webAuthnExecution = admin.flows().addExecution(realm.name(), second, "webauthn-authenticator", "ALTERNATIVE");
        admin.flows().createFlow(realm.name(), PASSKEY_FLOW);
        admin.flows().addExecution(realm.name(), PASSKEY_FLOW, "auth-cookie", "ALTERNATIVE");
        String passkeyForms = PASSKEY_FLOW + " forms";
        admin.flows().addSubFlow(realm.name(), PASSKEY_FLOW, passkeyForms, "ALTERNATIVE");
        admin.flows().addExecution(realm.name(), passkeyForms, "auth-username-form", "REQUIRED");
        String wayIn = PASSKEY_FLOW + " way in";
        admin.flows().addSubFlow(realm.name(), passkeyForms, wayIn, "REQUIRED");
        admin.flows().addExecution(realm.name(), wayIn, "auth-password-form", "ALTERNATIVE");
        passkeyExecution = admin.flows().addExecution(realm.name(), wayIn, "webauthn-authenticator-passwordless",
                "ALTERNATIVE");
        admin.flows().addExecution(realm.name(), passkeyForms, TestRealm.AUTHENTICATOR, "REQUIRED");
        admin.flows().createFlow(realm.name(), CODE_OR_PASSWORD_FLOW);
        admin.flows().addExecution(realm.name(), CODE_OR_PASSWORD_FLOW, "auth-username-form", "REQUIRED");
        String either = CODE_OR_PASSWORD_FLOW + " either";
        admin.flows().addSubFlow(realm.name(), CODE_OR_PASSWORD_FLOW, either, "REQUIRED");
        admin.flows().addExecution(realm.name(), either, "auth-password-form", "ALTERNATIVE");
        admin.flows().addExecution(realm.name(), either, TestRealm.AUTHENTICATOR, "ALTERNATIVE");
        // "Set up later" would be offered to a user without any factor; it must never be to a key's owner.
        admin.flows().putRequiredActionConfig(realm.name(), TestRealm.SETUP_ACTION, Map.of("grace-logins", "5"));
    }

    @AfterEach
    void removeTheDeviceAndRebindOurFlow() {
        if (device != null) {
            VirtualKeys.remove(browser, device);
            device = null;
        }
        bind(TestRealm.BROWSER_FLOW);
    }

    /**
     * A security key and nothing of ours: after the password, never our setup page nor "Set up later". Where the
     * flow holds only our step, a clear refusal (and a WARN naming the factor); beside Keycloak's WebAuthn
     * Authenticator, the key signs in.
     */
    @Test
    void aUserWithOnlyASecurityKeyIsNeverSentToSetupAndSignsInWithTheKey() {
        TestUser user = realm.createUser();
        device = VirtualKeys.securityKey(browser);
        register(user, "webauthn-register", "my key");
        assertThat(admin.users().credentials(realm.name(), user.id(), "webauthn")).hasSize(1);

        bind(TestRealm.BROWSER_FLOW);
        passwordAtLocalhost(user);
        browser.await().until(driver -> driver.getPageSource().contains(REFUSED)
                || SetupPage.isShown(browser) || Browser.isCallback(realm, driver.getCurrentUrl()));
        assertThat(SetupPage.isShown(browser)).as(browser.pageSource()).isFalse();
        assertThat(browser.driver().findElements(By.id("totp-mfa-setup-later"))).isEmpty();
        assertThat(browser.pageSource()).contains(REFUSED);
        assertThat(Browser.isCallback(realm, browser.currentUrl())).isFalse();
        assertThat(admin.users().requiredActions(realm.name(), user.id())).doesNotContain(TestRealm.SETUP_ACTION);
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).isEmpty();
        assertThat(keycloak.serverLog()).contains("users with a second factor of type webauthn are refused in flow '"
                + TestRealm.BROWSER_FLOW + "'");

        bind(KEYS_FLOW);
        passwordAtLocalhost(user);
        WebAuthnPages.authenticate(browser);
        browser.awaitCallback(realm);
        assertThat(lastLogin(user).path("details").path("credential_type").asText()).isEqualTo("webauthn");

        // An admin asks the key's owner to add an app: the setup comes after the key, and is never postponed.
        admin.users().setRequiredActions(realm.name(), user.id(), List.of(TestRealm.SETUP_ACTION));
        passwordAtLocalhost(user);
        WebAuthnPages.authenticate(browser);
        assertThat(new SetupPage(browser).laterButton()).as("no 'Set up later' for a user with a key").isEmpty();
    }

    /**
     * No second factor at all, where our step and Keycloak's WebAuthn Authenticator are ALTERNATIVEs (the installer's
     * layout beside security keys): Keycloak sets up only REQUIRED steps and would stop the user; our step asks for
     * the setup itself, and the new app is asked for at the next sign-in.
     */
    @Test
    void aUserWithNoFactorBesideSecurityKeysIsAskedToSetUpAnApp() {
        TestUser user = realm.createUser();
        bind(KEYS_FLOW);
        passwordAtLocalhost(user);
        SetupPage setup = new SetupPage(browser);
        TotpDevice app = setup.scan();
        setup.submit(app.nextUnusedCode(), "phone");
        BrowserJourneys.acknowledgeRecoveryCodesIfShown(browser, realm);
        browser.awaitCallback(realm);
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).hasSize(1);

        passwordAtLocalhost(user);
        assertThat(landing()).as("the app is asked for at the next sign-in").isEqualTo("code page");
        new LoginPage(browser).submit(app.nextUnusedCode());
        browser.awaitCallback(realm);
    }

    /**
     * Our step as an ALTERNATIVE to the password itself: a user with no second factor and no password reaches our
     * step on the username alone, and must not be let in by enrolling an app there. Keycloak's error page, no setup.
     */
    @Test
    void aUserWithoutAPasswordIsNotEnrolledWhereOurStepIsAnAlternativeToThePassword() {
        TestUser user = realm.createUser();
        admin.users().credentials(realm.name(), user.id(), "password").forEach(
                row -> admin.users().deleteCredential(realm.name(), user.id(), row.path("id").asText()));
        bind(CODE_OR_PASSWORD_FLOW);
        browser.forgetSessions();
        browser.open(atLocalhost(realm.authUrl()));
        new UsernamePage(browser).submit(user.username());
        browser.await().withMessage(() -> "no setup, client or error page: " + browser.pageSource())
                .until(driver -> SetupPage.isShown(browser) || Browser.isCallback(realm, driver.getCurrentUrl())
                        || !driver.findElements(By.cssSelector("#kc-error-message, .pf-m-danger")).isEmpty());
        assertThat(SetupPage.isShown(browser)).as(browser.pageSource()).isFalse();
        assertThat(Browser.isCallback(realm, browser.currentUrl())).isFalse();
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).isEmpty();
    }

    /** Both an app and a key: the code page offers Keycloak's "Try another way", and either factor signs in. */
    @Test
    void aUserWithAKeyAndAnAppChoosesEither() {
        TestUser user = realm.createUser();
        TotpDevice app = BrowserJourneys.enrol(browser, realm, user, "phone");
        device = VirtualKeys.securityKey(browser);
        register(user, "webauthn-register", "my key");

        bind(KEYS_FLOW);
        passwordAtLocalhost(user);
        LoginPage codePage = new LoginPage(browser);
        assertThat(WebAuthnPages.offersAnotherWay(browser)).as(browser.pageSource()).isTrue();
        codePage.submit(app.nextUnusedCode());
        browser.awaitCallback(realm);

        passwordAtLocalhost(user);
        new LoginPage(browser);
        WebAuthnPages.tryAnotherWay(browser, webAuthnExecution);
        WebAuthnPages.authenticate(browser);
        browser.awaitCallback(realm);
        assertThat(lastLogin(user).path("details").path("credential_type").asText()).isEqualTo("webauthn");
    }

    /**
     * A passkey (Keycloak's passwordless WebAuthn step, chosen through "Try another way" instead of the password)
     * passes our step, as Keycloak's "Condition - credential" lets it pass its own; with {@code code-after-passkey}
     * on, the code is asked after the passkey too.
     */
    @Test
    void aPasskeySignInIsNotAskedForACodeUnlessTheStepSaysSo() {
        TestUser user = realm.createUser();
        TotpDevice app = anAppAndAPasskey(user);
        assertThat(admin.users().credentials(realm.name(), user.id(), "webauthn-passwordless")).hasSize(1);

        bind(PASSKEY_FLOW);
        passkeyAtLocalhost(user);
        assertThat(landing()).as("a passkey sign-in ends at the client, no code asked").isEqualTo("callback");
        assertThat(lastLogin(user).path("details").path("credential_type").asText())
                .isEqualTo("webauthn-passwordless");

        admin.flows().setExecutionConfig(realm.name(), PASSKEY_FLOW, TestRealm.AUTHENTICATOR, "code-after-passkey",
                Map.of("code-after-passkey", "true"));
        passkeyAtLocalhost(user);
        assertThat(landing()).as("code-after-passkey asks for the code").isEqualTo("code page");
        new LoginPage(browser).submit(app.nextUnusedCode());
        browser.awaitCallback(realm);
    }

    /**
     * A passkey and no app: the passkey sign-in is not sent to enrolment (as "Condition - credential" skips Keycloak's
     * whole second-factor sub-flow, its setup included); a sign-in with the password is, for a passkey is no second
     * factor beside a password.
     */
    @Test
    void aPasskeyOwnerWithoutAnAppIsAskedToEnrolOnlyAfterThePassword() {
        TestUser user = realm.createUser();
        device = VirtualKeys.passkeyDevice(browser);
        register(user, "webauthn-register-passwordless", "my passkey");

        bind(PASSKEY_FLOW);
        passkeyAtLocalhost(user);
        assertThat(landing()).as("a passkey sign-in ends at the client").isEqualTo("callback");

        browser.forgetSessions();
        browser.open(atLocalhost(realm.authUrl()));
        new UsernamePage(browser).submit(user.username());
        new PasswordLoginPage(browser).login(user);
        assertThat(landing()).as("a sign-in with the password is sent to enrolment").isEqualTo("setup page");
    }

    /**
     * The passkeys of Keycloak's username form (its {@code passkeys} feature, on by default, and the realm's
     * "Enable passkeys" switch): a passkey used on the sign-in page itself passes our step after it, the password on
     * the same page does not.
     */
    @Test
    void aPasskeyOfTheUsernameFormIsNotAskedForACodeButThePasswordIs() {
        TestUser user = realm.createUser();
        TotpDevice app = anAppAndAPasskey(user);
        passkeysInTheUsernameForm(true);
        try {
            bind(TestRealm.BROWSER_FLOW);
            browser.forgetSessions();
            browser.open(atLocalhost(realm.authUrl()));
            // Keycloak's conditional UI (the realm's default mediation) asks for a passkey as the page loads, and
            // Chromium's virtual authenticator answers as a user picking it would: no button, no password.
            assertThat(landing()).as("a passkey of the username form ends at the client").isEqualTo("callback");
            assertThat(lastLogin(user).path("details").path("credential_type").asText())
                    .isEqualTo("webauthn-passwordless");

            // The passkey gone from this browser, the page's conditional UI finds none and the password is typed.
            VirtualKeys.remove(browser, device);
            device = null;
            passwordAtLocalhost(user);
            assertThat(landing()).as("the password on the same page asks for the code").isEqualTo("code page");
            new LoginPage(browser).submit(app.nextUnusedCode());
            browser.awaitCallback(realm);
        } finally {
            passkeysInTheUsernameForm(false);
        }
    }

    /** Enrols an app, then registers a passkey of this browser through Keycloak's own action; the app. */
    private TotpDevice anAppAndAPasskey(TestUser user) {
        TotpDevice app = BrowserJourneys.enrol(browser, realm, user, "phone");
        device = VirtualKeys.passkeyDevice(browser);
        register(user, "webauthn-register-passwordless", "my passkey");
        return app;
    }

    /** Registers the browser's device through Keycloak's action {@code action}, under the stock browser flow. */
    private static void register(TestUser user, String action, String label) {
        bind(STOCK_FLOW);
        try {
            admin.users().setRequiredActions(realm.name(), user.id(), List.of(action));
            passwordAtLocalhost(user);
            WebAuthnPages.register(browser, label);
            browser.awaitCallback(realm);
        } finally {
            bind(TestRealm.BROWSER_FLOW);
        }
    }

    private static void passwordAtLocalhost(TestUser user) {
        browser.forgetSessions();
        browser.open(atLocalhost(realm.authUrl()));
        new PasswordLoginPage(browser).login(user);
    }

    /** A fresh session, the username, then "Try another way" to the passkey instead of the password. */
    private static void passkeyAtLocalhost(TestUser user) {
        browser.forgetSessions();
        browser.open(atLocalhost(realm.authUrl()));
        new UsernamePage(browser).submit(user.username());
        new PasswordLoginPage(browser);
        WebAuthnPages.tryAnotherWay(browser, passkeyExecution);
        WebAuthnPages.authenticate(browser);
    }

    /** Where the sign-in stopped: at the client, or on our code page. */
    private static String landing() {
        Function<org.openqa.selenium.WebDriver, String> where = driver -> Browser.isCallback(realm,
                driver.getCurrentUrl()) ? "callback"
                        : LoginPage.isShown(browser) ? "code page"
                                : SetupPage.isShown(browser) ? "setup page" : null;
        return browser.await().withMessage(() -> "neither the client nor the code page: " + browser.pageSource())
                .until(where);
    }

    private static String atLocalhost(String url) {
        return url.replaceFirst("^http://127\\.0\\.0\\.1:", "http://localhost:");
    }

    /** The realm's "Enable passkeys"; Keycloak takes the passwordless policy only whole, so all of it goes back. */
    private static void passkeysInTheUsernameForm(boolean enabled) {
        ObjectNode policy = admin.json().createObjectNode();
        admin.realms().realm(realm.name()).fields().forEachRemaining(field -> {
            if (field.getKey().startsWith("webAuthnPolicyPasswordless")) {
                policy.set(field.getKey(), field.getValue());
            }
        });
        admin.realms().updateRealm(realm.name(), policy.put("webAuthnPolicyPasswordlessPasskeysEnabled", enabled));
    }

    private static void bind(String flowAlias) {
        admin.realms().updateRealm(realm.name(), admin.json().createObjectNode().put("browserFlow", flowAlias));
    }

    private static JsonNode lastLogin(TestUser user) {
        return admin.events().userEvents(realm.name(), "LOGIN").stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .findFirst().orElseThrow();
    }
}

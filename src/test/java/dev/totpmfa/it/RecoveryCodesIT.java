package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.BrowserJourneys;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.RecoveryAcceptedPage;
import dev.totpmfa.it.support.RecoveryCodeForm;
import dev.totpmfa.it.support.RecoveryCodesPage;
import dev.totpmfa.it.support.SetupPage;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.names.EventDetails;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recovery codes are the lost-phone path: if they are not stored as shown, cannot be typed the way people type
 * them, work twice, or run out without warning, the user who lost a phone is locked out (or an attacker with an old
 * printout gets in). Everything a person clicks runs in Chromium; the many logins that only consume codes on the
 * way to a threshold run over plain HTTP to keep the class fast.
 */
@KeycloakIT
class RecoveryCodesIT {

    private static final String RECOVERY_TYPE = TestRealm.RECOVERY_CODES_TYPE;
    private static final int ISSUED = 10;
    private static final int WARNING_THRESHOLD = 3;
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("recovery").enableRecoveryCodes().useFastPasswordHashing();
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final AdminApi admin = KeycloakTargets.admin();

    /** A user enrolled in Chromium, with the codes the page showed. */
    private Enrolled enrolInBrowser(TestUser user) {
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        StepCodes app = StepCodes.of(setup.scan());
        setup.submit(app.next(), "Phone");
        RecoveryCodesPage page = new RecoveryCodesPage(browser);
        List<String> codes = page.codes();
        page.acknowledgeAndSubmit();
        browser.awaitCallback(realm);
        return new Enrolled(user, app, codes);
    }

    @Test
    void codesFollowTheFirstEnrolmentAndAreStoredOnlyOnceAcknowledged() {
        TestUser user = realm.createUser();
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        StepCodes app = StepCodes.of(setup.scan());
        setup.submit(app.next(), "Phone");

        RecoveryCodesPage page = new RecoveryCodesPage(browser);
        List<String> codes = page.codes();
        assertThat(codes).hasSize(ISSUED).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}"),
                        "display form XXXXX-XXXXX");
        assertThat(recoverySet(user)).as("nothing stored while the codes are shown").isEmpty();

        page.submitWithoutAcknowledging();
        RecoveryCodesPage again = new RecoveryCodesPage(browser);
        assertThat(again.fieldError()).as("error against the checkbox").isPresent();
        assertThat(again.codes()).as("the very same codes after a refused post").isEqualTo(codes);
        assertThat(recoverySet(user)).as("nothing stored without the acknowledgement").isEmpty();

        again.acknowledgeAndSubmit();
        browser.awaitCallback(realm);
        JsonNode data = recoveryData(user);
        assertThat(data.path("issued").asInt()).isEqualTo(ISSUED);
        assertThat(data.path("remaining").asInt()).isEqualTo(ISSUED);
    }

    @Test
    void downloadHoldsExactlyTheShownCodesAndCopyAndPrintAreOffered() {
        TestUser user = realm.createUser();
        SetupPage setup = BrowserJourneys.passwordThenSetup(browser, realm, user);
        setup.submit(StepCodes.of(setup.scan()).next(), "Phone");
        RecoveryCodesPage page = new RecoveryCodesPage(browser);
        List<String> codes = page.codes();

        assertThat(page.downloadLink().getAttribute("download")).isEqualTo("recovery-codes.txt");
        List<String> lines = page.downloadedText().lines().toList();
        assertThat(lines).contains("Realm: " + realm.name(), "Account: " + user.username(),
                "Date: " + LocalDate.now(ZoneOffset.UTC));
        List<String> codeLines = lines.stream()
                .filter(line -> line.matches("[0-9A-Z]{5}-[0-9A-Z]{5}")).toList();
        assertThat(codeLines).as("codes in the downloaded file").isEqualTo(codes);

        assertThat(page.copyButton().isDisplayed()).as("copy button shown").isTrue();
        assertThat(page.printButton().isDisplayed()).as("print button shown").isTrue();
        page.acknowledgeAndSubmit();
        browser.awaitCallback(realm);
    }

    @Test
    void lastCodeTypedCasuallyWorksOnceAndUnknownCodesAreRefused() {
        TestUser user = realm.createUser();
        Enrolled enrolled = enrolInBrowser(user);
        String last = enrolled.recoveryCodes().get(ISSUED - 1);

        BrowserJourneys.passwordThenTotp(browser, realm, user);
        new RecoveryCodeForm(browser).submit(last.toLowerCase(Locale.ROOT).replace("-", ""));
        RecoveryAcceptedPage accepted = new RecoveryAcceptedPage(browser);
        assertThat(accepted.remainingText()).contains(Integer.toString(ISSUED - 1));
        accepted.skip();
        browser.awaitCallback(realm);

        JsonNode afterUse = recoverySet(user).orElseThrow();
        assertThat(admin.parse(afterUse.path("credentialData").asText()).path("remaining").asInt())
                .isEqualTo(ISSUED - 1);
        JsonNode login = admin.events().userEvents(realm.name(), "LOGIN").stream()
                .filter(event -> user.id().equals(event.path("userId").asText()))
                .filter(event -> RECOVERY_TYPE.equals(event.path("details").path("credential_type").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no LOGIN event with credential_type " + RECOVERY_TYPE));
        assertThat(login.path("details").path(EventDetails.RECOVERY_CODES_REMAINING).asText())
                .isEqualTo(Integer.toString(ISSUED - 1));

        BrowserJourneys.passwordThenTotp(browser, realm, user);
        new RecoveryCodeForm(browser).submit(last);
        assertRefused(user, afterUse, "the same code again");

        String unknown = "00000-00000";
        assertThat(enrolled.recoveryCodes()).doesNotContain(unknown);
        new RecoveryCodeForm(browser).submit(unknown);
        assertRefused(user, afterUse, "a code that was never issued");
    }

    @Test
    void reachingTheThresholdShowsTheNoticeAndANewSetReplacesTheOld() {
        TestUser user = realm.createUser();
        Enrolled enrolled = enrolInBrowser(user);
        List<String> old = enrolled.recoveryCodes();
        int toThreshold = ISSUED - WARNING_THRESHOLD;
        for (int i = 0; i < toThreshold - 1; i++) {
            HttpJourneys.recoveryLogin(realm, user, old.get(i));
        }
        assertThat(admin.users().requiredActions(realm.name(), user.id())).as("still above the threshold")
                .doesNotContain(TestRealm.RECOVERY_CODES_ACTION);

        BrowserJourneys.passwordThenTotp(browser, realm, user);
        new RecoveryCodeForm(browser).submit(old.get(toThreshold - 1));
        RecoveryAcceptedPage accepted = new RecoveryAcceptedPage(browser);
        assertThat(accepted.remainingText()).contains(Integer.toString(WARNING_THRESHOLD));
        accepted.skip();

        RecoveryCodesPage renewal = new RecoveryCodesPage(browser);
        assertThat(renewal.lowNotice()).as("#totp-mfa-recovery-low").hasValueSatisfying(
                notice -> assertThat(notice).contains(Integer.toString(WARNING_THRESHOLD)));
        List<String> fresh = renewal.codes();
        assertThat(fresh).hasSize(ISSUED).doesNotContainAnyElementsOf(old);
        String oldSetId = recoverySet(user).orElseThrow().path("id").asText();
        renewal.acknowledgeAndSubmit();
        browser.awaitCallback(realm);

        JsonNode replaced = recoverySet(user).orElseThrow();
        assertThat(replaced.path("id").asText()).as("a new set, not an update of the old one").isNotEqualTo(oldSetId);
        assertThat(admin.parse(replaced.path("credentialData").asText()).path("remaining").asInt()).isEqualTo(ISSUED);
        assertThat(admin.users().credentials(realm.name(), user.id(), RECOVERY_TYPE)).as("at most one set").hasSize(1);

        BrowserJourneys.passwordThenTotp(browser, realm, user);
        new RecoveryCodeForm(browser).submit(old.get(ISSUED - 1));
        assertRefused(user, replaced, "an unused code of the replaced set");
        HttpJourneys.recoveryLogin(realm, user, fresh.get(0));
        assertThat(admin.parse(recoverySet(user).orElseThrow().path("credentialData").asText())
                .path("remaining").asInt()).as("a code of the new set works").isEqualTo(ISSUED - 1);
    }

    @Test
    void afterTheLastCodeTheNextLoginForcesANewSet() {
        TestUser user = realm.createUser();
        Enrolled enrolled = enrolInBrowser(user);
        for (String code : enrolled.recoveryCodes()) {
            HttpJourneys.recoveryLogin(realm, user, code);
        }
        assertThat(admin.parse(recoverySet(user).orElseThrow().path("credentialData").asText())
                .path("remaining").asInt()).isZero();

        LoginPage login = BrowserJourneys.passwordThenTotp(browser, realm, user);
        assertThat(RecoveryCodeForm.isOffered(browser)).as("no recovery form without codes left").isFalse();
        login.submit(enrolled.app().next());

        RecoveryCodesPage forced = new RecoveryCodesPage(browser);
        assertThat(forced.cancelButton()).as("no way around it").isEmpty();
        forced.acknowledgeAndSubmit();
        browser.awaitCallback(realm);
        assertThat(admin.parse(recoverySet(user).orElseThrow().path("credentialData").asText())
                .path("remaining").asInt()).isEqualTo(ISSUED);
    }

    @Test
    void lostPhoneOfferLeadsToTheSetupOfASecondDevice() {
        TestUser user = realm.createUser();
        Enrolled enrolled = enrolInBrowser(user);

        BrowserJourneys.passwordThenTotp(browser, realm, user);
        new RecoveryCodeForm(browser).submit(enrolled.recoveryCodes().get(0));
        new RecoveryAcceptedPage(browser).setUpNewApp();

        SetupPage setup = new SetupPage(browser);
        StepCodes newPhone = StepCodes.of(setup.scan());
        assertThat(newPhone.device().secretBase32()).isNotEqualTo(enrolled.app().device().secretBase32());
        setup.submit(newPhone.next(), "New phone");
        browser.awaitCallback(realm);

        assertThat(realm.deviceLabelsOf(user)).containsExactlyInAnyOrder("Phone", "New phone");
    }

    private void assertRefused(TestUser user, JsonNode before, String what) {
        new LoginPage(browser);
        assertThat(new RecoveryCodeForm(browser).fieldError()).as("error against recoveryCode for " + what).isPresent();
        JsonNode now = recoverySet(user).orElseThrow();
        assertThat(now.path("id").asText()).as("set unchanged after " + what).isEqualTo(before.path("id").asText());
        assertThat(now.path("credentialData").asText()).isEqualTo(before.path("credentialData").asText());
    }

    private Optional<JsonNode> recoverySet(TestUser user) {
        return admin.users().credentials(realm.name(), user.id(), RECOVERY_TYPE).stream().findFirst();
    }

    private JsonNode recoveryData(TestUser user) {
        return admin.parse(recoverySet(user).orElseThrow(() -> new AssertionError("no recovery-code set stored"))
                .path("credentialData").asText());
    }
}

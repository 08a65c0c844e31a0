package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.totpmfa.i18n.ThemeMessages;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Browser;
import dev.totpmfa.it.support.CodeGuesser;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.FreePorts;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.LoginPage;
import dev.totpmfa.it.support.PasswordLoginPage;
import dev.totpmfa.it.support.SecretForms;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.otp.RecoveryCodes;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * NIST SP 800-63B (§6.1.2.1) asks that users hear about changes to their authenticators: a device added by an
 * attacker who got hold of a session, or a recovery code used by someone else, is otherwise noticed only when it
 * is too late. A real SMTP server (GreenMail) in this JVM is the realm's SMTP server; each notice must arrive
 * exactly once, in the user's language, with the text of our message bundles, and never carry a secret or a code
 * (a mailbox is a much weaker vault than the authenticator itself).
 */
@KeycloakIT
class NoticesIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    /** How long we listen for a duplicate after the expected mail arrived. */
    private static final Duration DUPLICATE_GRACE = Duration.ofSeconds(2);
    private static final String REALM_DISPLAY_NAME = "IT notices";
    private static final ThemeMessages EN = ThemeMessages.of("en");
    /** Start of every lockout message of the login page; the ceiling's own message follows. */

    private static GreenMail smtp;
    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("notices").enableRecoveryCodes().useFastPasswordHashing()
            // The fastest lockout the settings allow (50 free failures, then one second). With the window of 2 steps
            // set below a wrong code costs 5 of the 300 codes, so the factor locks after 50 wrong codes and the
            // ceiling comes 10 codes later (at a window of 1 it would take 50 more one-second waits).
            .configureAuthenticator(Map.of("lockout-failures", "50", "lockout-seconds", "1",
                    "lockout-max-seconds", "1"));
    private static final AdminApi admin = KeycloakTargets.admin();
    @RegisterExtension
    static final Browser browser = new Browser();
    private static final List<String> SECRETS_SEEN = new ArrayList<>();
    private static final List<String> CODES_SEEN = new ArrayList<>();
    /** (address, subject) of each mail this test expects exactly once. */
    private static final List<Map.Entry<String, String>> EXPECTED_ONCE = new ArrayList<>();

    @BeforeAll
    static void startTheMailServer() {
        smtp = new GreenMail(new ServerSetup(FreePorts.any(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        ObjectNode changes = admin.json().createObjectNode()
                .put("displayName", REALM_DISPLAY_NAME)
                .put("internationalizationEnabled", true)
                .put("defaultLocale", "en");
        changes.putArray("supportedLocales").add("en").add("de");
        TestRealm.OtpPolicy policy = TestRealm.OtpPolicy.FAST;
        changes.put("otpPolicyType", "totp").put("otpPolicyAlgorithm", policy.algorithm())
                .put("otpPolicyDigits", policy.digits()).put("otpPolicyPeriod", policy.periodSeconds())
                .put("otpPolicyInitialCounter", 0).put("otpPolicyLookAheadWindow", 2);
        changes.putObject("smtpServer")
                .put("host", "127.0.0.1")
                .put("port", Integer.toString(smtp.getSmtp().getPort()))
                .put("from", "no-reply@totpmfa.test")
                .put("fromDisplayName", "Notices IT")
                .put("auth", "false")
                .put("ssl", "false")
                .put("starttls", "false");
        admin.realms().updateRealm(realm.name(), changes);
    }

    /** A notice sent twice shows up late: one grace per test instead of one per mail keeps the class fast. */
    @AfterEach
    void noExpectedMailCameTwice() throws Exception {
        settle();
    }

    @AfterAll
    static void stopTheMailServer() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    /** Device added, new recovery codes, a recovery code used, device removed: one mail each, in English. */
    @Test
    void everyChangeToTheSecondFactorIsMailedOnce() throws Exception {
        TestUser user = realm.createUser();
        String email = emailOf(user);
        Enrolled enrolled = enrolAndRemember(user);

        expectNotice(email, EN, "DeviceAdded", "Phone", 0);
        expectNotice(email, EN, "RecoveryCodesGenerated", "", 0);

        int left = enrolled.recoveryCodes().size() - 1;
        HttpJourneys.recoveryLogin(realm, user, enrolled.recoveryCodes().get(0));
        MimeMessage used = expectNotice(email, EN, "RecoveryCodeUsed", "", left);
        assertThat(plainText(used)).as("count left in the text").contains(Integer.toString(left));

        String credentialId = admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE).get(0)
                .path("id").asText();
        deleteWithKeycloaksAction(user, credentialId, enrolled);
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE)).isEmpty();
        assertThat(removeEventsOf(user)).as("Keycloak's own REMOVE_CREDENTIAL event").isNotEmpty();
        expectNotice(email, EN, "DeviceRemoved", "Phone", 0);

        settle();
        assertThat(mailsTo(email)).as("nothing else was sent").hasSize(4);
        assertNoSecretInAnyMail();
    }

    /** A German-speaking user (user attribute locale=de) reads German notices, from messages_de.properties. */
    @Test
    void noticesAreInTheUsersLocale() throws Exception {
        TestUser user = realm.createUser();
        ObjectNode locale = admin.json().createObjectNode();
        locale.putObject("attributes").putArray("locale").add("de");
        admin.users().updateUser(realm.name(), user.id(), locale);
        String email = emailOf(user);
        Enrolled enrolled = enrolAndRemember(user);
        ThemeMessages de = ThemeMessages.of("de");

        MimeMessage added = expectNotice(email, de, "DeviceAdded", "Phone", 0);
        assertThat(added.getSubject()).as("not the English text")
                .isNotEqualTo(EN.format("totpMfaNoticeDeviceAddedSubject", REALM_DISPLAY_NAME));
        assertThat(plainText(added)).contains(de.format("totpMfaNoticeNotYou"));
        expectNotice(email, de, "RecoveryCodesGenerated", "", 0);
        assertNoSecretInAnyMail();
    }

    /** Removing the recovery codes in the account console leaves a lost phone without a way back: say so. */
    @Test
    void recoveryCodesRemovedByTheUserAreMailed() throws Exception {
        TestUser user = realm.createUser();
        String email = emailOf(user);
        Enrolled enrolled = enrolAndRemember(user);
        expectNotice(email, EN, "RecoveryCodesGenerated", "", 0);

        String codesId = admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE).get(0)
                .path("id").asText();
        deleteWithKeycloaksAction(user, codesId, enrolled);

        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE)).isEmpty();
        MimeMessage removed = expectNotice(email, EN, "RecoveryCodesRemoved", "", 0);
        assertThat(plainText(removed)).contains(EN.format("totpMfaNoticeNotYou"));
        assertNoSecretInAnyMail();
    }

    /**
     * An admin's DELETE of a user's credential reaches event listeners only as an admin event, and it must do so
     * even in a realm that does not store admin events (the default): the user hears of it either way.
     */
    @Test
    void anAdminRemovingTheDeviceOrTheRecoveryCodesIsMailedWithoutStoredAdminEvents() throws Exception {
        // Keycloak names the removed credential's type in that admin event only since 26.7; before, there is no
        // way to tell a device from any other credential, and no notice is sent (README, Keycloak versions).
        String[] version = KeycloakTargets.keycloakVersion().split("\\.");
        assumeTrue(Integer.parseInt(version[0]) > 26 || Integer.parseInt(version[1]) >= 7,
                "Keycloak before 26.7 does not say which credential an admin removed");
        TestUser user = realm.createUser();
        String email = emailOf(user);
        Enrolled enrolled = enrolAndRemember(user);
        expectNotice(email, EN, "RecoveryCodesGenerated", "", 0);
        int mailsBefore = mailsTo(email).size();

        admin.events().storeAdminEvents(realm.name(), false);
        try {
            String codesId = admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE).get(0)
                    .path("id").asText();
            String deviceId = admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE).get(0)
                    .path("id").asText();
            admin.users().deleteCredential(realm.name(), user.id(), codesId);
            admin.users().deleteCredential(realm.name(), user.id(), deviceId);
            assertThat(admin.events().adminEventsJson(realm.name())).as("stored admin events").doesNotContain(deviceId);
        } finally {
            admin.events().enableEvents(realm.name());
        }

        MimeMessage codes = expectNotice(email, EN, "RecoveryCodesRemovedByAdmin", "", 0);
        assertThat(plainText(codes)).contains(EN.format("totpMfaNoticeNotRequested"));
        expectNotice(email, EN, "DeviceRemovedByAdmin", "Phone", 0);
        assertThat(mailsTo(email)).as("one mail per removal, no user-side notice besides").hasSize(mailsBefore + 2);
        assertNoSecretInAnyMail();
    }

    /**
     * Someone who knows the password is guessing codes: the user hears of it when the factor first locks, once for
     * the run of failures, not once for every refused guess while it is locked.
     */
    @Test
    void theFactorLockingIsMailedOncePerRunOfFailures() throws Exception {
        TestUser user = realm.createUser();
        String email = emailOf(user);
        CodeGuesser guesser = CodeGuesser.pastThePassword(realm, user, enrolAndRemember(user));

        assertThat(guesser.guessUntil(CodeGuesser.LOCKED, 60)).as("login page after wrong codes")
                .contains(CodeGuesser.LOCKED);
        // More wrong codes in the same run (refused while locked, or failing again after the one-second wait).
        for (int i = 0; i < 3; i++) {
            guesser.guess();
        }

        MimeMessage locked = expectNotice(email, EN, "FactorLocked", "", 0);
        assertThat(plainText(locked)).contains(EN.format("totpMfaNoticeNotYou"));
        assertThat(withSubject(email, EN.format("totpMfaNoticeCeilingReachedSubject", REALM_DISPLAY_NAME)))
                .as("no ceiling notice before the ceiling").isEmpty();
        assertNoSecretInAnyMail();
    }

    /** At the ceiling only a recovery code or an admin helps: the user must hear of it at once. */
    @Test
    void reachingTheCeilingIsMailedOnce() throws Exception {
        TestUser user = realm.createUser();
        String email = emailOf(user);
        CodeGuesser guesser = CodeGuesser.pastThePassword(realm, user, enrolAndRemember(user));

        guesser.guessUntilCeiling(Duration.ofSeconds(240));
        assertThat(guesser.guess()).as("refused at the ceiling").contains(CodeGuesser.CEILING);

        expectNotice(email, EN, "CeilingReached", "", 0);
        expectNotice(email, EN, "FactorLocked", "", 0);
        assertNoSecretInAnyMail();
    }

    /**
     * Keycloak's own application-initiated action {@code delete_credential}, as the account console's "Remove"
     * starts it: the password, our code step, then Keycloak's confirmation page.
     */
    private static void deleteWithKeycloaksAction(TestUser user, String credentialId, Enrolled enrolled) {
        browser.forgetSessions();
        browser.open(realm.authUrl("delete_credential:" + credentialId));
        new PasswordLoginPage(browser).login(user);
        String code = enrolled.app().next();
        CODES_SEEN.add(code);
        new LoginPage(browser).submit(code);
        browser.await().withMessage(() -> "no delete-credential page:\n" + browser.pageSource())
                .until(ExpectedConditions.elementToBeClickable(By.id("kc-accept"))).click();
        browser.awaitCallback(realm);
    }

    /** Enrols the user over plain HTTP; its secret and recovery codes are remembered, so no mail may show them. */
    private static Enrolled enrolAndRemember(TestUser user) {
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        SECRETS_SEEN.add(enrolled.app().device().secretBase32());
        CODES_SEEN.addAll(enrolled.recoveryCodes());
        return enrolled;
    }

    /**
     * Waits for the one mail to {@code email} with {@code subject}; {@link #settle()} makes sure no second one
     * follows.
     */
    /**
     * The one mail of notice {@code kind} in the language of {@code messages}: the subject and body of its message
     * keys {@code totpMfaNotice<kind>Subject} and {@code totpMfaNotice<kind>Body} (with the device's name and the
     * number of codes left).
     */
    private static MimeMessage expectNotice(String email, ThemeMessages messages, String kind, String device,
                                            int left)
            throws Exception {
        return expectOneMail(email, messages.format("totpMfaNotice" + kind + "Subject", REALM_DISPLAY_NAME),
                messages.format("totpMfaNotice" + kind + "Body", REALM_DISPLAY_NAME, device, left));
    }

    private static MimeMessage expectOneMail(String email, String subject, String bodyText) throws Exception {
        Instant deadline = Instant.now().plus(MAIL_WAIT);
        while (withSubject(email, subject).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        EXPECTED_ONCE.add(Map.entry(email, subject));
        List<MimeMessage> matching = withSubject(email, subject);
        assertThat(matching).as("mails to %s with subject \"%s\"; all subjects: %s", email, subject, subjectsTo(email))
                .hasSize(1);
        MimeMessage mail = matching.get(0);
        assertThat(normalizeSpace(plainText(mail))).as("text part").contains(normalizeSpace(bodyText));
        assertThat(html(mail)).as("html part").isNotBlank();
        return mail;
    }

    /** Waits out the grace once, then checks that every mail expected once so far still came once. */
    private static void settle() throws Exception {
        if (EXPECTED_ONCE.isEmpty()) {
            return;
        }
        List<Map.Entry<String, String>> expected = List.copyOf(EXPECTED_ONCE);
        EXPECTED_ONCE.clear();
        Thread.sleep(DUPLICATE_GRACE.toMillis());
        for (Map.Entry<String, String> mail : expected) {
            assertThat(withSubject(mail.getKey(), mail.getValue()))
                    .as("mails to %s with subject \"%s\" after the grace", mail.getKey(), mail.getValue()).hasSize(1);
        }
    }

    private static List<MimeMessage> withSubject(String email, String subject) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage mail : mailsTo(email)) {
            if (subject.equals(mail.getSubject())) {
                found.add(mail);
            }
        }
        return found;
    }

    private static List<String> subjectsTo(String email) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage mail : mailsTo(email)) {
            subjects.add(mail.getSubject());
        }
        return subjects;
    }

    private static List<MimeMessage> mailsTo(String email) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            boolean toUser = Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                    .anyMatch(address -> address.toString().contains(email));
            if (toUser) {
                found.add(mail);
            }
        }
        return found;
    }

    /** Neither a TOTP secret (in any encoding) nor a recovery or TOTP code appears in any raw mail. */
    private static void assertNoSecretInAnyMail() throws Exception {
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            String raw = raw(mail) + "\n" + plainText(mail) + "\n" + html(mail);
            for (String secret : SECRETS_SEEN) {
                assertThat(SecretForms.of(secret, dev.totpmfa.otp.Base32.decode(secret)).foundIn(raw))
                        .as("secret in \"%s\"", mail.getSubject()).isEmpty();
            }
            for (String code : CODES_SEEN) {
                assertThat(raw).as("code in \"%s\"", mail.getSubject()).doesNotContain(code);
                RecoveryCodes.canonicalize(code)
                        .ifPresent(canonical -> assertThat(raw.toUpperCase(Locale.ROOT)).doesNotContain(canonical));
            }
        }
    }

    private static String emailOf(TestUser user) {
        return user.username() + "@example.test";
    }

    private static List<JsonNode> removeEventsOf(TestUser user) {
        return admin.events().userEvents(realm.name(), "REMOVE_CREDENTIAL").stream()
                .filter(e -> user.id().equals(e.path("userId").asText()))
                .toList();
    }

    private static String raw(MimeMessage mail) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String plainText(Part part) throws IOException, MessagingException {
        return partOfType(part, "text/plain");
    }

    private static String html(Part part) throws IOException, MessagingException {
        return partOfType(part, "text/html");
    }

    private static String partOfType(Part part, String type) throws IOException, MessagingException {
        if (part.isMimeType(type)) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                text.append(partOfType(child, type));
            }
            return text.toString();
        }
        return "";
    }

    private static String normalizeSpace(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}

package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.Enrolled;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTarget;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.Totp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every field of our three pages is reachable by anyone who knows a password, with any bytes, no browser needed.
 * A value the code does not expect must end as a page with an error: an HTTP 5xx or a stack trace tells an attacker
 * what runs inside, a reflected script is an XSS, and a changed credential means the parser did more than refuse.
 * Each entry of a corpus of odd values is posted over plain HTTP to each field, and the user's credentials
 * (credentialData included) are compared before and after.
 */
@KeycloakIT
class BadInputIT {

    private static final Pattern STACK_TRACE = Pattern.compile(
            "Exception\\b|\\bat (org|java|jdk|dev|io|jakarta|sun)\\.[\\w$.]+\\(|FreeMarker template error"
                    + "|freemarker\\.core|NullPointer|ClassCast|java\\.lang\\.");
    private static final List<String> REFLECTION_PROBES = List.of(
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>");
    /** Bodies no URL encoder would produce: invalid UTF-8 and encoded surrogates. */
    private static final List<String> RAW_VALUES = List.of("%C3%28", "%FF%FE%FD", "%00%00", "%ED%A0%80", "%C0%80");
    /**
     * Broken percent escapes. Keycloak's HTTP layer (RESTEasy Reactive's form parser) answers them with 500 before
     * any provider runs, on its own password form too; see
     * {@link #brokenPercentEscapesFareNoWorseThanOnKeycloaksOwnForm}.
     */
    private static final List<String> BROKEN_ESCAPES = List.of("%E0%A4%A", "%", "%zz");
    private static final String BROKEN_ESCAPE_LOG = "Failed to decode URL";
    /** The realm allows 50 failures before a lockout; each value costs three. */
    private static final int VALUES_BETWEEN_UNLOCKS = 10;

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("badinput").enableRecoveryCodes().useFastPasswordHashing()
            .configureAuthenticator(Map.of("lockout-failures", "50"));
    private static final AdminApi admin = KeycloakTargets.admin();
    private static final KeycloakTarget keycloak = KeycloakTargets.current();
    private static int serverLogStart;

    @BeforeAll
    static void markTheServerLog() {
        serverLogStart = keycloak.serverLog().length();
    }

    /** At least 50 values that no honest form sends. */
    static List<String> corpus() {
        List<String> values = new ArrayList<>(List.of(
                "", " ", "      ", "\t", "\n", "\r\n", "123456\r\nSet-Cookie: evil=1", "\r\n\r\n<html>",
                "１２３４５６", "١٢٣٤٥٦", "۱۲۳۴۵۶", "१२३४५६", "¹²³⁴⁵⁶", "12345６", "１２３ ４５６",
                "a".repeat(10_000), "7".repeat(10_000), "😀".repeat(5_000),
                "\u0000", "123\u0000456", "\u0000\u0000\u0000\u0000\u0000\u0000", "%00", "%2500", "%",
                "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg onload=alert(1)>",
                "' OR '1'='1", "1; DROP TABLE CREDENTIAL;--", "' UNION SELECT SECRET_DATA FROM CREDENTIAL --",
                "\" OR \"\"=\"", "${7*7}", "#{7*7}", "<#assign x=1>${x}", "{{7*7}}", "../../../../etc/passwd",
                "\u202E654321", "\u200F123456\u200E", "\u200B", "\uFEFF123456", "😀", "🔐🔑", "\u00A0123456",
                "e\u0301\u0301\u0301", "日本語のラベル", "Ω≈ç√∫", "-", "----------", "+123456", "-123456",
                "0x1E240", "1e5", "NaN", "null", "undefined", "true", "[]", "{}", "\\", "&otp=1", "=", "\u0085",
                "\u2028", "\uD800", "ABCDE-FGHJK", "0O1IL-0O1IL", "abcde fghjk mnpqr", "x".repeat(256),
                "y".repeat(255), "123456".repeat(1_000), "ON", "on ", "1", "yes"));
        return values;
    }

    @Test
    void corpusHoldsAtLeastFiftyDistinctValues() {
        assertThat(corpus()).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(50);
    }

    @Test
    void loginPageFieldsRefuseOddValuesWithoutEffect() {
        TestUser user = realm.createUser();
        Enrolled enrolled = HttpJourneys.enrol(realm, user);
        List<String> before = credentialSnapshot(user);
        PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
        String wrongCode = enrolled.app().wrong();
        SoftAssertions softly = new SoftAssertions();

        List<String> corpus = corpus();
        for (int i = 0; i < corpus.size(); i++) {
            String value = corpus.get(i);
            if (i % VALUES_BETWEEN_UNLOCKS == 0) {
                // Three failures per value; the lockout would otherwise stop the evaluation of later values.
                admin.users().clearLoginFailures(realm.name(), user.id());
            }
            check(softly, "otp", value, session.post(HttpJourneys.LOGIN_FORM, Map.of("otp", value)), false);
            check(softly, "selectedCredentialId", value, session.post(HttpJourneys.LOGIN_FORM,
                    fields("selectedCredentialId", value, "otp", wrongCode)), false);
            check(softly, "recoveryCode", value,
                    session.post(HttpJourneys.RECOVERY_FORM, Map.of("recoveryCode", value)), false);
            check(softly, "recoveryOffer", value,
                    session.post(HttpJourneys.LOGIN_FORM, Map.of("recoveryOffer", value)), false);
        }
        for (String forgedChoice : List.of("setup", "skip")) {
            check(softly, "recoveryOffer (no recovery code accepted)", forgedChoice,
                    session.post(HttpJourneys.LOGIN_FORM, Map.of("recoveryOffer", forgedChoice)), false);
        }
        for (String raw : RAW_VALUES) {
            admin.users().clearLoginFailures(realm.name(), user.id());
            for (String field : List.of("otp", "selectedCredentialId", "recoveryCode", "recoveryOffer")) {
                String form = "recoveryCode".equals(field) ? HttpJourneys.RECOVERY_FORM : HttpJourneys.LOGIN_FORM;
                check(softly, field + " (raw)", raw, session.postRaw(form, field + "=" + raw), false);
            }
        }
        softly.assertThat(credentialSnapshot(user)).as("credentials after the login-page corpus").isEqualTo(before);
        softly.assertAll();
    }

    @Test
    void setupPageFieldsRefuseOddValuesAndStoreNoDevice() {
        TestUser user = realm.createUser();
        PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
        TotpDevice device = TotpDevice.scan(session.otpAuthUri());
        SoftAssertions softly = new SoftAssertions();

        for (String value : corpus()) {
            HttpResponse<String> answer = session.post(HttpJourneys.SETUP_FORM,
                    fields("totp", value, "userLabel", "Phone"));
            check(softly, "totp", value, answer, validFor(device, value));
            if (!validFor(device, value)) {
                softly.assertThat(devices(user)).as("devices after totp=%s", describe(value)).isEmpty();
            }
            if (!devices(user).isEmpty()) {
                break;
            }
            check(softly, "userLabel", value,
                    session.post(HttpJourneys.SETUP_FORM, fields("totp", device.wrongCode(), "userLabel", value)),
                    false);
        }
        for (String raw : RAW_VALUES) {
            check(softly, "totp (raw)", raw, session.postRaw(HttpJourneys.SETUP_FORM, "userLabel=Phone&totp=" + raw),
                    false);
            check(softly, "userLabel (raw)", raw,
                    session.postRaw(HttpJourneys.SETUP_FORM, "totp=" + device.wrongCode() + "&userLabel=" + raw),
                    false);
        }
        softly.assertThat(devices(user)).as("devices after the setup-page corpus").isEmpty();
        softly.assertAll();
    }

    /** Labels are stored, so the odd ones are also tried with a valid code: stored clean, or refused with an error. */
    @Test
    void oddDeviceLabelsWithAValidCodeAreStoredCleanOrRefused() {
        List<String> labels = List.of("", "      ", "\u0000", "a\r\nb", "x".repeat(256), "a".repeat(10_000),
                "<script>alert(1)</script>", "' OR '1'='1", "\u202Eevil", "😀🔐", "${7*7}", "y".repeat(255),
                "Pho\u200Bne\uFEFF", "\u2066Work\u2069 laptop", "\u200B\u200D");
        SoftAssertions softly = new SoftAssertions();
        for (String label : labels) {
            TestUser user = realm.createUser();
            PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
            TotpDevice device = TotpDevice.scan(session.otpAuthUri());
            HttpResponse<String> answer = session.post(HttpJourneys.SETUP_FORM,
                    fields("totp", device.nextUnusedCode(), "userLabel", label));
            check(softly, "userLabel with a valid code", label, answer, true);
            List<JsonNode> stored = devices(user);
            softly.assertThat(stored).as("devices after userLabel=%s", describe(label)).hasSizeLessThanOrEqualTo(1);
            if (stored.isEmpty()) {
                softly.assertThat(answer.statusCode()).as("refused label %s re-renders the page", describe(label))
                        .isEqualTo(200);
                softly.assertThat(answer.body()).as("error for label %s", describe(label))
                        .contains("input-error-userLabel");
            } else {
                String storedLabel = stored.get(0).path("userLabel").asText();
                softly.assertThat(storedLabel).as("stored label for %s", describe(label))
                        .isNotBlank().hasSizeLessThanOrEqualTo(255)
                        .doesNotContain("\u0000", "\r", "\n");
                softly.assertThat(storedLabel.codePoints().filter(c -> Character.getType(c) == Character.FORMAT))
                        .as("bidi or zero-width characters stored for %s", describe(label)).isEmpty();
                String visible = withoutFormatCharacters(label).strip();
                if (!visible.isEmpty()) {
                    softly.assertThat(storedLabel).isEqualTo(visible);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void recoveryCodesPageRefusesEveryAcknowledgementButOn() {
        TestUser user = realm.createUser();
        PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
        TotpDevice device = TotpDevice.scan(session.otpAuthUri());
        session.postAndFollow(HttpJourneys.SETUP_FORM, fields("totp", device.nextUnusedCode(), "userLabel", "Phone"));
        List<String> codes = session.recoveryCodes();
        assertThat(codes).as("recovery-codes page after the enrolment").hasSize(10);
        List<String> before = credentialSnapshot(user);
        SoftAssertions softly = new SoftAssertions();

        for (String value : corpus()) {
            HttpResponse<String> answer = session.post(HttpJourneys.RECOVERY_CODES_FORM, Map.of("acknowledged", value));
            check(softly, "acknowledged", value, answer, false);
            softly.assertThat(session.recoveryCodes()).as("codes shown after acknowledged=%s", describe(value))
                    .isEqualTo(codes);
        }
        for (String raw : RAW_VALUES) {
            check(softly, "acknowledged (raw)", raw,
                    session.postRaw(HttpJourneys.RECOVERY_CODES_FORM, "acknowledged=" + raw),
                    false);
        }
        softly.assertThat(credentialSnapshot(user)).as("credentials after the recovery-codes corpus").isEqualTo(before);
        softly.assertAll();

        HttpResponse<String> acknowledged = session.postAndFollow(HttpJourneys.RECOVERY_CODES_FORM,
                Map.of("acknowledged", "on"));
        assertThat(PlainHttpSession.reachedClient(acknowledged, realm)).as("acknowledged=on still works").isTrue();
        assertThat(admin.users().credentials(realm.name(), user.id(), TestRealm.RECOVERY_CODES_TYPE)).hasSize(1);
    }

    /**
     * A body with a broken percent escape never reaches our code: Keycloak's form parser fails first and Keycloak
     * answers 500 ("Uncaught server error" in its log), on its own username/password form as well. An extension
     * cannot change that; this test pins that our pages fare no worse (same status, no stack trace on the page, no
     * change to the credentials) and tells us when Keycloak starts answering 400.
     */
    @Test
    void brokenPercentEscapesFareNoWorseThanOnKeycloaksOwnForm() {
        TestUser user = realm.createUser();
        HttpJourneys.enrol(realm, user);
        List<String> before = credentialSnapshot(user);
        SoftAssertions softly = new SoftAssertions();
        for (String broken : BROKEN_ESCAPES) {
            PlainHttpSession keycloakForm = new PlainHttpSession(realm);
            keycloakForm.openLogin();
            int keycloakStatus = keycloakForm.postRaw("kc-form-login", "username=" + broken + "&password=x")
                    .statusCode();

            PlainHttpSession session = HttpJourneys.pastThePassword(realm, user);
            for (String field : List.of("otp", "selectedCredentialId", "recoveryCode", "recoveryOffer")) {
                String form = "recoveryCode".equals(field) ? HttpJourneys.RECOVERY_FORM : HttpJourneys.LOGIN_FORM;
                HttpResponse<String> answer = session.postRaw(form, field + "=" + broken);
                softly.assertThat(answer.statusCode()).as("status for %s=%s (Keycloak's own form: %d)", field, broken,
                        keycloakStatus).isIn(keycloakStatus, 200, 400);
                softly.assertThat(answer.body()).as("stack trace for %s=%s", field, broken)
                        .doesNotContainPattern(STACK_TRACE);
            }
        }
        softly.assertThat(credentialSnapshot(user)).as("credentials after broken escapes").isEqualTo(before);
        softly.assertAll();
    }

    @AfterAll
    static void serverLoggedNoUnexpectedError() {
        String log = keycloak.serverLog();
        List<String> errors = log.substring(Math.min(serverLogStart, log.length())).lines()
                .filter(line -> line.contains("Uncaught server error") || line.contains("FreeMarker template error")
                        || line.matches(".*ERROR \\[dev\\.totpmfa.*"))
                .filter(line -> !line.contains(BROKEN_ESCAPE_LOG))
                .toList();
        assertThat(errors).as("unexpected errors in the server log during BadInputIT").isEmpty();
    }

    private void check(SoftAssertions softly, String field, String value, HttpResponse<String> answer,
                       boolean mayLogIn) {
        String what = field + "=" + describe(value);
        softly.assertThat(answer.statusCode()).as("HTTP status for %s", what).isLessThan(500);
        softly.assertThat(answer.body()).as("stack trace for %s", what).doesNotContainPattern(STACK_TRACE);
        for (String probe : REFLECTION_PROBES) {
            softly.assertThat(answer.body()).as("reflected markup for %s", what).doesNotContain(probe);
        }
        if (!mayLogIn) {
            softly.assertThat(PlainHttpSession.reachedClient(answer, realm)).as("logged in with %s", what).isFalse();
        }
    }

    /** A code the server would accept for this device now (same normalisation: spaces and hyphens dropped). */
    private static boolean validFor(TotpDevice device, String typed) {
        String digits = typed.replace(" ", "").replace("-", "");
        if (!digits.matches("[0-9]{" + device.parameters().digits() + "}")) {
            return false;
        }
        Totp totp = new Totp(device.parameters(), Clock.systemUTC());
        long now = totp.currentStep();
        for (long step = now - 2; step <= now + 2; step++) {
            if (totp.codeAt(device.secret(), step).equals(digits)) {
                return true;
            }
        }
        return false;
    }

    private List<JsonNode> devices(TestUser user) {
        return admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE);
    }

    /**
     * Everything an admin sees of the user's factors, as comparable text; not the user's state row
     * ({@code totp-mfa-user-state}), whose failure count a refused code may raise.
     */
    private List<String> credentialSnapshot(TestUser user) {
        return admin.users().credentials(realm.name(), user.id()).stream()
                .filter(c -> !ProviderIds.USER_STATE_CREDENTIAL.equals(c.path("type").asText()))
                .map(c -> String.join("|", c.path("id").asText(), c.path("type").asText(), c.path("userLabel").asText(),
                        c.path("createdDate").asText(), c.path("credentialData").asText()))
                .sorted().toList();
    }

    private static Map<String, String> fields(String k1, String v1, String k2, String v2) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(k1, v1);
        fields.put(k2, v2);
        return fields;
    }

    /** A printable, short description of a corpus value for assertion messages. */
    private static String describe(String value) {
        StringBuilder text = new StringBuilder("\"");
        value.codePoints().limit(24).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || Character.getType(cp) == Character.FORMAT) {
                text.append(String.format("\\u%04X", cp));
            } else {
                text.appendCodePoint(cp);
            }
        });
        text.append(value.length() > 24 ? "…\" (" + value.length() + " chars)" : "\"");
        return text.toString();
    }

    private static String withoutFormatCharacters(String text) {
        StringBuilder kept = new StringBuilder();
        text.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(kept::appendCodePoint);
        return kept.toString();
    }
}

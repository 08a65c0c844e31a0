package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.ComposeKeycloak;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.QrCodes;
import dev.totpmfa.it.support.StepCodes;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.otp.OtpAuthUri;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What README promises to someone who runs {@code docker compose -f docker/compose.yml up}: PostgreSQL and Keycloak
 * with the jar start, the demo realm is imported, and its user can enrol an app from the QR code, log in with a
 * code and with a recovery code, all over plain HTTP. Runs in Maven profile {@code docker} only (a Docker engine).
 */
class ComposeJourneyIT {

    private static final String REALM = "totp-mfa-demo";
    private static final String DEMO_USER = "demo";
    private static final String DEMO_PASSWORD = "demo-password-change-me";
    private static final Pattern QR_SRC = Pattern.compile("<img\\b[^>]*\\bid=\"totp-mfa-qr\"[^>]*\\bsrc=\"([^\"]*)\"");

    private static ComposeKeycloak compose;
    private static AdminApi admin;

    @BeforeAll
    static void up() {
        compose = new ComposeKeycloak();
        compose.ensureStartedWithDefaults();
        admin = new AdminApi(compose);
    }

    @AfterAll
    static void down() {
        if (compose != null) {
            compose.stop();
        }
    }

    @Test
    void demoUserEnrolsFromTheQrCodeThenLogsInWithACodeAndWithARecoveryCode() {
        TestRealm realm = TestRealm.existing(compose, admin, REALM);
        TestUser demo = new TestUser(admin.users().userId(REALM, DEMO_USER), DEMO_USER, DEMO_PASSWORD);

        PlainHttpSession setup = new PlainHttpSession(realm);
        setup.loginWithPassword(demo);
        OtpAuthUri scanned = OtpAuthUri.parse(QrCodes.decodeDataUri(qrDataUri(setup.page())));
        assertThat(scanned).as("the QR code holds the otpauth link of the page").isEqualTo(setup.otpAuthUri());
        StepCodes app = StepCodes.of(TotpDevice.scan(scanned));
        setup.postAndFollow(HttpJourneys.SETUP_FORM, Map.of("totp", app.next(), "userLabel", "Phone"));
        assertThat(setup.hasForm(HttpJourneys.RECOVERY_CODES_FORM)).as("recovery codes after the first enrolment")
                .isTrue();
        List<String> recoveryCodes = setup.recoveryCodes();
        HttpResponse<String> enrolled = setup.postAndFollow(HttpJourneys.RECOVERY_CODES_FORM,
                Map.of("acknowledged", "on"));
        assertThat(PlainHttpSession.reachedClient(enrolled, realm)).as("enrolment ends at the client").isTrue();
        assertThat(admin.users().credentials(REALM, demo.id(), TestRealm.CREDENTIAL_TYPE)).hasSize(1);
        assertThat(admin.users().credentials(REALM, demo.id(), TestRealm.RECOVERY_CODES_TYPE)).hasSize(1);

        PlainHttpSession login = new PlainHttpSession(realm);
        login.loginWithPassword(demo);
        HttpResponse<String> loggedIn = login.postAndFollow(HttpJourneys.LOGIN_FORM, Map.of("otp", app.next()));
        assertThat(PlainHttpSession.reachedClient(loggedIn, realm)).as("login with a code").isTrue();

        String recoveryCode = recoveryCodes.get(0);
        HttpResponse<String> recovered = HttpJourneys.recoveryLogin(realm, demo, recoveryCode);
        assertThat(PlainHttpSession.reachedClient(recovered, realm)).as("login with a recovery code").isTrue();
        assertThatThrownBy(() -> HttpJourneys.recoveryLogin(realm, demo, recoveryCode))
                .as("a recovery code works once").hasMessageContaining("Recovery code refused");
    }

    private static String qrDataUri(String page) {
        Matcher qr = QR_SRC.matcher(page);
        assertThat(qr.find()).as("img#totp-mfa-qr on the setup page").isTrue();
        return qr.group(1);
    }
}

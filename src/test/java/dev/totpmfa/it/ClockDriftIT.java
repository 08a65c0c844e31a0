package dev.totpmfa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpmfa.it.support.AdminApi;
import dev.totpmfa.it.support.HttpJourneys;
import dev.totpmfa.it.support.KeycloakIT;
import dev.totpmfa.it.support.KeycloakTargets;
import dev.totpmfa.it.support.PlainHttpSession;
import dev.totpmfa.it.support.TestRealm;
import dev.totpmfa.it.support.TestUser;
import dev.totpmfa.it.support.TotpDevice;
import dev.totpmfa.otp.Totp;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phones whose clocks run slow or fast. The realm accepts one step either side (window 1); each device's window is
 * centred where its clock was at its last accepted code, bounded by the window. So a phone one step off keeps
 * working, a phone that drifts on by one more step is followed, and a code further away than the window from that
 * centre is refused. Plain HTTP, with codes computed for chosen steps; each test starts early in a time step so
 * that the server's step cannot move under it.
 */
@KeycloakIT
class ClockDriftIT {

    private static final TestRealm.OtpPolicy POLICY = TestRealm.OtpPolicy.FAST;
    /** Enough of a step for three enrolments, and for a test's logins, on a loaded 2-core machine. */
    private static final long ENROLMENT_SECONDS = 12;
    private static final long LOGINS_SECONDS = 8;

    @RegisterExtension
    static final TestRealm realm = TestRealm.perClass("drift", POLICY);
    private static final AdminApi admin = KeycloakTargets.admin();
    private static long enrolledAt;
    private static TestUser fast;
    private static TotpDevice fastPhone;
    private static TestUser control;
    private static TotpDevice controlPhone;
    private static TestUser slow;
    private static TotpDevice slowPhone;

    /** Every phone enrolled early in one step, so that no drift is measured at enrolment and no test waits twice. */
    @BeforeAll
    static void enrolEarlyInAStep() {
        enrolledAt = stepWithTimeLeft(Long.MIN_VALUE, ENROLMENT_SECONDS);
        fast = realm.createUser();
        fastPhone = HttpJourneys.enrol(realm, fast).app().device();
        control = realm.createUser();
        controlPhone = HttpJourneys.enrol(realm, control).app().device();
        slow = realm.createUser();
        slowPhone = HttpJourneys.enrol(realm, slow).app().device();
        assertThat(currentStep()).as("the enrolments stayed in one step").isEqualTo(enrolledAt);
    }

    @Test
    void aFastPhoneIsFollowedOneStepFurtherButNotBeyondTheWindow() {
        assertThat(driftSteps(fast)).isZero();
        long step = stepWithTimeLeft(Long.MIN_VALUE, LOGINS_SECONDS);

        assertThat(logsIn(control, controlPhone, step + 2)).as("two steps ahead, without a measured drift").isFalse();

        assertThat(logsIn(fast, fastPhone, step + 1)).as("one step ahead").isTrue();
        assertThat(driftSteps(fast)).isEqualTo(1);
        assertThat(logsIn(fast, fastPhone, step + 2)).as("two steps ahead, once the window follows the phone")
                .isTrue();
        assertThat(driftSteps(fast)).as("bounded by the window").isEqualTo(1);
        assertThat(logsIn(fast, fastPhone, step + 4)).as("beyond the window around the measured drift").isFalse();
        assertThat(currentStep()).as("the server's step did not move during the test").isEqualTo(step);
    }

    @Test
    void aSlowPhoneKeepsWorking() {
        assertThat(driftSteps(slow)).isZero();

        // One step behind the server, and past the step the enrolment used (which can never be used again).
        long step = stepWithTimeLeft(enrolledAt + 2, LOGINS_SECONDS);
        assertThat(logsIn(slow, slowPhone, step - 1)).as("one step behind").isTrue();
        assertThat(driftSteps(slow)).isEqualTo(-1);

        long next = stepWithTimeLeft(step + 1, LOGINS_SECONDS);
        assertThat(logsIn(slow, slowPhone, next - 1)).as("still one step behind, a step later").isTrue();
        assertThat(driftSteps(slow)).isEqualTo(-1);
        assertThat(currentStep()).as("the server's step did not move during the last login").isEqualTo(next);
    }

    private static boolean logsIn(TestUser user, TotpDevice phone, long step) {
        Totp totp = new Totp(phone.parameters(), Clock.systemUTC());
        PlainHttpSession session = new PlainHttpSession(realm);
        session.loginWithPassword(user);
        HttpResponse<String> answer = session.postAndFollow(HttpJourneys.LOGIN_FORM,
                Map.of("otp", totp.codeAt(phone.secret(), step)));
        return PlainHttpSession.reachedClient(answer, realm);
    }

    /**
     * The drift stored in the device's row. A login writes it past Keycloak's user cache (the check itself always
     * reads the row), so the admin API, which reads the cached user, is asked after the realm's user cache is cleared.
     */
    private static int driftSteps(TestUser user) {
        admin.realms().clearUserCache(realm.name());
        JsonNode device = admin.users().credentials(realm.name(), user.id(), TestRealm.CREDENTIAL_TYPE).get(0);
        return admin.parse(device.path("credentialData").asText()).path("driftSteps").asInt();
    }

    private static long currentStep() {
        return Math.floorDiv(System.currentTimeMillis(), POLICY.periodSeconds() * 1000L);
    }

    /**
     * Waits until the server's clock is at step {@code atLeast} or later with at least {@code secondsLeft} of that
     * step to go (this machine's clock is the server's); returns that step.
     */
    private static long stepWithTimeLeft(long atLeast, long secondsLeft) {
        long periodMillis = POLICY.periodSeconds() * 1000L;
        while (true) {
            long now = System.currentTimeMillis();
            long step = Math.floorDiv(now, periodMillis);
            long stepEnds = (step + 1) * periodMillis;
            if (step >= atLeast && stepEnds - now >= secondsLeft * 1000) {
                return step;
            }
            sleep((step < atLeast ? atLeast * periodMillis : stepEnds) - now + 100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

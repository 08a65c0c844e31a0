package dev.totpmfa.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.keycloak.models.utils.TimeBasedOTP;

/**
 * Credentials enrolled with Keycloak's own OTP authenticator must keep working with ours, so both
 * implementations must agree on every code, for every algorithm, length and period Keycloak's policy allows.
 */
class KeycloakTimeBasedOtpCrossCheckTest {

    private static final int CASES = 500;

    @Test
    void producesTheSameCodesAsKeycloak() {
        Random random = new Random(26_7_3);
        for (int i = 0; i < CASES; i++) {
            Case c = Case.random(random);
            TimeBasedOTP keycloak = c.keycloak(0);

            assertThat(new Totp(c.parameters, c.clock()).currentCode(c.secret))
                    .as(c.toString())
                    .isEqualTo(keycloak.generateTOTP(c.secret));
        }
    }

    @Test
    void acceptsWhatKeycloakAcceptsWithinTheWindow() {
        Random random = new Random(6238);
        for (int i = 0; i < CASES; i++) {
            Case c = Case.random(random);
            Totp totp = new Totp(c.parameters, c.clock());
            long neighbour = totp.currentStep() + (random.nextBoolean() ? 1 : -1);
            String code = totp.codeAt(c.secret, neighbour);

            assertThat(c.keycloak(1).validateTOTP(code, c.secret)).as(c.toString()).isTrue();
            assertThat(new TotpVerifier(c.parameters, c.clock()).verify(c.secret, code, 1))
                    .as(c.toString()).hasValue(neighbour);
            assertThat(
                    new TotpVerifier(c.parameters, c.clock()).verify(c.secret, c.keycloak(0).generateTOTP(c.secret), 0))
                    .as(c.toString()).hasValue(totp.currentStep());
        }
    }

    private record Case(byte[] secret, OtpParameters parameters, long epochSeconds) {

        static Case random(Random random) {
            byte[] secret = new byte[10 + random.nextInt(55)];
            random.nextBytes(secret);
            OtpParameters parameters = new OtpParameters(HmacAlgorithm.values()[random.nextInt(3)],
                    6 + random.nextInt(3), 15 + random.nextInt(286));
            return new Case(secret, parameters, (long) (random.nextDouble() * 4_000_000_000L));
        }

        Clock clock() {
            return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
        }

        TimeBasedOTP keycloak(int lookAroundWindow) {
            TimeBasedOTP otp = new TimeBasedOTP(parameters.algorithm().jcaName(), parameters.digits(),
                    parameters.periodSeconds(), lookAroundWindow);
            Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            calendar.setTimeInMillis(epochSeconds * 1000);
            otp.setCalendar(calendar);
            return otp;
        }

        @Override
        public String toString() {
            return parameters + " at " + epochSeconds + " with a " + secret.length + "-byte secret";
        }
    }
}

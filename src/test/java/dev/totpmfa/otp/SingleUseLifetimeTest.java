package dev.totpmfa.otp;

import static dev.totpmfa.otp.TotpTest.fixedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lifetime is checked against the verifier itself: for every drift a device may record, every second at which
 * {@link TotpVerifier} still accepts one code must fall inside the lifetime counted from the first such second.
 */
class SingleUseLifetimeTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final long ORIGIN = 1_700_000_010L;

    @ParameterizedTest
    @CsvSource({"30,0,0", "30,1,0", "30,1,1", "30,1,-1", "15,2,-2", "60,3,1", "30,1,4", "30,0,-3", "240,10,10"})
    void coversEverySecondAtWhichAnyDriftAcceptsTheCode(int period, int window, int storedDrift) {
        OtpParameters parameters = new OtpParameters(HmacAlgorithm.SHA1, 6, period);
        long step = Math.floorDiv(ORIGIN, period);
        String code = new Totp(parameters, fixedAt(ORIGIN)).codeAt(SECRET, step);
        int maxDrift = Math.max(window, Math.abs(storedDrift));

        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long span = (long) period * (2L * (window + maxDrift) + 3);
        // Acceptance changes only at step boundaries (every drift is a whole number of steps): one probe a step.
        for (long start = (step - span / period) * period; start <= (step + span / period) * period; start += period) {
            if (acceptedByAnyDrift(parameters, code, window, maxDrift, start)) {
                first = Math.min(first, start);
                last = Math.max(last, start + period - 1);
            }
        }

        long lifetime = SingleUseLifetime.seconds(period, window, storedDrift);
        assertThat(first).as("the code is accepted at some moment").isLessThanOrEqualTo(ORIGIN);
        assertThat(last - first + 1).as("seconds during which the code is accepted").isLessThanOrEqualTo(lifetime);
        // Not wildly more than needed: one step of margin at most.
        assertThat(lifetime).isLessThanOrEqualTo(last - first + 1 + period);
    }

    @ParameterizedTest
    @CsvSource({"30,1,0,180", "30,1,1,180", "30,1,-3,300", "30,0,0,60", "15,2,0,150", "60,10,0,2520"})
    void knownValues(int period, int window, int drift, long expected) {
        assertThat(SingleUseLifetime.seconds(period, window, drift)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0,1,0", "-30,1,0", "30,-1,0"})
    void refusesNonsense(int period, int window, int drift) {
        assertThatThrownBy(() -> SingleUseLifetime.seconds(period, window, drift))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean acceptedByAnyDrift(OtpParameters parameters, String code, int window, int maxDrift,
                                              long second) {
        for (int drift = -maxDrift; drift <= maxDrift; drift++) {
            Clock deviceClock = Clock.offset(fixedAt(second),
                    Duration.ofSeconds((long) drift * parameters.periodSeconds()));
            if (new TotpVerifier(parameters, deviceClock).verify(SECRET, code, window).isPresent()) {
                return true;
            }
        }
        return false;
    }
}

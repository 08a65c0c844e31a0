package dev.totpmfa.bench;

import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpParameters;
import dev.totpmfa.otp.Totp;
import dev.totpmfa.otp.TotpVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.keycloak.models.utils.TimeBasedOTP;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Our verify with a window of ±1 against Keycloak's {@code TimeBasedOTP.validateTOTP} with a look-around
 * window of 1, same secret, same settings, same code.
 *
 * <p>Both read a fixed time (a fixed {@link Clock} for ours, a fixed {@link Calendar} for Keycloak's), so a
 * step boundary cannot change the outcome mid-run; this spares Keycloak the {@code GregorianCalendar} it
 * would otherwise create on every call, so the ratio is, if anything, in Keycloak's favour.
 *
 * <p>{@code code=current}: the code of the current step, Keycloak's best case (it stops after one HMAC,
 * while ours always computes all three). {@code code=wrong}: valid for no step, so both compute three.
 *
 * <p>Ours is called as a login calls it, with the device's last used step (the single-use check), here a step
 * before the window, as for a device last used a minute or more ago.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TotpVerifyBenchmark {

    private static final long NOW = 1_764_300_000L;
    private static final int WINDOW = 1;

    @Param({"SHA1", "SHA256", "SHA512"})
    public HmacAlgorithm algorithm;

    @Param({"current", "wrong"})
    public String code;

    private byte[] secret;
    private String typed;
    private long lastUsedStep;
    private TotpVerifier ours;
    private TimeBasedOTP keycloak;

    @Setup(Level.Trial)
    public void setUp() {
        // Secrets the size of the hash output, as RFC 6238's test vectors use.
        secret = new byte[switch (algorithm) {
            case SHA1 -> 20;
            case SHA256 -> 32;
            case SHA512 -> 64;
        }];
        new Random(42).nextBytes(secret);
        OtpParameters parameters = new OtpParameters(algorithm, 6, 30);
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        ours = new TotpVerifier(parameters, clock);

        keycloak = new TimeBasedOTP(algorithm.jcaName(), 6, 30, WINDOW);
        Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(NOW * 1000);
        keycloak.setCalendar(calendar);

        Totp totp = new Totp(parameters, clock);
        long step = totp.currentStep();
        lastUsedStep = step - WINDOW - 1;
        typed = code.equals("current") ? totp.codeAt(secret, step) : codeValidForNoStep(totp, step);
        boolean expected = code.equals("current");
        if (ours.verify(secret, typed, WINDOW, lastUsedStep).isPresent() != expected
                || keycloak.validateTOTP(typed, secret) != expected) {
            throw new IllegalStateException("The benchmark's code does not behave as intended");
        }
    }

    private String codeValidForNoStep(Totp totp, long step) {
        for (int candidate = 0;; candidate++) {
            String text = String.format("%06d", candidate);
            if (!text.equals(totp.codeAt(secret, step - 1)) && !text.equals(totp.codeAt(secret, step))
                    && !text.equals(totp.codeAt(secret, step + 1))) {
                return text;
            }
        }
    }

    @Benchmark
    public OptionalLong ours() {
        return ours.verify(secret, typed, WINDOW, lastUsedStep);
    }

    @Benchmark
    public boolean keycloakTimeBasedOtp() {
        return keycloak.validateTOTP(typed, secret);
    }
}

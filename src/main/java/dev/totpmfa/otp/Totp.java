package dev.totpmfa.otp;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** RFC 6238 TOTP: which time step it is, and the code for a step. The clock is injected so tests can stop time. */
public final class Totp {

    private final OtpParameters parameters;
    private final Clock clock;

    public Totp(OtpParameters parameters, Clock clock) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public long currentStep() {
        return stepAt(clock.instant());
    }

    /** Floor division, so that instants before 1970 fall into their own step instead of sharing step 0. */
    public long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), parameters.periodSeconds());
    }

    public String codeAt(byte[] secret, long step) {
        return Hotp.generate(secret, step, parameters.algorithm(), parameters.digits());
    }

    public String currentCode(byte[] secret) {
        return codeAt(secret, currentStep());
    }
}

package dev.totpmfa.otp;

import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Checks a typed code against the steps around now. Unlike Keycloak's {@code TimeBasedOTP} it computes
 * every step of the window whatever happens, compares in constant time, and says which step matched, so
 * that the caller can refuse a replayed code and notice a drifting device clock.
 */
public final class TotpVerifier {

    /** One step either side absorbs a slow typist and a phone clock that is a few seconds off. */
    public static final int DEFAULT_WINDOW = 1;
    /** A wider window multiplies the chance that a guessed code is accepted; 10 steps is already generous. */
    public static final int MAX_WINDOW = 10;

    private final OtpParameters parameters;
    private final Totp totp;

    public TotpVerifier(OtpParameters parameters, Clock clock) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.totp = new Totp(parameters, clock);
    }

    /**
     * @param code as typed; see {@link OtpCodes#normalize}
     * @param window how many steps either side of the current one are accepted, 0 to {@link #MAX_WINDOW}
     * @return the step whose code matched, or empty
     */
    public OptionalLong verify(byte[] secret, String code, int window) {
        return verify(secret, code, window, Long.MIN_VALUE);
    }

    /**
     * As {@link #verify(byte[], String, int)}, but a step at or before {@code lastUsedStep} never matches,
     * so a code that was accepted once cannot be accepted again (RFC 6238 §5.2). Those steps are still
     * computed and compared, so the response time does not tell which step a code belonged to.
     * Where two steps match, the one closest to now wins, and of two equally close the earlier one.
     */
    public OptionalLong verify(byte[] secret, String code, int window, long lastUsedStep) {
        Objects.requireNonNull(secret, "secret");
        if (window < 0 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("The window is 0 to " + MAX_WINDOW + " steps, not " + window);
        }
        // Returning early here leaks only what the caller typed, never anything about the secret.
        var normalized = OtpCodes.normalize(code, parameters.digits());
        if (normalized.isEmpty()) {
            return OptionalLong.empty();
        }
        int typed = Integer.parseInt(normalized.get());

        HmacOtp otp = new HmacOtp(parameters.algorithm(), secret, parameters.digits());
        long current = totp.currentStep();
        long matchedStep = 0;
        int found = 0;
        // Nearest steps first (0, -1, +1, -2, +2, ...), so that the first match kept is the closest one.
        for (int i = 0; i <= 2 * window; i++) {
            long distance = (i + 1) / 2;
            long step = (i % 2 == 0) ? current + distance : current - distance;
            int usable = step > lastUsedStep ? 1 : 0;
            int hit = ConstantTime.equalsBit(otp.valueAt(step), typed) & usable & (found ^ 1);
            matchedStep = ConstantTime.select(hit, step, matchedStep);
            found |= hit;
        }
        return found == 1 ? OptionalLong.of(matchedStep) : OptionalLong.empty();
    }
}

package dev.totpmfa.it.support;

import dev.totpmfa.otp.Base32;
import dev.totpmfa.otp.OtpAuthUri;
import dev.totpmfa.otp.OtpParameters;
import dev.totpmfa.otp.Totp;
import java.time.Clock;
import java.time.Duration;

/**
 * An authenticator app in the test: it knows the secret and parameters from the scanned otpauth URI and shows
 * the code of the current time step, like Google Authenticator does. The server accepts a code once per step and
 * credential, so {@link #nextUnusedCode()} waits for a fresh step when this device's code of the current step
 * was already handed out (at most one period; the test realms use 15 s).
 */
public final class TotpDevice {

    private final OtpAuthUri uri;
    private final byte[] secret;
    private final Totp totp;
    private long lastIssuedStep = Long.MIN_VALUE;
    private String lastIssuedCode;

    private TotpDevice(OtpAuthUri uri) {
        this.uri = uri;
        this.secret = Base32.decode(uri.secretBase32());
        this.totp = new Totp(uri.parameters(), Clock.systemUTC());
    }

    public static TotpDevice scan(OtpAuthUri uri) {
        return new TotpDevice(uri);
    }

    public OtpAuthUri uri() {
        return uri;
    }

    public OtpParameters parameters() {
        return uri.parameters();
    }

    public String secretBase32() {
        return uri.secretBase32();
    }

    public byte[] secret() {
        return secret.clone();
    }

    /** The code of the current step; when that step was already used, the code of the next step, after waiting. */
    public synchronized String nextUnusedCode() {
        long step = totp.currentStep();
        while (step <= lastIssuedStep) {
            sleepUntilStep(lastIssuedStep + 1);
            step = totp.currentStep();
        }
        lastIssuedStep = step;
        lastIssuedCode = totp.codeAt(secret, step);
        return lastIssuedCode;
    }

    /** The code most recently returned by {@link #nextUnusedCode()} (for replay tests). */
    public synchronized String lastIssuedCode() {
        if (lastIssuedCode == null) {
            throw new IllegalStateException("No code issued yet");
        }
        return lastIssuedCode;
    }

    /**
     * The code the app shows right now, without counting it as used: for building inputs that the server must
     * refuse (so the step stays available for a real login).
     */
    public String peekCurrentCode() {
        return totp.codeAt(secret, totp.currentStep());
    }

    /**
     * How many steps ago the last issued code was current: 0 or 1 means a server with window 1 still accepts its
     * step.
     */
    public synchronized long stepsSinceLastIssued() {
        if (lastIssuedCode == null) {
            throw new IllegalStateException("No code issued yet");
        }
        return totp.currentStep() - lastIssuedStep;
    }

    /** A well-formed code that is wrong for every step the server could accept (current ± 2). */
    public String wrongCode() {
        long step = totp.currentStep();
        int digits = uri.parameters().digits();
        for (long candidate = 0;; candidate++) {
            String code = String.format("%0" + digits + "d", (candidate * 7919) % (long) Math.pow(10, digits));
            boolean matchesNearby = false;
            for (long s = step - 2; s <= step + 2; s++) {
                matchesNearby |= totp.codeAt(secret, s).equals(code);
            }
            if (!matchesNearby) {
                return code;
            }
        }
    }

    /** Waits until time step {@code step} of this device has begun (and a little more, for clock jitter). */
    void sleepUntilStep(long step) {
        long periodMillis = Duration.ofSeconds(uri.parameters().periodSeconds()).toMillis();
        long waitMillis = step * periodMillis - System.currentTimeMillis();
        try {
            Thread.sleep(Math.max(50, waitMillis + 50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

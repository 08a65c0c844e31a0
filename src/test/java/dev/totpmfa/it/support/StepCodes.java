package dev.totpmfa.it.support;

import dev.totpmfa.otp.Totp;
import java.time.Clock;

/**
 * Codes of one authenticator app for strictly increasing time steps, as the server wants them (each step once),
 * without waiting for the clock where the verification window allows the next step already: the code of step
 * {@code current + 1} is accepted with the test realms' window of one step. Waits only when two codes were taken
 * ahead already.
 */
public final class StepCodes {

    private final TotpDevice device;
    private final Totp totp;
    private final int window;
    private long lastStep = Long.MIN_VALUE;

    private StepCodes(TotpDevice device, int window) {
        this.device = device;
        this.totp = new Totp(device.parameters(), Clock.systemUTC());
        this.window = window;
    }

    /** For a freshly scanned device whose codes were never handed out. */
    public static StepCodes of(TotpDevice device) {
        return new StepCodes(device, 1);
    }

    /**
     * The same app's codes once its realm's window ({@code otpPolicyLookAheadWindow}) is {@code window} steps: that
     * many steps ahead without waiting. Goes on after the last step this one handed out; use only the new one after.
     */
    public synchronized StepCodes withWindow(int window) {
        StepCodes wider = new StepCodes(device, window);
        wider.lastStep = lastStep;
        return wider;
    }

    public TotpDevice device() {
        return device;
    }

    /** A code the server has not seen yet for this device. */
    public synchronized String next() {
        long now = totp.currentStep();
        long step = Math.max(now, lastStep + 1);
        while (step > totp.currentStep() + window) {
            device.sleepUntilStep(step - window);
            step = Math.max(totp.currentStep(), lastStep + 1);
        }
        lastStep = step;
        return totp.codeAt(device.secret(), step);
    }

    /** A well-formed code that is wrong for every step the server could accept. */
    public String wrong() {
        return device.wrongCode();
    }
}

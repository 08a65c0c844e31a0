package dev.totpmfa.otp;

/**
 * How long a code must stay marked as used in a single-use store: at least as long as any check could still accept
 * it. A check accepts step {@code s} while {@code |s - (now + drift)| <= window}, and the drift a check uses can
 * be anything a device has recorded, up to the window itself on either side (or a larger drift stored under a
 * wider window). So a step is acceptable during {@code 2 * (window + maxDrift) + 1} steps of wall-clock time;
 * one more step covers the partial step in which the mark was written and clocks that differ between nodes.
 */
public final class SingleUseLifetime {

    private SingleUseLifetime() {
    }

    /**
     * @param periodSeconds the device's time step
     * @param window        steps accepted either side of the device's clock
     * @param driftSteps    the drift recorded for the device (0 for devices that record none)
     * @return seconds the mark of a used code must live
     */
    public static long seconds(int periodSeconds, int window, int driftSteps) {
        if (periodSeconds <= 0 || window < 0) {
            throw new IllegalArgumentException("A period must be positive and a window not negative");
        }
        long maxDrift = Math.max(window, Math.abs((long) driftSteps));
        return periodSeconds * (2 * (window + maxDrift) + 2);
    }
}

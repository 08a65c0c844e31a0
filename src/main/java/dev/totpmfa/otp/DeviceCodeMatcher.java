package dev.totpmfa.otp;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks one typed code against all of a user's authenticator devices: our own and those of Keycloak's OTP form
 * alike. Every device is checked even after a match (the first match is kept), so the response time does not tell
 * which device, or whether an earlier one, matched. Each device's window is centred on its last measured drift;
 * after a use, {@link #driftAfterUse} measures it again.
 */
public final class DeviceCodeMatcher {

    /** A device whose secret could not be opened has no secret: it matches nothing and costs no less time. */
    public static final long NEVER_USED = Long.MIN_VALUE;

    /**
     * One device as the check needs it.
     *
     * @param secret       its secret, or null when it cannot be opened
     * @param driftSteps   where its clock was at its last accepted code, in steps (0 when unknown)
     * @param lastUsedStep the highest step ever accepted ({@link #NEVER_USED} when none is recorded)
     */
    public record Device(OtpParameters parameters, byte[] secret, int driftSteps, long lastUsedStep) {

        public Device {
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /** The device at {@code index} of the list accepted the code for time step {@code step}. */
    public record Match(int index, long step) {
    }

    private final Clock clock;

    public DeviceCodeMatcher(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param window steps accepted either side of each device's clock
     * @return the first device (in list order) that accepts the code, and the step it matched
     */
    public Optional<Match> firstMatch(List<Device> devices, String typedCode, int window) {
        Match first = null;
        for (int i = 0; i < devices.size(); i++) {
            Device device = devices.get(i);
            if (device.secret() == null) {
                continue;
            }
            OptionalLong step = verifierFor(device).verify(device.secret(), typedCode, window, device.lastUsedStep());
            if (step.isPresent() && first == null) {
                first = new Match(i, step.getAsLong());
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * The device's drift measured by the step it just matched, bounded by the window: the next check is centred
     * there, so a phone that runs slow or fast keeps working without widening the window.
     */
    public int driftAfterUse(Device device, long matchedStep, int window) {
        long currentStep = Math.floorDiv(clock.millis() / 1000, device.parameters().periodSeconds());
        return (int) Math.max(-window, Math.min(window, matchedStep - currentStep));
    }

    /** How long the single-use mark of a code of this device must live: see {@link SingleUseLifetime}. */
    public static long singleUseSeconds(Device device, int window) {
        return SingleUseLifetime.seconds(device.parameters().periodSeconds(), window, device.driftSteps());
    }

    private TotpVerifier verifierFor(Device device) {
        Clock deviceClock = Clock.offset(clock,
                Duration.ofSeconds((long) device.driftSteps() * device.parameters().periodSeconds()));
        return new TotpVerifier(device.parameters(), deviceClock);
    }
}

package dev.totpmfa.otp;

import static dev.totpmfa.otp.TotpTest.fixedAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceCodeMatcherTest {

    private static final long NOW = 1_700_000_000L;
    private static final int WINDOW = 1;
    private static final byte[] PHONE = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TABLET = "abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII);

    private final OtpParameters parameters = OtpParameters.DEFAULT;
    private final Totp totp = new Totp(parameters, fixedAt(NOW));
    private final long current = totp.currentStep();
    private final DeviceCodeMatcher matcher = new DeviceCodeMatcher(fixedAt(NOW));

    private DeviceCodeMatcher.Device device(byte[] secret, int drift, long lastUsedStep) {
        return new DeviceCodeMatcher.Device(parameters, secret == null ? null : secret.clone(), drift, lastUsedStep);
    }

    private DeviceCodeMatcher.Device neverUsed(byte[] secret) {
        return device(secret, 0, DeviceCodeMatcher.NEVER_USED);
    }

    /** The device that accepts the code of {@code secret} at {@code step}, typed now. */
    private Optional<DeviceCodeMatcher.Match> typed(List<DeviceCodeMatcher.Device> devices, byte[] secret, long step) {
        return matcher.firstMatch(devices, totp.codeAt(secret, step), WINDOW);
    }

    @Test
    void findsTheDeviceWhoseCodeWasTypedAndItsStep() {
        List<DeviceCodeMatcher.Device> devices = List.of(neverUsed(PHONE), neverUsed(TABLET));

        assertThat(typed(devices, TABLET, current)).contains(new DeviceCodeMatcher.Match(1, current));
        assertThat(typed(devices, PHONE, current - 1)).contains(new DeviceCodeMatcher.Match(0, current - 1));
    }

    @Test
    void keepsTheFirstOfTwoDevicesThatAcceptTheCode() {
        List<DeviceCodeMatcher.Device> devices = List.of(neverUsed(PHONE), neverUsed(PHONE));

        assertThat(typed(devices, PHONE, current)).contains(new DeviceCodeMatcher.Match(0, current));
    }

    @Test
    void aDeviceWithoutItsSecretMatchesNothingAndDoesNotHideTheOthers() {
        List<DeviceCodeMatcher.Device> devices = List.of(neverUsed(null), neverUsed(PHONE));

        assertThat(typed(devices, PHONE, current)).contains(new DeviceCodeMatcher.Match(1, current));
    }

    @Test
    void refusesTheUsedStepAndEveryEarlierOne() {
        List<DeviceCodeMatcher.Device> devices = List.of(device(PHONE, 0, current));

        assertThat(typed(devices, PHONE, current)).isEmpty();
        assertThat(typed(devices, PHONE, current - 1)).isEmpty();
        assertThat(typed(devices, PHONE, current + 1)).contains(new DeviceCodeMatcher.Match(0, current + 1));
    }

    @Test
    void windowEdgesAreInclusiveAndTheNextStepOutIsRefused() {
        List<DeviceCodeMatcher.Device> devices = List.of(neverUsed(PHONE));

        assertThat(typed(devices, PHONE, current + WINDOW)).isPresent();
        assertThat(typed(devices, PHONE, current - WINDOW)).isPresent();
        assertThat(typed(devices, PHONE, current + WINDOW + 1)).isEmpty();
        assertThat(typed(devices, PHONE, current - WINDOW - 1)).isEmpty();
    }

    /** A phone one step slow is accepted, its drift measured, and the next window is centred on it. */
    @Test
    void aSlowDeviceKeepsWorkingBecauseTheWindowRecentresOnItsDrift() {
        DeviceCodeMatcher.Device fresh = neverUsed(PHONE);
        long slowStep = current - 1;
        assertThat(typed(List.of(fresh), PHONE, slowStep)).contains(new DeviceCodeMatcher.Match(0, slowStep));
        int drift = matcher.driftAfterUse(fresh, slowStep, WINDOW);
        assertThat(drift).isEqualTo(-1);

        // The phone has fallen one more step behind: two steps slow is outside a window of 1 around the server's
        // time, but inside the one centred where the phone was last seen.
        long slowerStep = current - 2;
        DeviceCodeMatcher.Device recentred = device(PHONE, drift, slowStep);
        assertThat(typed(List.of(fresh), PHONE, slowerStep)).isEmpty();
        assertThat(typed(List.of(device(PHONE, drift, DeviceCodeMatcher.NEVER_USED)), PHONE, slowerStep))
                .contains(new DeviceCodeMatcher.Match(0, slowerStep));
        // ... though never a step at or before the one it already used.
        assertThat(typed(List.of(recentred), PHONE, slowStep)).isEmpty();
    }

    @Test
    void aDeviceBeyondTheWindowIsRefusedAndTheMeasuredDriftStaysWithinIt() {
        DeviceCodeMatcher.Device device = neverUsed(PHONE);

        assertThat(typed(List.of(device), PHONE, current - 3)).isEmpty();
        assertThat(matcher.driftAfterUse(device, current - 3, WINDOW)).isEqualTo(-WINDOW);
        assertThat(matcher.driftAfterUse(device, current + 5, WINDOW)).isEqualTo(WINDOW);
        assertThat(matcher.driftAfterUse(device, current, WINDOW)).isZero();
    }

    /** A code stays acceptable for 2·(window + drift) + 1 steps; its mark lives one step longer. */
    @Test
    void singleUseMarkOutlivesEveryCheckThatCouldAcceptTheCode() {
        assertThat(DeviceCodeMatcher.singleUseSeconds(device(PHONE, 0, 0), 1)).isEqualTo(30L * (2 * (1 + 1) + 2));
        assertThat(DeviceCodeMatcher.singleUseSeconds(device(PHONE, -3, 0), 1)).isEqualTo(30L * (2 * (1 + 3) + 2));
        assertThat(DeviceCodeMatcher.singleUseSeconds(device(PHONE, 0, 0), 0)).isEqualTo(30L * 2);
    }

    @Test
    void leavesTheSecretsItWasGivenUnchanged() {
        DeviceCodeMatcher.Device device = neverUsed(PHONE);
        matcher.firstMatch(List.of(device), "000000", WINDOW);
        assertThat(Arrays.equals(device.secret(), PHONE)).isTrue();
    }
}

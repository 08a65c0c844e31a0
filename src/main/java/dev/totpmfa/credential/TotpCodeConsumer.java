package dev.totpmfa.credential;

import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.otp.OtpCodes;
import dev.totpmfa.otp.OtpParameters;
import dev.totpmfa.otp.SingleUseLifetime;
import dev.totpmfa.otp.TotpVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Accepts a code at most once per device and time step, cluster-wide:
 * <ol>
 *   <li>the verifier refuses every step at or below the device's persisted {@code lastUsedStep};</li>
 *   <li>a {@code SingleUseObjectProvider.putIfAbsent} keyed by device and step lets exactly one of several
 *       concurrent requests (on any node) through, before the row is touched; it lives as long as any check could
 *       accept the step ({@link SingleUseLifetime});</li>
 *   <li>the winner locks the credential row, re-reads it and records the step only when it is newer than the
 *       one stored, so the code stays refused after the single-use entry expires and a request that matched an
 *       older step at the same moment can never move {@code lastUsedStep} backwards.</li>
 * </ol>
 * Every candidate device is checked even after a match, so timing does not tell which device matched.
 */
final class TotpCodeConsumer {

    private static final Logger LOG = Logger.getLogger(TotpCodeConsumer.class);
    static final String SINGLE_USE_PREFIX = "totp-mfa-used:";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SecretVault vault;
    private final Clock clock;

    TotpCodeConsumer(KeycloakSession session, RealmModel realm, SecretVault vault, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.vault = vault;
        this.clock = clock;
    }

    Optional<TotpCredentialModel> consume(UserModel user, List<TotpCredentialModel> devices, String typedCode,
                                          int window) {
        TotpCredentialModel matchedDevice = null;
        byte[] matchedSecret = null;
        long matchedStep = 0;
        for (TotpCredentialModel device : devices) {
            byte[] secret = openOrNull(user, device);
            OptionalLong step = secret == null ? OptionalLong.empty() : matchStep(device, secret, typedCode, window);
            if (step.isPresent() && matchedDevice == null) {
                matchedDevice = device;
                matchedSecret = secret;
                matchedStep = step.getAsLong();
            } else if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
        if (matchedDevice == null) {
            return Optional.empty();
        }
        try {
            return claim(user, matchedDevice, matchedSecret, matchedStep, window);
        } finally {
            Arrays.fill(matchedSecret, (byte) 0);
        }
    }

    private OptionalLong matchStep(TotpCredentialModel device, byte[] secret, String typedCode, int window) {
        OtpParameters parameters = device.parameters();
        Optional<String> code = OtpCodes.normalize(typedCode, parameters.digits());
        if (code.isEmpty()) {
            return OptionalLong.empty();
        }
        // Centre the window where this device's clock was last seen, so a phone that runs slow or fast keeps
        // working without widening the window; the stored drift is itself bounded by the window.
        Clock deviceClock = Clock.offset(clock,
                Duration.ofSeconds((long) device.driftSteps() * parameters.periodSeconds()));
        return new TotpVerifier(parameters, deviceClock).verify(secret, code.get(), window, device.lastUsedStep());
    }

    private Optional<TotpCredentialModel> claim(UserModel user, TotpCredentialModel matched, byte[] secret, long step,
                                                int window) {
        long lifespanSeconds = SingleUseLifetime.seconds(matched.parameters().periodSeconds(), window,
                matched.driftSteps());
        if (!session.singleUseObjects().putIfAbsent(SINGLE_USE_PREFIX + matched.getId() + ":" + step, lifespanSeconds)) {
            return Optional.empty();
        }
        // Two requests that matched different steps both pass the single-use entry; under the row lock the later
        // one sees the step the earlier one recorded, so lastUsedStep never moves backwards.
        Optional<TotpCredentialModel> locked = new CredentialRows(session).lockAndRead(matched)
                .map(TotpCredentialModel::createFromModel);
        if (locked.isEmpty() || locked.get().lastUsedStep() >= step) {
            return Optional.empty();
        }
        return Optional.of(recordUse(user, locked.get(), secret, step, window));
    }

    private TotpCredentialModel recordUse(UserModel user, TotpCredentialModel device, byte[] secret, long step,
                                          int window) {
        OtpParameters parameters = device.parameters();
        long currentStep = Math.floorDiv(clock.millis() / 1000, parameters.periodSeconds());
        int drift = (int) Math.max(-window, Math.min(window, step - currentStep));
        SealedSecret sealed = vault.resealIfStale(session, realm, SecretVault.binding(realm, user, device),
                device.sealedSecret(), secret);
        TotpCredentialModel used = device.withUse(step, drift, sealed);
        user.credentialManager().updateStoredCredential(used);
        return used;
    }

    private byte[] openOrNull(UserModel user, TotpCredentialModel device) {
        try {
            return vault.open(session, realm, SecretVault.binding(realm, user, device), device.sealedSecret());
        } catch (RuntimeException e) {
            // A device whose secret cannot be opened (key removed too early) must not lock the user out of the
            // others; the admin needs the key id to fix it, and nothing else.
            LOG.errorf("Cannot open the secret of totp-mfa credential %s in realm %s: %s",
                    device.getId(), realm.getName(), e.getMessage());
            return null;
        }
    }
}

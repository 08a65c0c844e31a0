package dev.totpmfa.credential;

import dev.totpmfa.metrics.TotpMfaMetrics;
import dev.totpmfa.otp.DeviceCodeMatcher;
import dev.totpmfa.otp.HmacAlgorithm;
import dev.totpmfa.otp.OtpCodes;
import dev.totpmfa.otp.OtpParameters;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * Accepts codes from devices enrolled with Keycloak's own OTP form ({@code otp} credentials of subtype totp) and,
 * on the first success, moves the device into a sealed {@code totp-mfa} credential with the same label,
 * parameters and secret, removing the built-in one in the same transaction. The step is recorded, so the code
 * that migrated the device cannot log in again, and the code is also marked used where Keycloak's own OTP steps
 * look, so it cannot log in there either. HOTP devices are left alone (Keycloak keeps handling them).
 */
final class BuiltInOtpMigration {

    static final String BUILT_IN_TYPE = OTPCredentialModel.TYPE;
    private static final Logger LOG = Logger.getLogger(BuiltInOtpMigration.class);
    private static final AtomicBoolean HOTP_NOTICE_LOGGED = new AtomicBoolean();

    private final KeycloakSession session;
    private final Clock clock;

    BuiltInOtpMigration(KeycloakSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    static List<CredentialModel> builtInTotpDevices(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(BUILT_IN_TYPE)
                .filter(BuiltInOtpMigration::isTotp)
                .toList();
    }

    /**
     * @param migrate move the device that accepted the code into our credential; when false it stays as it is
     * @return the new sealed device (or, not migrating, the built-in one) when a built-in device accepted the code
     */
    Optional<CredentialModel> verifyAndMigrate(TotpCredentialProvider provider, RealmModel realm, UserModel user,
                                               List<CredentialModel> devices, String typedCode, int window,
                                               boolean migrate) {
        List<OTPCredentialModel> builtIn = devices.stream().map(OTPCredentialModel::createFromCredentialModel).toList();
        // Keycloak's OTP form records neither drift nor a used step: each device is checked around the server's time.
        List<DeviceCodeMatcher.Device> candidates = builtIn.stream()
                .map(device -> new DeviceCodeMatcher.Device(parameters(device), device.getDecodedSecret(), 0,
                        DeviceCodeMatcher.NEVER_USED))
                .toList();
        try {
            Optional<DeviceCodeMatcher.Match> match = new DeviceCodeMatcher(clock).firstMatch(candidates, typedCode,
                    window);
            if (match.isEmpty()) {
                return Optional.empty();
            }
            OTPCredentialModel matched = builtIn.get(match.get().index());
            DeviceCodeMatcher.Device candidate = candidates.get(match.get().index());
            long matchedStep = match.get().step();
            String code = OtpCodes.normalize(typedCode, candidate.parameters().digits()).orElseThrow();
            if (!claim(matched, code, matchedStep, DeviceCodeMatcher.singleUseSeconds(candidate, window))) {
                return Optional.empty();
            }
            if (!migrate) {
                return Optional.of(matched);
            }
            // Two sessions migrating the same device with codes of different steps both get past the claims; the
            // user's state lock lets the first delete the row, and the second then finds it gone.
            UserStateRows.hold(session, realm, user);
            if (new CredentialRows(session).readCommitted(user, List.of(matched)).isEmpty()
                    || !user.credentialManager().removeStoredCredentialById(matched.getId())) {
                return Optional.empty();
            }
            TotpCredentialModel migrated = provider.enrol(realm, user, matched.getUserLabel(),
                    candidate.parameters(), candidate.secret(), matchedStep);
            TotpMfaMetrics.of(session, realm).deviceMigrated();
            return Optional.of(migrated);
        } finally {
            candidates.forEach(candidate -> Arrays.fill(candidate.secret(), (byte) 0));
        }
    }

    /**
     * Marks the code used in our single-use entry (device and step) and in Keycloak's own ({@code <credential
     * id>.<code>}, which Keycloak's OTP form and direct-grant step put and check whenever the realm's policy does not
     * allow reusable codes), so a code used with Keycloak's own OTP steps is refused here, and the other way round.
     * Keycloak's entry is claimed whatever that policy says: a code is accepted once here in any case.
     */
    private boolean claim(OTPCredentialModel device, String code, long step, long lifespan) {
        return SingleUseClaims.claim(session, TotpCodeConsumer.SINGLE_USE_PREFIX + device.getId() + ":" + step,
                lifespan) && SingleUseClaims.claim(session, keycloakSingleUseKey(device, code), lifespan);
    }

    /** The key under which Keycloak 26's {@code OTPCredentialProvider.isValid} marks a used TOTP code. */
    static String keycloakSingleUseKey(CredentialModel device, String code) {
        return device.getId() + "." + code;
    }

    private static OtpParameters parameters(OTPCredentialModel device) {
        var data = device.getOTPCredentialData();
        return new OtpParameters(HmacAlgorithm.fromName(data.getAlgorithm()), data.getDigits(), data.getPeriod());
    }

    /** A device whose data we cannot read (or an algorithm we do not know) is left out: it matches no code. */
    private static boolean isTotp(CredentialModel stored) {
        try {
            OTPCredentialModel device = OTPCredentialModel.createFromCredentialModel(stored);
            boolean totp = OTPCredentialModel.TOTP.equals(device.getOTPCredentialData().getSubType());
            if (totp) {
                parameters(device);
                Arrays.fill(device.getDecodedSecret(), (byte) 0);
            }
            if (!totp && HOTP_NOTICE_LOGGED.compareAndSet(false, true)) {
                LOG.info("keycloak-totp-mfa: counter-based (HOTP) credentials of Keycloak's OTP form are not migrated;"
                        + " Keycloak's own OTP form keeps handling them");
            }
            return totp;
        } catch (RuntimeException e) {
            return false;
        }
    }
}

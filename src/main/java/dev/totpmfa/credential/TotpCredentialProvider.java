package dev.totpmfa.credential;

import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.flow.FlowWatch;
import dev.totpmfa.crypto.SecretBinding;
import dev.totpmfa.names.ProviderIds;
import dev.totpmfa.otp.OtpParameters;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Stores, lists and checks a user's authenticator apps. Checking a code also consumes it: a code is accepted
 * at most once per credential and time step, on every node (see {@link TotpCodeConsumer}).
 */
public final class TotpCredentialProvider extends SealedCredentialProvider<TotpCredentialModel> {

    private static final Logger LOG = Logger.getLogger(TotpCredentialProvider.class);

    /** The required action that enrols a device; the account console offers it as "Set up". */
    public static final String CREATE_ACTION = ProviderIds.SETUP_ACTION;

    /** This session's provider of our credential type (registered by {@link TotpCredentialProviderFactory}). */
    public static TotpCredentialProvider of(KeycloakSession session) {
        return (TotpCredentialProvider) session.getProvider(CredentialProvider.class, TotpCredentialModel.TYPE);
    }

    TotpCredentialProvider(KeycloakSession session, SecretVault vault, Clock clock) {
        super(TotpCredentialModel.TYPE, TotpCredentialModel::createFromModel, session, vault, clock);
    }

    /**
     * Stores a newly verified device. The id is chosen here because it is the associated data of the sealed
     * secret, which must exist before the row does.
     *
     * @param usedStep the step of the code that proved the enrolment, so that code cannot log in again
     */
    public TotpCredentialModel enrol(RealmModel realm, UserModel user, String userLabel, OtpParameters parameters,
                                     byte[] secret, long usedStep) {
        String id = KeycloakModelUtils.generateId();
        SealedSecret sealed = vault.seal(session, realm,
                new SecretBinding(realm.getId(), user.getId(), id, TotpCredentialModel.TYPE), secret);
        TotpCredentialData data = TotpCredentialData.enrolled(parameters, clock.millis(), usedStep);
        return createCredential(realm, user, TotpCredentialModel.create(id, userLabel, data, sealed));
    }

    /**
     * Locks the user's state for the rest of the transaction, so that two enrolments of one user (two sessions posting
     * at the same moment) are stored one after another, and returns the labels of the devices as committed: the
     * second enrolment sees the first one's device even where the user cache has not caught up yet.
     */
    public Set<String> lockForEnrolment(RealmModel realm, UserModel user) {
        UserStateRows.hold(session, realm, user);
        return new HashSet<>(new CredentialRows(session).committedLabels(user, getType()));
    }

    public List<TotpCredentialModel> credentials(UserModel user) {
        return storedRows(user)
                .map(TotpCredentialModel::createFromModel)
                .toList();
    }

    public boolean isConfiguredFor(UserModel user) {
        return storedRows(user).findAny().isPresent();
    }

    /**
     * Checks a typed code against the user's devices (only {@code selectedCredentialId} when it names one of
     * them, otherwise all) and consumes it on success.
     *
     * @param window the realm's look-around window in steps
     * @param acceptBuiltIn also try the user's devices from Keycloak's own OTP form, and migrate the one that
     *                      accepts the code into a sealed {@code totp-mfa} credential unless a sign-in flow of the
     *                      realm still asks for Keycloak's OTP (then it stays where that flow can see it)
     * @return the device that accepted the code, empty for a wrong, reused or malformed code
     */
    public Optional<Accepted> verifyAndConsume(RealmModel realm, UserModel user, String typedCode,
                                               String selectedCredentialId, int window, boolean acceptBuiltIn) {
        List<TotpCredentialModel> devices = credentials(user);
        List<CredentialModel> builtIn = acceptBuiltIn ? BuiltInOtpMigration.builtInTotpDevices(user) : List.of();
        List<TotpCredentialModel> selected = devices.stream()
                .filter(device -> device.getId().equals(selectedCredentialId)).toList();
        List<CredentialModel> selectedBuiltIn = builtIn.stream()
                .filter(device -> device.getId().equals(selectedCredentialId)).toList();
        boolean anySelected = !selected.isEmpty() || !selectedBuiltIn.isEmpty();
        // Asked before the code is consumed: writing the device's use drops the user from Keycloak's user cache for
        // the rest of the request, and every read after it goes to the database. Nearly always false.
        boolean recoveryCodesStale = recoveryCodesStale(realm, user);
        Optional<TotpCredentialModel> accepted = new TotpCodeConsumer(session, realm, vault, clock)
                .consume(user, anySelected ? selected : devices, typedCode, window);
        Optional<Accepted> result;
        if (accepted.isPresent() || builtIn.isEmpty()) {
            result = accepted.map(device -> new Accepted(device, false));
        } else {
            boolean migrate = !FlowWatch.keepsBuiltInOtp(realm);
            result = new BuiltInOtpMigration(session, clock).verifyAndMigrate(this, realm, user,
                    anySelected ? selectedBuiltIn : builtIn, typedCode, window, migrate)
                    .map(device -> new Accepted(device, migrate));
        }
        if (recoveryCodesStale) {
            result.ifPresent(ok -> resealRecoveryCodes(realm, user));
        }
        return result;
    }

    private boolean recoveryCodesStale(RealmModel realm, UserModel user) {
        try {
            return RecoveryCodesCredentialProvider.of(session).hasStaleSet(realm, user);
        } catch (RuntimeException e) {
            // A set that cannot be read is left as it is; the login goes on.
            LOG.errorf("Cannot read the recovery codes of a user in realm %s: %s", realm.getName(), e.getMessage());
            return false;
        }
    }

    /** A successful login also moves the user's recovery-code set to the current format and sealing key. */
    private void resealRecoveryCodes(RealmModel realm, UserModel user) {
        try {
            RecoveryCodesCredentialProvider.of(session).resealIfStale(realm, user);
        } catch (RuntimeException e) {
            // The login itself succeeded; a set that cannot be rewritten stays as it was.
            LOG.errorf("Cannot re-seal the recovery codes of a user in realm %s: %s", realm.getName(),
                    e.getMessage());
        }
    }

    /**
     * The device that accepted a code: one of ours, or one of Keycloak's own OTP form.
     *
     * @param migrated the code came from a device of Keycloak's own OTP form, now moved into {@code device}
     */
    public record Accepted(CredentialModel device, boolean migrated) {
    }

    /** Devices a user can log in with: ours and, when accepted, Keycloak's built-in TOTP devices. */
    public List<CredentialModel> loginDevices(UserModel user, boolean acceptBuiltIn) {
        List<CredentialModel> devices = new java.util.ArrayList<>(credentials(user));
        if (acceptBuiltIn) {
            devices.addAll(BuiltInOtpMigration.builtInTotpDevices(user));
        }
        return devices;
    }

    /** Whether the user has a built-in device that would be migrated at login. */
    public boolean hasBuiltInTotp(UserModel user) {
        return !BuiltInOtpMigration.builtInTotpDevices(user).isEmpty();
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return twoFactorMetadata("totpMfaCredentialDisplayName", "totpMfaCredentialHelpText", "kcAuthenticatorOTPClass")
                .createAction(CREATE_ACTION)
                .build(session);
    }
}

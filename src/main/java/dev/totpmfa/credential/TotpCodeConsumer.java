package dev.totpmfa.credential;

import dev.totpmfa.crypto.SealedSecret;
import dev.totpmfa.otp.DeviceCodeMatcher;
import dev.totpmfa.otp.SingleUseLifetime;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Accepts a code at most once per device and time step, cluster-wide:
 * <ol>
 *   <li>the user's state row is locked ({@link UserStateRows}) and each candidate device's row read as committed
 *       before the code is checked, so that the check uses the device's current drift and {@code lastUsedStep}: the
 *       user cache's copy does not follow a use (below), and a request that waited for the lock sees the step the one
 *       before it recorded;</li>
 *   <li>the verifier refuses every step at or below that {@code lastUsedStep};</li>
 *   <li>a {@code SingleUseObjectProvider.putIfAbsent} keyed by device and step lets exactly one of several
 *       concurrent requests (on any node) through; it lives as long as any check could accept the step
 *       ({@link SingleUseLifetime}); with the lock it is a second guard, and it is the one that Keycloak's own OTP
 *       steps share for built-in devices; given back if the transaction does not commit ({@link SingleUseClaims});</li>
 *   <li>the winner records the step (and the drift) in the device's row, so the code stays refused after the
 *       single-use entry expires and after a restart.</li>
 * </ol>
 * Matching (every device checked, drift, lifetimes) is {@link DeviceCodeMatcher}'s; this class adds the Keycloak
 * side: opening secrets, the single-use store and the credential row.
 */
final class TotpCodeConsumer {

    private static final Logger LOG = Logger.getLogger(TotpCodeConsumer.class);
    static final String SINGLE_USE_PREFIX = "totp-mfa-used:";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SecretVault vault;
    private final DeviceCodeMatcher matcher;
    private final CredentialRows rows;

    TotpCodeConsumer(KeycloakSession session, RealmModel realm, SecretVault vault, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.vault = vault;
        this.matcher = new DeviceCodeMatcher(clock);
        this.rows = new CredentialRows(session);
    }

    Optional<TotpCredentialModel> consume(UserModel user, List<TotpCredentialModel> cached, String typedCode,
                                          int window) {
        // Held already when the login step asked (it locks the user's state before it checks a code): no SQL then.
        if (UserStateRows.lock(session, realm, user).isEmpty()) {
            return Optional.empty();
        }
        List<TotpCredentialModel> devices = rows.readCommitted(user, cached).stream()
                .map(TotpCredentialModel::createFromModel)
                .toList();
        List<DeviceCodeMatcher.Device> candidates = devices.stream()
                .map(device -> new DeviceCodeMatcher.Device(device.parameters(), openOrNull(user, device),
                        device.driftSteps(), device.lastUsedStep()))
                .toList();
        try {
            return matcher.firstMatch(candidates, typedCode, window)
                    .flatMap(match -> claim(user, devices.get(match.index()), candidates.get(match.index()),
                            match.step(), window));
        } finally {
            candidates.stream().map(DeviceCodeMatcher.Device::secret).filter(Objects::nonNull)
                    .forEach(secret -> Arrays.fill(secret, (byte) 0));
        }
    }

    private Optional<TotpCredentialModel> claim(UserModel user, TotpCredentialModel matched,
                                                DeviceCodeMatcher.Device candidate, long step, int window) {
        long lifespanSeconds = DeviceCodeMatcher.singleUseSeconds(candidate, window);
        String mark = SINGLE_USE_PREFIX + matched.getId() + ":" + step;
        if (!SingleUseClaims.claim(session, mark, lifespanSeconds)) {
            return Optional.empty();
        }
        int drift = matcher.driftAfterUse(candidate, step, window);
        return Optional.of(recordUse(user, matched, candidate.secret(), step, drift));
    }

    /** Records the use in the row read by {@link #consume}, under the user's state lock. */
    private TotpCredentialModel recordUse(UserModel user, TotpCredentialModel device, byte[] secret, long step,
                                          int drift) {
        SealedSecret sealed = vault.resealIfStale(session, realm, SecretVault.binding(realm, user, device),
                device.sealedSecret(), secret);
        TotpCredentialModel used = device.withUse(step, drift, sealed);
        // Unless the secret was sealed anew, the row alone is written and Keycloak's user cache keeps the user:
        // otherwise every login would evict them, and the next one load them from the database again. The cached
        // copy then lags behind the row in the step and the drift, which only this class reads, always from the row
        // under its lock; a restarted server starts with no cache.
        boolean secretUnchanged = sealed == device.sealedSecret();
        if (!secretUnchanged || !rows.writeDataPastUserCache(user, used)) {
            user.credentialManager().updateStoredCredential(used);
        }
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

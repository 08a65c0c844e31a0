package dev.totpmfa.lockout;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.LockedUserState;
import dev.totpmfa.credential.UserStateRows;
import dev.totpmfa.names.ProviderIds;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;

/**
 * Keeps the user's {@link LockoutRecord} in their state row ({@link UserStateRows}), written in the request's
 * transaction: it does not depend on the realm's brute-force settings, it outlives Keycloak's login-failure record
 * (failure-reset time, restarts), and every user store holds it (a read-only LDAP too).
 *
 * <p>Why a lock: reading the count, checking a code and recording the failure is check-then-act. Twenty guesses
 * posted in parallel would all read "not locked yet" and all be checked. {@link #begin()} locks the user's state row
 * ({@code SELECT … FOR UPDATE}) until the request's transaction, and with it the recorded failure, has been
 * committed; so each check, on any node, sees the failures of all checks before it. The same lock serialises every
 * other change of the user's factor, so a code check needs no other.
 */
public final class FactorLockout {

    private static final Logger LOG = Logger.getLogger(FactorLockout.class);

    public static final String OTP_CATEGORY = "otp";
    public static final String RECOVERY_CATEGORY = "recovery-authn-codes";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private LockedUserState locked;

    public FactorLockout(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    /**
     * The realm's one lockout policy: the strictest setting of every {@code totp-mfa-form} and
     * {@code totp-mfa-direct-grant} step of the realm (a step without config counts with the defaults).
     */
    public static LockoutPolicy policyOf(RealmModel realm) {
        List<LoginSettings> steps = realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> ProviderIds.LOGIN_FORM.equals(execution.getAuthenticator())
                        || ProviderIds.DIRECT_GRANT.equals(execution.getAuthenticator()))
                .map(execution -> execution.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .map(config -> LoginSettings.parse(config == null ? null : config.getConfig()))
                .toList();
        return LockoutPolicy.strictest(steps);
    }

    /**
     * Locks the user's state for the rest of the request and reads the record as committed: this request's user was
     * loaded, possibly from the user cache, before the previous holder recorded its failure.
     *
     * @return empty when the state cannot be locked: answer without checking a code
     */
    public Optional<LockoutRecord> begin() {
        Optional<LockedUserState> state = UserStateRows.lock(session, realm, user);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        locked = state.get();
        return Optional.of(LockoutRecord.parse(locked.state().lockout()));
    }

    /** A correct code or recovery code ends the run of failures. */
    public void clearAfterSuccess() {
        if (locked.state().lockout() != null) {
            locked.write(locked.state().withLockout(null));
        }
    }

    /**
     * Writes the record in this request's transaction, while the state is locked.
     *
     * @return false when it could not be written: the caller refuses the code all the same (a guess is never free)
     */
    public boolean store(LockoutRecord record) {
        try {
            locked.write(locked.state().withLockout(record.format()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "keycloak-totp-mfa: cannot record a failed code of user %s in realm %s (user storage %s)",
                    user.getId(), realm.getName(), UserStateRows.storageOf(user));
            return false;
        }
        keepUnlockHandle();
        return true;
    }

    /**
     * Keycloak sends the admin event of "Unlock user" (which clears our record, see {@link LockoutUnlockListener})
     * only while it holds a login-failure record of the user. With the realm's brute-force detection on, Keycloak
     * keeps that record itself (and a second writer would overwrite its count). With it off, we keep one that counts
     * nothing: Keycloak stores a record only until its last failure plus the realm's failure-reset time, so the
     * time of the last failure is set, and the record lives as long as Keycloak's own would.
     */
    public void keepUnlockHandle() {
        if (realm.isBruteForceProtected()) {
            return;
        }
        UserLoginFailureModel handle = session.loginFailures().getUserLoginFailure(realm, user.getId());
        if (handle == null) {
            handle = session.loginFailures().addUserLoginFailure(realm, user.getId());
        }
        handle.setLastFailure(Time.currentTimeMillis());
    }

    /**
     * Reports a failed code to the realm's brute-force detection, when it is on, under the code's category (our
     * own count does not depend on it).
     */
    public void reportToRealm(String category) {
        if (realm.isBruteForceProtected()) {
            RealmBruteForce.reportFailure(session, realm, user, category);
        }
    }

    /**
     * An admin's unlock (also the admin API's, and Keycloak's "Unlock user") ends the run of failures; in the
     * admin's transaction, under the user's state lock.
     *
     * @return false when the state could not be locked (nothing changed)
     */
    public static boolean clear(KeycloakSession session, RealmModel realm, UserModel user) {
        Optional<LockedUserState> state = UserStateRows.lock(session, realm, user);
        state.filter(held -> held.state().lockout() != null)
                .ifPresent(held -> held.write(held.state().withLockout(null)));
        return state.isPresent();
    }
}

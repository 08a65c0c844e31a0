package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import dev.totpmfa.credential.CredentialRows;
import java.time.Duration;
import java.util.List;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;

/**
 * Lets one code of a user be checked at a time, cluster-wide, and keeps the user's {@link LockoutRecord} in a user
 * attribute of our own ({@value #ATTRIBUTE}), written in the request's transaction: it does not depend on the
 * realm's brute-force settings, and it outlives Keycloak's login-failure record (failure-reset time, restarts).
 *
 * <p>Why a gate: reading the count, checking a code and recording the failure is check-then-act. Twenty guesses
 * posted in parallel would all read "not locked yet" and all be checked. {@link #tryBegin()} takes a per-user
 * {@code SingleUseObjectProvider} entry (an atomic {@code putIfAbsent} on every node) and gives it back only after
 * the request's transaction, and with it the recorded failure, has
 * been committed; so each check sees the failures of all checks before it. Only the holder removes the entry, and
 * only while it cannot have expired: a request that outlived most of the entry's lifespan leaves it to expire, since
 * another request may hold the gate by then. (Two store operations per attempt: no token to write and read back.) A
 * request waits up to two seconds for the gate; one that still finds it taken is answered "try again in a moment"
 * without a check.
 */
public final class FactorLockout {

    /** User attribute holding the {@link LockoutRecord}; not part of the user profile, so users cannot edit it. */
    public static final String ATTRIBUTE = "totp-mfa-lockout";

    static final String OTP_CATEGORY = "otp";
    static final String RECOVERY_CATEGORY = "recovery-authn-codes";

    private static final String GATE_PREFIX = "totp-mfa-attempt:";
    /** Longer than any request; frees the gate of a node that died while holding it. */
    private static final long GATE_SECONDS = 30;
    /** Well inside the gate's lifespan, whatever the store's clock and the time its write took. */
    private static final Duration GATE_SURELY_OURS = Duration.ofSeconds(GATE_SECONDS - 10);
    private static final Duration GATE_WAIT = Duration.ofSeconds(2);
    private static final Duration GATE_POLL = Duration.ofMillis(20);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    /** The stored record as {@link #record()} read it; null when there was none. */
    private String committedRecord;

    FactorLockout(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    /**
     * The realm's one lockout policy: the strictest setting of every {@code totp-mfa-form} and
     * {@code totp-mfa-direct-grant} step of the realm (a step without config counts with the defaults).
     */
    static LockoutPolicy policyOf(RealmModel realm) {
        List<LoginSettings> steps = realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> TotpLoginAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
                        || DirectGrantTotpAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator()))
                .map(execution -> execution.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .map(config -> LoginSettings.parse(config == null ? null : config.getConfig()))
                .toList();
        return LockoutPolicy.strictest(steps);
    }

    /**
     * Takes this user's gate for the rest of the request.
     *
     * @return false when another request of this user holds it: answer without checking a code
     */
    boolean tryBegin() {
        String gate = GATE_PREFIX + realm.getId() + ":" + user.getId();
        SingleUseObjectProvider store = session.singleUseObjects();
        if (!awaitGate(store, gate)) {
            return false;
        }
        // Taken after the entry was written: the entry is at least this old.
        long takenAt = System.nanoTime();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                release(store, gate, takenAt);
            }

            @Override
            protected void rollbackImpl() {
                release(store, gate, takenAt);
            }
        });
        return true;
    }

    /** Removes the gate while it is surely still this request's; later, it may be another's, and ours expires. */
    private static void release(SingleUseObjectProvider store, String gate, long takenAt) {
        if (System.nanoTime() - takenAt < GATE_SURELY_OURS.toNanos()) {
            store.remove(gate);
        }
    }

    /**
     * Waits a moment for the gate: a user's own next request may arrive before the last one has given it back, and
     * parallel guesses then queue up and are checked (and counted) one after another instead of being turned away.
     */
    private static boolean awaitGate(SingleUseObjectProvider store, String gate) {
        long deadline = System.nanoTime() + GATE_WAIT.toNanos();
        while (!store.putIfAbsent(gate, GATE_SECONDS)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(GATE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * The record as committed (call while holding the gate): this request's user was loaded, possibly from the user
     * cache, before it waited for the gate, so its attributes may predate the failure the previous holder recorded.
     */
    LockoutRecord record() {
        committedRecord = new CredentialRows(session).committedAttribute(user, ATTRIBUTE).orElse(null);
        return LockoutRecord.parse(committedRecord);
    }

    /**
     * A correct code or recovery code ends the run of failures. Decided on the record read by {@link #record()}, not
     * on the user model: by now the code's use has been written, which drops the user from Keycloak's user cache for
     * the rest of the request, and the model would read the attribute from the database again.
     */
    void clearAfterSuccess() {
        if (committedRecord != null) {
            user.removeAttribute(ATTRIBUTE);
        }
    }

    /** Writes the record in this request's transaction, before the gate is given back. */
    void store(LockoutRecord record) {
        user.setSingleAttribute(ATTRIBUTE, record.format());
        keepUnlockHandle();
    }

    /**
     * Keycloak sends the admin event of "Unlock user" (which clears our record, see {@link LockoutUnlockListener})
     * only while it holds a login-failure record of the user. With the realm's brute-force detection on, Keycloak
     * keeps that record itself (and a second writer would overwrite its count). With it off, we keep one that counts
     * nothing: Keycloak stores a record only until its last failure plus the realm's failure-reset time, so the
     * time of the last failure is set, and the record lives as long as Keycloak's own would.
     */
    void keepUnlockHandle() {
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
    void reportToRealm(String category) {
        if (realm.isBruteForceProtected()) {
            RealmBruteForce.reportFailure(session, realm, user, category);
        }
    }

    /** A correct code (or recovery code), or an admin's unlock (also the admin API's), ends the run of failures. */
    public static void clear(UserModel user) {
        if (user.getFirstAttribute(ATTRIBUTE) != null) {
            user.removeAttribute(ATTRIBUTE);
        }
    }
}

package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Lets one code of a user be checked at a time, cluster-wide, and keeps the failure count of this factor in Keycloak's per-user login-failure store (clustered, shared by all
 * browsers and sessions, and cleared by the admin console's "Unlock user"), as its second-factor count.
 *
 * <p>When the realm's brute-force detection is on, Keycloak itself counts a failed TOTP step (our reference
 * category is {@code otp}), so we only count what it does not: recovery-code failures, which we also report to it
 * under {@code recovery-authn-codes}. When detection is off, we count everything ourselves.
 *
 * <p>Why a gate: reading the count, checking a code and recording the failure is check-then-act. Twenty guesses
 * posted in parallel would all read "not locked yet" and all be checked. {@link #tryBegin()} takes a per-user
 * {@code SingleUseObjectProvider} entry (an atomic {@code putIfAbsent} on every node) and gives it back only after
 * the request's transaction, and with it the recorded failure, has been committed; so each check sees the failures
 * of all checks before it. A request waits up to two seconds for the gate; one that still finds it taken is
 * answered "try again in a moment" without a check.
 */
final class FactorLockout {

    static final String OTP_CATEGORY = "otp";
    static final String RECOVERY_CATEGORY = "recovery-authn-codes";

    private static final String GATE_PREFIX = "totp-mfa-attempt:";
    /** Longer than any request; frees the gate of a node that died while holding it. */
    private static final long GATE_SECONDS = 30;
    private static final Duration GATE_WAIT = Duration.ofSeconds(2);
    private static final Duration GATE_POLL = Duration.ofMillis(20);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final LockoutPolicy policy;
    private final Clock clock;

    FactorLockout(KeycloakSession session, RealmModel realm, UserModel user, LoginSettings settings, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.policy = new LockoutPolicy(settings.lockoutFailures(), settings.lockoutTime(),
                settings.maxLockoutTime());
        this.clock = clock;
    }

    /**
     * Takes this user's gate for the rest of the request.
     *
     * @return false when another request of this user holds it: answer without checking a code
     */
    boolean tryBegin() {
        // The login-failure store enlists its own transaction when first used; it must commit before the gate is
        // given back, so it is enlisted first.
        session.loginFailures();
        String gate = GATE_PREFIX + realm.getId() + ":" + user.getId();
        if (!awaitGate(gate)) {
            return false;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.singleUseObjects().remove(gate);
            }

            @Override
            protected void rollbackImpl() {
                session.singleUseObjects().remove(gate);
            }
        });
        return true;
    }

    /**
     * Waits a moment for the gate: a user's own next request may arrive before the last one has given it back, and
     * parallel guesses then queue up and are checked (and counted) one after another instead of being turned away.
     */
    private boolean awaitGate(String gate) {
        long deadline = System.nanoTime() + GATE_WAIT.toNanos();
        while (!session.singleUseObjects().putIfAbsent(gate, GATE_SECONDS)) {
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

    LockoutPolicy.State state() {
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        if (failures == null) {
            return new LockoutPolicy.Open();
        }
        return policy.evaluate(failures.getNumSecondaryAuthFailures(), Instant.ofEpochMilli(failures.getLastFailure()),
                clock.instant());
    }

    /**
     * Records a failed code. A TOTP failure is also reported to the realm's brute-force detection by the flow
     * itself (failure challenge); a recovery-code failure is reported here.
     */
    void recordFailure(String category) {
        boolean realmCounts = realm.isBruteForceProtected();
        if (realmCounts && RECOVERY_CATEGORY.equals(category)) {
            session.getProvider(BruteForceProtector.class).failedLogin(realm, user,
                    session.getContext().getConnection(), session.getContext().getUri(), Set.of(RECOVERY_CATEGORY));
        }
        if (!realmCounts || RECOVERY_CATEGORY.equals(category)) {
            UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
            if (failures == null) {
                failures = session.loginFailures().addUserLoginFailure(realm, user.getId());
            }
            failures.incrementSecondaryAuthFailures();
            failures.setLastFailure(clock.millis());
            failures.setLastIPFailure(session.getContext().getConnection().getRemoteAddr());
        }
    }

    /** A correct code (or recovery code) ends the run of consecutive failures. */
    void reset() {
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        if (failures != null) {
            failures.clearPrimaryAndSecondaryAuthFailures();
        }
    }
}

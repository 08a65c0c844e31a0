package dev.totpmfa.login;

import dev.totpmfa.config.LoginSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Keeps the failure count of this factor in Keycloak's per-user login-failure store (clustered, shared by all
 * browsers and sessions, and cleared by the admin console's "Unlock user"), as its second-factor count.
 *
 * <p>When the realm's brute-force detection is on, Keycloak itself counts a failed TOTP step (our reference
 * category is {@code otp}), so we only count what it does not: recovery-code failures, which we also report to it
 * under {@code recovery-authn-codes}. When detection is off, we count everything ourselves.
 */
final class FactorLockout {

    static final String OTP_CATEGORY = "otp";
    static final String RECOVERY_CATEGORY = "recovery-authn-codes";

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

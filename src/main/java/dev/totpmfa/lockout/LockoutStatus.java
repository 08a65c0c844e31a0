package dev.totpmfa.lockout;

import dev.totpmfa.config.RealmOtpPolicy;
import java.time.Instant;
import org.keycloak.models.RealmModel;

/**
 * Where a user's factor lockout stands, for admins: read from the stored record with the realm's one policy and
 * window, as the login steps read it, so an admin sees "locked" exactly when a code of the user would be refused
 * unchecked.
 */
public final class LockoutStatus {

    private final AttemptRules rules;

    private LockoutStatus(AttemptRules rules) {
        this.rules = rules;
    }

    public static LockoutStatus of(RealmModel realm) {
        return new LockoutStatus(new AttemptRules(FactorLockout.policyOf(realm), RealmOtpPolicy.window(realm)));
    }

    /**
     * @param stored  the lockout record of the user's state, null when the user has none
     * @param devices the user's authenticator apps (a guess is tried against each)
     */
    public LockoutPolicy.State stateOf(String stored, int devices, Instant now) {
        return rules.admitCode(LockoutRecord.parse(stored), rules.codeWeight(false, devices), now);
    }
}

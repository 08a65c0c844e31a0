package dev.totpmfa.login;

import dev.totpmfa.lockout.LockoutPolicy;
import org.keycloak.credential.CredentialModel;

/** What one attempt at the second factor came to. The steps only turn it into a page or an OAuth error. */
sealed interface CodeAttemptOutcome {

    /** Nothing was typed: no code evaluated, nothing counted. */
    record Missing() implements CodeAttemptOutcome {
    }

    /** Another attempt of the user was being checked: no code evaluated, nothing counted. */
    record Busy() implements CodeAttemptOutcome {
    }

    /** Our lockout (a wait or the ceiling): no code evaluated, nothing counted. */
    record Locked(LockoutPolicy.State state) implements CodeAttemptOutcome {
    }

    /**
     * The realm's brute-force detection reports the user disabled ({@code user_temporarily_disabled} or
     * {@code user_disabled}): no code evaluated, nothing counted.
     */
    record RealmLocked(String eventError) implements CodeAttemptOutcome {
    }

    /** An authenticator code was accepted by {@code device}. */
    record Accepted(CredentialModel device) implements CodeAttemptOutcome {
    }

    /**
     * A recovery code was accepted; {@code remaining} codes are left, and {@code newSetRequested} says whether the
     * user was asked to make a new set.
     */
    record RecoveryAccepted(int remaining, boolean newSetRequested) implements CodeAttemptOutcome {
    }

    /** The code was evaluated and refused; the failure is counted. */
    record Rejected() implements CodeAttemptOutcome {
    }
}

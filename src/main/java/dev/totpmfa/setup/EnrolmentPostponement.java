package dev.totpmfa.setup;

import dev.totpmfa.config.EnrolmentGrace;
import dev.totpmfa.credential.CredentialRows;
import dev.totpmfa.credential.LockedUserState;
import dev.totpmfa.credential.SecondFactors;
import dev.totpmfa.credential.TotpCredentialModel;
import dev.totpmfa.credential.UserState;
import dev.totpmfa.credential.UserStateRows;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Set up later" on the setup page: while the realm's {@link EnrolmentGrace} allows it, a user with no second factor
 * of any kind may finish this login without one. The count of postponements lives in the user's state row
 * ({@link UserStateRows}), so it follows the user across sessions, browsers and nodes, in every user store.
 *
 * <p>Never offered when the user already has a factor (they prove it, they do not skip it), when the user started
 * the setup themselves ({@code kc_action}: they can cancel), or in a step-up flow: there Keycloak counts the level
 * as reached once the action completes, and a postponement would give that level for the password alone.
 */
public final class EnrolmentPostponement {

    private EnrolmentPostponement() {
    }

    /** What the page may offer now; not offered means the button is not shown. */
    static Optional<EnrolmentGrace.Standing> offer(RequiredActionContext context, EnrolmentGrace grace,
                                                   Instant now) {
        if (!grace.configured() || !eligible(context)) {
            return Optional.empty();
        }
        // Read without the lock: only what is shown; the post decides again under the lock.
        EnrolmentGrace.Standing standing = grace.standing(
                UserStateRows.peek(context.getSession(), context.getUser()).graceUsed(), now);
        return standing.mayPostpone() ? Optional.of(standing) : Optional.empty();
    }

    /**
     * Takes one postponement, or none. Under the user's state lock, so two logins of one user (on any node) take
     * them one after the other: the second reads the count the first committed, and the last one is taken once.
     *
     * @return the standing before this postponement, empty when it is not allowed (nothing changed then)
     */
    static Optional<EnrolmentGrace.Standing> take(RequiredActionContext context, EnrolmentGrace grace, Instant now) {
        if (!grace.configured() || !eligible(context)) {
            return Optional.empty();
        }
        UserModel user = context.getUser();
        Optional<LockedUserState> locked = UserStateRows.lock(context.getSession(), context.getRealm(), user);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        CredentialRows rows = new CredentialRows(context.getSession());
        // A device enrolled a moment ago in another session of the user is seen here, as committed.
        if (!rows.committedIds(user, TotpCredentialModel.TYPE).isEmpty()
                || !rows.committedIds(user, OTPCredentialModel.TYPE).isEmpty()) {
            return Optional.empty();
        }
        UserState state = locked.get().state();
        EnrolmentGrace.Standing standing = grace.standing(state.graceUsed(), now);
        if (!standing.mayPostpone()) {
            return Optional.empty();
        }
        locked.get().write(state.withGraceUsed(state.graceUsed() + 1));
        return Optional.of(standing);
    }

    private static boolean eligible(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return authSession != null
                && authSession.getClientNote(Constants.KC_ACTION) == null
                && authSession.getAuthNote(Constants.LEVEL_OF_AUTHENTICATION) == null
                && !SecondFactors.any(context.getSession(), context.getUser());
    }
}

package dev.totpmfa.setup;

import dev.totpmfa.config.EnrolmentGrace;
import dev.totpmfa.credential.CredentialRows;
import dev.totpmfa.credential.SecondFactors;
import dev.totpmfa.credential.TotpCredentialModel;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Set up later" on the setup page: while the realm's {@link EnrolmentGrace} allows it, a user with no second factor
 * of any kind may finish this login without one. The count of postponements lives in a user attribute of our own
 * ({@value #ATTRIBUTE}), so it follows the user across sessions, browsers and nodes.
 *
 * <p>Never offered when the user already has a factor (they prove it, they do not skip it), when the user started
 * the setup themselves ({@code kc_action}: they can cancel), or in a step-up flow: there Keycloak counts the level
 * as reached once the action completes, and a postponement would give that level for the password alone.
 */
public final class EnrolmentPostponement {

    /** User attribute: how many times the user chose "Set up later"; not in the user profile, users cannot edit it. */
    public static final String ATTRIBUTE = "totp-mfa-grace-used";

    private EnrolmentPostponement() {
    }

    /** What the page may offer now; not offered means the button is not shown. */
    static Optional<EnrolmentGrace.Standing> offer(RequiredActionContext context, EnrolmentGrace grace,
                                                   Instant now) {
        if (!grace.configured() || !eligible(context)) {
            return Optional.empty();
        }
        EnrolmentGrace.Standing standing = grace.standing(
                EnrolmentGrace.parseUsed(context.getUser().getFirstAttribute(ATTRIBUTE)), now);
        return standing.mayPostpone() ? Optional.of(standing) : Optional.empty();
    }

    /**
     * Takes one postponement, or none. Under a lock of the user's row, so two logins of one user (on any node) take
     * them one after the other: the second reads the count the first committed, and the last one is taken once.
     *
     * @return the standing before this postponement, empty when it is not allowed (nothing changed then)
     */
    static Optional<EnrolmentGrace.Standing> take(RequiredActionContext context, EnrolmentGrace grace, Instant now) {
        if (!grace.configured() || !eligible(context)) {
            return Optional.empty();
        }
        UserModel user = context.getUser();
        CredentialRows rows = new CredentialRows(context.getSession());
        rows.lockUserForUpdate(user);
        // A device enrolled a moment ago in another session of the user is seen here, as committed.
        if (!rows.committedIds(user, TotpCredentialModel.TYPE).isEmpty()
                || !rows.committedIds(user, OTPCredentialModel.TYPE).isEmpty()) {
            return Optional.empty();
        }
        int used = EnrolmentGrace.parseUsed(rows.committedAttribute(user, ATTRIBUTE).orElse(null));
        EnrolmentGrace.Standing standing = grace.standing(used, now);
        if (!standing.mayPostpone()) {
            return Optional.empty();
        }
        user.setSingleAttribute(ATTRIBUTE, Integer.toString(used + 1));
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

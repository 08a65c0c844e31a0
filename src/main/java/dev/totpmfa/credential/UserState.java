package dev.totpmfa.credential;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.totpmfa.config.EnrolmentGrace;
import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import org.keycloak.util.JsonSerialization;

/**
 * What we keep of a user besides their credentials, in the public data of their state row ({@link UserStateRows}):
 * the lockout record (its own text format, read by the lockout package) and how many times enrolment was postponed.
 *
 * @param lockout the lockout record as text; null when the user has no failure since their last success
 * @param graceUsed "Set up later" taken so far; -1 when an earlier release's count could not be read (none allowed)
 * @param revision how many times the row was written: of two rows of one user (two first uses at the same moment
 *        on two nodes), the one written more often holds the newer lockout record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserState(String lockout, int graceUsed, long revision) {

    /** Nothing recorded yet. */
    public static final UserState EMPTY = new UserState(null, 0, 0);

    @JsonCreator
    public UserState(@JsonProperty("lockout") String lockout, @JsonProperty("graceUsed") int graceUsed,
                     @JsonProperty("revision") long revision) {
        this.lockout = lockout == null || lockout.isBlank() ? null : lockout;
        // -1: unreadable, which allows no postponement (EnrolmentGrace.parseUsed).
        this.graceUsed = Math.max(-1, graceUsed);
        this.revision = Math.max(0, revision);
    }

    /**
     * The state as the user attributes of releases before the state row held it: the lockout record as it was
     * written, and the count of postponements read as those releases read it (a value that is not a plain number
     * allows no postponement: {@link EnrolmentGrace#parseUsed}).
     */
    public static UserState fromLegacy(String lockoutAttribute, String graceAttribute) {
        return new UserState(lockoutAttribute, EnrolmentGrace.parseUsed(graceAttribute), 0);
    }

    public UserState withLockout(String record) {
        return new UserState(record, graceUsed, revision + 1);
    }

    public UserState withGraceUsed(int used) {
        return new UserState(lockout, used, revision + 1);
    }

    /**
     * One state out of several rows of a user: the lockout record of the row written most often (the lowest id first
     * among equals, as the rows are given), and the highest postponement count, so no failure and no postponement is
     * lost.
     */
    public static UserState merge(Collection<UserState> rows) {
        UserState newest = rows.stream().max(Comparator.comparingLong(UserState::revision)).orElse(EMPTY);
        // An unreadable count (-1) allows nothing, whatever another row says.
        int graceUsed = rows.stream().anyMatch(row -> row.graceUsed() < 0) ? -1
                : rows.stream().mapToInt(UserState::graceUsed).max().orElse(0);
        long revision = rows.stream().mapToLong(UserState::revision).sum();
        return new UserState(newest.lockout(), graceUsed, revision);
    }

    public static UserState parse(String credentialData) {
        if (credentialData == null || credentialData.isBlank()) {
            return EMPTY;
        }
        try {
            return JsonSerialization.readValue(credentialData, UserState.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable totp-mfa user state", e);
        }
    }

    String format() {
        try {
            return JsonSerialization.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.totpmfa.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How long a user without a second factor may put off setting one up ({@code grace-logins}, {@code grace-until}),
 * and whether a user who has postponed {@code used} times may postpone once more.
 *
 * <p>Both limits hold together: with both set, the user may postpone while postponements remain and the day has
 * not passed; with one set, that one decides; with neither (the default), never. The day ends at midnight UTC, the
 * same instant for every node and every user, whatever their time zone.
 *
 * @param logins postponements allowed in all; 0 means the count sets no limit (or, alone, that there is no grace)
 * @param until  last day on which postponing is allowed, null for no date limit
 */
public record EnrolmentGrace(int logins, LocalDate until) {

    /** No grace: the setup cannot be skipped. */
    public static final EnrolmentGrace NONE = new EnrolmentGrace(0, null);

    public EnrolmentGrace {
        if (logins < 0) {
            throw new IllegalArgumentException("logins must not be negative");
        }
    }

    /** Whether an admin set any grace at all. */
    public boolean configured() {
        return logins > 0 || until != null;
    }

    /** The first instant at which {@link #until} has passed, if set. */
    public Optional<Instant> endsAt() {
        return Optional.ofNullable(until).map(day -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /**
     * Where a user stands.
     *
     * @param used postponements the user has taken so far; negative (a damaged record) counts as none left
     */
    public Standing standing(int used, Instant now) {
        if (!configured()) {
            return new Standing(false, OptionalInt.empty(), Optional.empty());
        }
        OptionalInt left = logins > 0 ? OptionalInt.of(used < 0 ? 0 : Math.max(0, logins - used)) : OptionalInt.empty();
        boolean countAllows = left.isEmpty() || left.getAsInt() > 0;
        boolean dateAllows = endsAt().map(now::isBefore).orElse(true);
        return new Standing(countAllows && dateAllows && used >= 0, left, Optional.ofNullable(until));
    }

    /**
     * @param mayPostpone whether "Set up later" is allowed now
     * @param left        postponements left before this one, when {@code grace-logins} is set
     * @param until       the last day of the grace, when {@code grace-until} is set
     */
    public record Standing(boolean mayPostpone, OptionalInt left, Optional<LocalDate> until) {

        /** Postponements left once this one is taken; empty when the count sets no limit. */
        public OptionalInt leftAfterPostponing() {
            return left.isPresent() ? OptionalInt.of(Math.max(0, left.getAsInt() - 1)) : OptionalInt.empty();
        }
    }

    /**
     * The stored count of postponements; anything that is not a plain non-negative number (a damaged or hand-edited
     * value) reads as -1, which allows no further postponement: fail closed.
     */
    public static int parseUsed(String stored) {
        if (stored == null || stored.isEmpty()) {
            return 0;
        }
        if (stored.length() > 9 || !stored.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(stored);
    }
}

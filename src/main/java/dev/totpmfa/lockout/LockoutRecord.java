package dev.totpmfa.lockout;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durable state of a user's factor lockout: consecutive failures (they set the wait), codes covered by those
 * failures ({@link GuessBudget}), and when the last one happened. Kept as text in the user's state row (before it, in a
 * user attribute, in the same format), so it survives Keycloak's failure-reset time and a restart of every node, and
 * it is written in the request's own transaction.
 *
 * <p>Format {@code v1:<failures>:<codes covered>:<last failure, epoch ms>}. A value that cannot be read counts as
 * a spent budget: a damaged record must never unlock a factor.
 */
public record LockoutRecord(int failures, int spent, Instant lastFailure) {

    /** No failure since the last success. */
    public static final LockoutRecord NONE = new LockoutRecord(0, 0, Instant.EPOCH);

    private static final Pattern FORMAT = Pattern.compile("v1:(\\d{1,6}):(\\d{1,9}):(\\d{1,15})");

    public LockoutRecord {
        if (failures < 0 || spent < 0 || lastFailure == null) {
            throw new IllegalArgumentException("negative lockout record");
        }
    }

    /** @param stored the attribute's value; null when the user has none */
    public static LockoutRecord parse(String stored) {
        if (stored == null || stored.isEmpty()) {
            return NONE;
        }
        Matcher matcher = FORMAT.matcher(stored);
        if (!matcher.matches()) {
            return new LockoutRecord(GuessBudget.GUESSES, GuessBudget.CODES, Instant.EPOCH);
        }
        return new LockoutRecord(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Instant.ofEpochMilli(Long.parseLong(matcher.group(3))));
    }

    public String format() {
        return "v1:" + failures + ":" + spent + ":" + lastFailure.toEpochMilli();
    }

    /** The record after one more failed guess worth {@code weight} codes (0 for a recovery code). */
    public LockoutRecord afterFailure(int weight, Instant at) {
        return new LockoutRecord(Math.min(failures + 1, 999_999),
                (int) Math.min((long) spent + weight, GuessBudget.CODES * 10L), at);
    }
}

package dev.totpmfa.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL {@code LIKE} patterns that find a recovery-code set with few codes left by its public JSON
 * ({@code "remaining":N}, written by Jackson without spaces in every format so far), so the database answers
 * "which users are low" without a JSON function (H2, PostgreSQL, MariaDB and the others differ there) and without
 * loading any row into memory.
 */
final class RemainingCodesPattern {

    private RemainingCodesPattern() {
    }

    /** One pattern for each count from 0 to {@code threshold}, each followed by the next field or the end. */
    static List<String> atMost(int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("negative threshold");
        }
        List<String> patterns = new ArrayList<>();
        for (int remaining = 0; remaining <= threshold; remaining++) {
            patterns.add("%\"remaining\":" + remaining + ",%");
            patterns.add("%\"remaining\":" + remaining + "}%");
        }
        return patterns;
    }
}

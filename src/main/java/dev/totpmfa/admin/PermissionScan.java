package dev.totpmfa.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The per-user test of {@code GET users} for an admin whom fine-grained admin permissions restrict, with a budget:
 * at most {@code limit} users are tested in one call (each test reads the user and evaluates the admin's
 * permissions), so that no request, whatever its {@code first}, walks every user of a large realm. When the budget
 * is spent the test throws {@link Stopped}, and the users found visible so far make the page.
 */
final class PermissionScan implements Predicate<String> {

    /** Users tested per call unless the server sets {@code users-scan-limit}. */
    static final int DEFAULT_LIMIT = 5000;

    /** Thrown by the test that would exceed the budget. */
    static final class Stopped extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Stopped() {
            super("users-scan-limit reached", null, false, false);
        }
    }

    private final Predicate<String> canView;
    private final int limit;
    private final List<String> visible = new ArrayList<>();
    private int tested;

    PermissionScan(Predicate<String> canView, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("users-scan-limit must be 1 or more");
        }
        this.canView = canView;
        this.limit = limit;
    }

    @Override
    public boolean test(String userId) {
        if (tested == limit) {
            throw new Stopped();
        }
        tested++;
        boolean shown = canView.test(userId);
        if (shown) {
            visible.add(userId);
        }
        return shown;
    }

    /** How many users were tested. */
    int tested() {
        return tested;
    }

    /** The ids of the page among the visible users found before the budget ran out, in list order. */
    List<String> page(Paging paging) {
        int from = Math.min(paging.first(), visible.size());
        return List.copyOf(visible.subList(from, Math.min(visible.size(), from + paging.max())));
    }
}

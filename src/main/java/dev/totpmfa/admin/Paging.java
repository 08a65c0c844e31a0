package dev.totpmfa.admin;

/**
 * The {@code first} and {@code max} of a list request, checked: a negative offset or a page past {@link #LARGEST}
 * is refused rather than quietly changed, so a client never mistakes a shortened page for the end of the list.
 */
record Paging(int first, int max) {

    static final int DEFAULT_MAX = 100;
    static final int LARGEST = 1000;

    Paging {
        if (first < 0) {
            throw new IllegalArgumentException("first must be 0 or more");
        }
        if (max < 1 || max > LARGEST) {
            throw new IllegalArgumentException("max must be between 1 and " + LARGEST);
        }
    }

    static Paging of(Integer first, Integer max) {
        return new Paging(first == null ? 0 : first, max == null ? DEFAULT_MAX : max);
    }
}

package dev.totpmfa.it.load;

import java.util.Arrays;

/** Client-side times of one kind of request, in nanoseconds, for percentiles (nearest rank). */
final class Latencies {

    private long[] nanos = new long[1024];
    private int size;

    synchronized void add(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    synchronized void addAll(Latencies other) {
        long[] theirs;
        int count;
        synchronized (other) {
            theirs = Arrays.copyOf(other.nanos, other.size);
            count = other.size;
        }
        for (int i = 0; i < count; i++) {
            add(theirs[i]);
        }
    }

    synchronized int count() {
        return size;
    }

    /** The q-quantile in milliseconds; NaN when nothing was recorded. */
    synchronized double percentileMillis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
    }
}

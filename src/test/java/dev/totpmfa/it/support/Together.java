package dev.totpmfa.it.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Races for the single-use and lockout tests: many sessions send their request at the same moment. Each task gets
 * a thread of its own and waits at a start gate until every thread stands there, so the requests really overlap
 * instead of following the order in which the threads happened to start.
 */
public final class Together {

    private static final long READY_SECONDS = 30;
    private static final long ANSWER_SECONDS = 120;

    private Together() {
    }

    /** Runs {@code action} for every item at the same moment; the results in the order of {@code items}. */
    public static <T, R> List<R> atOnce(List<T> items, Action<T, R> action) {
        CountDownLatch ready = new CountDownLatch(items.size());
        CountDownLatch start = new CountDownLatch(1);
        return run(items, item -> {
            ready.countDown();
            start.await();
            return action.apply(item);
        }, () -> {
            if (!ready.await(READY_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not all " + items.size() + " threads reached the start gate");
            }
            start.countDown();
        });
    }

    /** The same for requests that differ (e.g. one code sent to two endpoints); the results in order. */
    @SafeVarargs
    public static <R> List<R> atOnce(Callable<R>... requests) {
        return atOnce(List.of(requests), Callable::call);
    }

    /** Runs {@code action} for every item in parallel, without a gate: the preparation of a race (the logins). */
    public static <T, R> List<R> inParallel(List<T> items, Action<T, R> action) {
        return run(items, action, () -> {
        });
    }

    /** {@code count} results of {@code task} made in parallel, e.g. sessions already past the password. */
    public static <R> List<R> inParallel(int count, Callable<R> task) {
        return inParallel(Collections.nCopies(count, task), Callable::call);
    }

    private static <T, R> List<R> run(List<T> items, Action<T, R> action, Gate gate) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, items.size()));
        try {
            List<Future<R>> pending = new ArrayList<>();
            for (T item : items) {
                pending.add(pool.submit(() -> action.apply(item)));
            }
            gate.open();
            List<R> results = new ArrayList<>();
            for (Future<R> result : pending) {
                results.add(result.get(ANSWER_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + ANSWER_SECONDS + " s", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }

    /** What one thread does with its item; may throw, the failure reaches the test. */
    @FunctionalInterface
    public interface Action<T, R> {
        R apply(T item) throws Exception;
    }

    private interface Gate {
        void open() throws InterruptedException;
    }
}

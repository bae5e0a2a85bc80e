package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits for connector instances and tasks to stop, on a thread of the worker's, never the herder's: a short patience,
 * so that a healthy instance stops completely (offsets committed) before its next generation starts; one still
 * running then is abandoned at once (its status no longer reported, a source task's producer closed, so that it cannot
 * write beside its successor) and waited for further until the graceful timeout, when it is given up. The threads
 * each one left running are counted ({@link LingeringThreads}). Whoever must not go on before that (the next
 * generation, a revocation) waits for the stage {@link #stop} answers.
 */
final class InstanceStops {

    /** How long the herder waits for stopping instances before it goes on: well below the REST answer bound. */
    static final long PATIENCE_MS = 1_000;
    /** How long a stopped instance's threads get to end in the background before they count as left running. */
    private static final long SETTLE_MS = 1_000;

    /** A connector instance or task asked to stop. */
    interface Stopping {
        String connector();

        PluginThreads threads();

        boolean awaitStop(long timeoutMs);

        /** The herder goes on without it: it reports nothing more, and can no longer write. */
        void abandon();

        /** It did not stop within the graceful timeout: say so. */
        void gaveUp();
    }

    private final LingeringThreads lingering;
    private final ExecutorService background;

    InstanceStops(LingeringThreads lingering, ExecutorService background) {
        this.lingering = lingering;
        this.background = background;
    }

    /**
     * Waits, in the background, up to {@code patienceMs} (at most {@code gracefulMs}) for {@code stopping}; what has
     * not stopped by then is abandoned and waited for until {@code gracefulMs} has passed. The stage completes once
     * each has stopped, its threads counted, or been abandoned.
     */
    CompletableFuture<Void> stop(List<? extends Stopping> stopping, long gracefulMs, long patienceMs) {
        if (stopping.stream().allMatch(instance -> instance.threads() == null)) {
            return CompletableFuture.completedFuture(null);
        }
        List<Stopping> instances = List.copyOf(stopping);
        return CompletableFuture.runAsync(() -> await(instances, gracefulMs, patienceMs), background);
    }

    private void await(List<Stopping> stopping, long gracefulMs, long patienceMs) {
        long started = System.nanoTime();
        long patience = started + TimeUnit.MILLISECONDS.toNanos(Math.min(patienceMs, gracefulMs));
        long graceful = started + TimeUnit.MILLISECONDS.toNanos(gracefulMs);
        List<Stopping> stopped = new ArrayList<>();
        for (Stopping instance : stopping) {
            if (instance.threads() == null) {
                continue; // never started
            }
            if (instance.awaitStop(remainingMs(patience))) {
                stopped.add(instance);
            } else {
                instance.abandon();
                background.execute(() -> {
                    if (!instance.awaitStop(remainingMs(graceful))) {
                        instance.gaveUp();
                    }
                    lingering.stopped(instance.connector(), instance.threads(), SETTLE_MS);
                });
            }
        }
        // Counted before the stage completes, so that a restart right after sees what the last generation left.
        for (Stopping instance : stopped) {
            lingering.stopped(instance.connector(), instance.threads(), Math.max(remainingMs(patience), 100));
        }
    }

    /**
     * Counts, in the background, the threads a task whose assembly failed left in its group: a converter's or
     * transformation's {@code configure()} or {@code close()} abandoned at its deadline. Nothing when it had none.
     */
    void assemblyFailed(String connector, PluginThreads threads) {
        if (threads != null) {
            background.execute(() -> lingering.stopped(connector, threads, SETTLE_MS));
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}

package io.fluxgate.runtime.worker;

import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.task.StallDetector;
import io.fluxgate.runtime.task.WorkerTask;

/**
 * One daemon thread per worker that looks at its running tasks about every second and has each report whether it is
 * stalled ({@link WorkerTask#checkStall}). A thread of its own, rather than the task threads themselves: a stalled
 * task's thread is the one that cannot report anything.
 */
final class StallWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

    private final StallDetector detector;
    private final Supplier<Collection<WorkerTask>> tasks;
    private final ScheduledExecutorService timer;

    /** Looks at {@code tasks} every second, or every half timeout when that is shorter (tests use short ones). */
    StallWatch(long timeoutMs, Supplier<Collection<WorkerTask>> tasks) {
        this.detector = new StallDetector(timeoutMs);
        this.tasks = tasks;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fluxgate-stall-watch");
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(100, Math.min(1_000, timeoutMs / 2));
        timer.scheduleWithFixedDelay(this::lookAtTasks, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void lookAtTasks() {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (WorkerTask task : tasks.get()) {
            try {
                task.checkStall(detector, nowNanos, nowMillis);
            } catch (RuntimeException e) {
                // a status store that throws must not end the watch (a scheduled task that throws is not rerun)
                LOG.warn("Could not report whether {} is stalled", task, e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package io.fluxgate.runtime.task;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * Commits the offsets of every source task every {@code offset.flush.interval.ms}, on one thread of its own, as
 * Kafka Connect's {@code SourceTaskOffsetCommitter}: a slow flush delays the next, never the tasks' polling.
 */
public final class OffsetCommitScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitScheduler.class);

    private final long intervalMs;
    private final ScheduledExecutorService executor;
    private final Map<ConnectorTaskId, ScheduledFuture<?>> commits = new ConcurrentHashMap<>();

    public OffsetCommitScheduler(long intervalMs) {
        this.intervalMs = intervalMs;
        // Its thread is made at the first schedule, on a task's thread: in the worker's group, not that task's.
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(group, r, "SourceTaskOffsetCommitter");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void schedule(AbstractWorkerSourceTask task) {
        long interval = Math.max(intervalMs, 1);
        commits.put(task.id(), executor.scheduleWithFixedDelay(() -> commit(task), interval, interval,
                TimeUnit.MILLISECONDS));
    }

    /**
     * Stops committing for the task. A commit in progress finishes on its own; the task's final commit waits for it
     * (the task serializes its commits).
     */
    public void remove(ConnectorTaskId id) {
        ScheduledFuture<?> commit = commits.remove(id);
        if (commit != null) {
            commit.cancel(false);
        }
    }

    private static void commit(AbstractWorkerSourceTask task) {
        try {
            if (task.shouldCommitOffsets()) {
                task.commitOffsets();
            }
        } catch (Throwable t) {
            LOG.error("{} Unhandled exception when committing offsets", task, t);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

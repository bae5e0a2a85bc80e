package io.fluxgate.runtime.worker;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.isolation.PluginCloser;

/**
 * The worker's {@link PluginCloser} for one task: each {@code close()} of its converters, transformations and
 * predicates runs on a thread of the task's group ({@link PluginCallDeadline}), and the caller (the task's thread as it
 * stops, or the herder's when the task's assembly failed) waits for them all together at most {@code budgetMs},
 * counted from the first close. A close still running then is abandoned: logged, its thread interrupted and left to
 * end on its own, counted among the threads the connector left running. Nobody needs what a close() returns, so
 * nobody waits longer than the herder waits for a stopping task.
 */
final class TaskPluginCloses implements PluginCloser {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPluginCloses.class);
    /** What each close gets once the budget is spent: enough for a close that does nothing much. */
    private static final long LEAST_WAIT_MS = 100;

    private final PluginCallDeadline calls;
    private final PluginThreads threads;
    private final long budgetMs;
    /** When the budget ends; set by the first close (a task's closes run one after the other, on one thread). */
    private volatile long deadlineNanos;
    private volatile boolean started;

    TaskPluginCloses(PluginCallDeadline calls, PluginThreads threads, long budgetMs) {
        this.calls = calls;
        this.threads = threads;
        this.budgetMs = budgetMs;
    }

    @Override
    public void close(String what, AutoCloseable plugin) {
        if (!started) {
            deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs);
            started = true;
        }
        long waitMs = Math.max(LEAST_WAIT_MS, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        try {
            calls.call(threads, what, waitMs, () -> {
                plugin.close();
                return null;
            });
        } catch (PluginCallDeadline.Abandoned logged) {
            // PluginCallDeadline said so, and says it again if the close ever returns
        } catch (RuntimeException e) {
            LOG.warn("{} Could not {}", threads, what, e);
        }
    }
}

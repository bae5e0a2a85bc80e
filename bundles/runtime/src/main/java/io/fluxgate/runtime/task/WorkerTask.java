package io.fluxgate.runtime.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.connector.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.metrics.TaskMetrics;
import io.fluxgate.runtime.status.StatusListener;

/**
 * The lifecycle of one task on its own thread, as Kafka Connect's {@code WorkerTask}: wait while created paused,
 * initialize and start the plugin, run its loop until asked to stop, close. The source and sink variants fill in
 * the three steps. A task that throws goes FAILED with the exception as its trace and affects nothing else; once its
 * thread ended it holds nothing of its plugin's ({@link #release()}), though the worker lists it until removed. A
 * task that does not stop in time is cancelled: its status is no longer reported and its thread abandoned. A RUNNING
 * task that makes no progress while it has work is reported stalled ({@link #checkStall}), from what its thread
 * records in {@link #progress()}; so is a task whose plugin has not returned from start(), which has no status
 * otherwise.
 */
public abstract class WorkerTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTask.class);
    static final String MDC_CONTEXT = "connector.context";
    /** The call a task is stalled in before it ever ran, as its trace names it (the two calls are not told apart). */
    static final String STARTING = "initialize() or start()";

    protected final ConnectorTaskId id;
    private final ClassLoader loader;
    private volatile StatusListener<ConnectorTaskId> listener;
    private final CountDownLatch shutdownLatch = new CountDownLatch(1);
    private volatile TargetState targetState;
    private volatile boolean stopping;
    private volatile boolean cancelled;
    private volatile boolean givenUp;
    private volatile boolean failed;
    private volatile boolean pluginStarted;
    private final TaskProgress progress = new TaskProgress();
    /**
     * Orders the task's status reports with the stall watch's: a stall seen just before the task failed, paused or
     * stopped must not be written after that state.
     */
    private final Object reportLock = new Object();
    private boolean running; // guarded by reportLock: RUNNING is the state last reported
    private boolean starting; // guarded by reportLock: in the plugin's initialize() or start(), never yet RUNNING
    private Stall stall; // guarded by reportLock: the stall last reported, or null
    /** The task's metric groups: they outlive its thread, so that a failed task is seen failed until removed. */
    private volatile TaskMetrics metrics;
    private volatile List<AutoCloseable> metricGroups = List.of();
    /**
     * The metrics the task's converters, transformations and predicates registered for themselves (KIP-877): their
     * gauges may hold those plugins, so they go as the task's thread ends, as Apache removes them with the plugins.
     */
    private volatile AutoCloseable pluginMetrics = () -> { };
    /** Set before the task's thread starts, read only by the task (and its producer's callbacks) after. */
    private TopicTracker topicTracker = TopicTracker.NONE;

    protected WorkerTask(ConnectorTaskId id, ClassLoader loader, StatusListener<ConnectorTaskId> listener,
            TargetState initialState) {
        this.id = id;
        this.loader = loader;
        this.listener = listener;
        this.targetState = initialState;
    }

    public ConnectorTaskId id() {
        return id;
    }

    /** Where the task reports the topics it uses (KIP-558); call before the task runs. */
    public void trackTopics(TopicTracker tracker) {
        this.topicTracker = tracker;
    }

    /**
     * The task's metrics and the groups of its kind ({@code source-task-metrics}...), which {@link #removeMetrics()}
     * removes; call before the task runs.
     */
    public void keepMetrics(TaskMetrics metrics, AutoCloseable... others) {
        this.metrics = metrics;
        List<AutoCloseable> groups = new ArrayList<>(List.of(others));
        groups.add(0, metrics);
        this.metricGroups = List.copyOf(groups);
    }

    /** The task's metrics; empty for a task built without them (tests). */
    public Optional<TaskMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    /**
     * The metrics the task's plugins registered for themselves, removed as the task's thread ends (or by
     * {@link #removeMetrics()} if it never does); call before the task runs. Closing them twice must do nothing.
     */
    public void keepPluginMetrics(AutoCloseable metrics) {
        this.pluginMetrics = metrics;
    }

    /** Removes the task's metrics: the worker does once it has stopped or given up on the task. */
    public void removeMetrics() {
        metricGroups.forEach(group -> closeQuietly(group::close, "metrics"));
        closeQuietly(pluginMetrics::close, "plugins' metrics");
    }

    /** Where the task's thread records its plugin calls and its progress. */
    protected final TaskProgress progress() {
        return progress;
    }

    /**
     * Reports the task stalled, or no longer stalled, as {@code detector} judges its progress now; called by the
     * worker's stall watch. Only a RUNNING task that is not stopping can be stalled; its state stays RUNNING and the
     * reason is its trace, written when the stall begins or changes and when it ends.
     */
    public void checkStall(StallDetector detector, long nowNanos, long nowMillis) {
        Stall found = progress.stall(detector, nowNanos);
        synchronized (reportLock) {
            if ((!running && !starting) || stopping || cancelled) {
                return;
            }
            if (starting) {
                if (found != null && !found.sameAs(stall)) {
                    stall = found;
                    String reason = reportStall(found, detector, nowNanos, nowMillis);
                    listener.onStalledStarting(id, reason);
                }
            } else if (found == null) {
                if (stall != null) {
                    stall = null;
                    metrics().ifPresent(TaskMetrics::stallEnded);
                    LOG.info("{} Makes progress again: no longer stalled", this);
                    listener.onStallEnded(id);
                }
            } else if (!found.sameAs(stall)) {
                stall = found;
                listener.onStalled(id, reportStall(found, detector, nowNanos, nowMillis));
            }
        }
    }

    /** Logs {@code found} and tells the metrics since when: the reason the status gives. */
    private String reportStall(Stall found, StallDetector detector, long nowNanos, long nowMillis) {
        long sinceMs = nowMillis - (nowNanos - found.sinceNanos()) / 1_000_000;
        String reason = found.message(sinceMs, detector.timeoutMs());
        metrics().ifPresent(m -> m.stalled(sinceMs));
        LOG.warn("{} {}", this, reason);
        return reason;
    }

    /** Reports a topic the task produced to or consumed from; cheap enough for every record. */
    protected final void recordActiveTopic(String topic) {
        topicTracker.topicUsed(topic);
    }

    /** Creates the plugin's context and calls {@code initialize} and {@code start}. */
    protected abstract void initializeAndStart();

    /** The task's loop; returns once {@link #isStopping()} or throws to fail the task. */
    protected abstract void execute();

    /** Stops the plugin and releases clients; called once, whatever happened before. */
    protected abstract void close();

    /**
     * Drops every reference the task holds to its plugin's objects (the plugin task, its converters, transformations
     * and predicates, the records it held, its Kafka clients), once {@link #close()} closed them and the task's
     * thread is about to end. The worker keeps a failed task, to report it, until it is restarted or deleted: what
     * its plugin allocated must not stay reachable meanwhile. Called on the task's thread, last; other threads
     * (stops, the offset committer, client callbacks) may still call in and must find nothing to do.
     */
    protected abstract void release();

    /**
     * Called just before the plugin's initialize/start: from then on its stop() is owed, even if start() throws, and
     * the stall watch times the two calls, until the task reports RUNNING or FAILED.
     */
    protected final void markPluginStarted() {
        pluginStarted = true;
        synchronized (reportLock) {
            progress.enter(STARTING);
            starting = true;
        }
    }

    /** Calls the plugin's stop() if it was started; a stop() that throws is logged, the rest of close() goes on. */
    protected final void stopPlugin(Task task) {
        if (!pluginStarted) {
            return;
        }
        try {
            task.stop();
        } catch (Throwable t) {
            LOG.warn("{} Could not stop task", this, t);
        }
    }

    /** Closes one resource, logging instead of throwing: close() must release every other one too. */
    protected final void closeQuietly(ThrowingRunnable action, String what) {
        try {
            action.run();
        } catch (Throwable t) {
            LOG.warn("{} Could not close the {}", this, what, t);
        }
    }

    /** Closes {@code resource} if it can be closed (a plugin's metrics), logging instead of throwing. */
    protected final void closeQuietly(Object resource, String what) {
        if (resource instanceof AutoCloseable closeable) {
            closeQuietly(closeable::close, what);
        }
    }

    /** A closing step that may throw anything. */
    @FunctionalInterface
    protected interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public final void run() {
        Thread thread = Thread.currentThread();
        String savedName = thread.getName();
        thread.setName("task-thread-" + id);
        MDC.put(MDC_CONTEXT, "[" + id.connector() + "|task-" + id.task() + "] ");
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            doRun();
        } finally {
            MDC.remove(MDC_CONTEXT);
            thread.setName(savedName);
            shutdownLatch.countDown();
        }
    }

    private void doRun() {
        try {
            synchronized (this) {
                if (stopping) {
                    return;
                }
                if (targetState == TargetState.PAUSED) {
                    onPause();
                    if (!awaitUnpause()) {
                        return;
                    }
                }
            }
            initializeAndStart();
            progress.exit();
            reportRunning(false);
            execute();
        } catch (Throwable t) {
            if (cancelled) {
                LOG.warn("{} After being scheduled for shutdown, the orphan task threw an uncaught exception. A newer "
                        + "instance of this task might be already running", this, t);
            } else {
                LOG.error("{} Task threw an uncaught and unrecoverable exception. Task is being killed and will not "
                        + "recover until manually restarted", this, t);
                reportFailure(t);
            }
        } finally {
            endStarting();
            try {
                close();
            } catch (Throwable t) {
                LOG.error("{} Task threw an uncaught and unrecoverable exception during shutdown", this, t);
                if (!failed) {
                    reportFailure(t);
                }
            }
            try {
                if (!failed) {
                    synchronized (reportLock) {
                        running = false;
                        listener.onShutdown(id);
                    }
                }
            } finally {
                releasePlugin();
            }
        }
    }

    /** The task's thread ends: nothing the worker keeps of the task may hold its plugin's objects any longer. */
    private void releasePlugin() {
        closeQuietly(pluginMetrics::close, "plugins' metrics");
        try {
            release();
        } catch (Throwable t) {
            LOG.error("{} Could not release the plugin's objects", this, t);
        }
    }

    /** Asks the task to stop; it finishes its current step, commits what it can and closes. */
    public void stop() {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
    }

    /** Waits for the task's thread to finish; false if it did not within {@code timeoutMs}. */
    public boolean awaitStop(long timeoutMs) {
        try {
            return shutdownLatch.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The task's status is no longer reported, though it stops as usual (its final offset commit included): the
     * herder that stops it without waiting reports for it (restarting, deleted, or its successor's state), and a
     * report of the old generation must not land after that.
     */
    public void silence() {
        listener = StatusListener.ignoring();
    }

    /** Gives up on a task that did not stop in time: its status is no longer reported. */
    public void cancel() {
        cancelled = true;
        listener = StatusListener.ignoring();
    }

    /**
     * The task did not stop within {@code task.shutdown.graceful.timeout.ms}: what it would still do on the way out
     * (a sink's final offset commit) is skipped, as Apache skips it for a cancelled task. Distinct from
     * {@link #cancel()}, which the herder calls after a second already, so that a healthy but slow task still commits.
     */
    public void giveUp() {
        givenUp = true;
        cancel();
    }

    protected boolean isGivenUp() {
        return givenUp;
    }

    /** Pauses or resumes the task (STOPPED never reaches a task: stopped connectors have no tasks). */
    public void transitionTo(TargetState state) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            targetState = state;
            notifyAll();
        }
    }

    protected boolean isStopping() {
        return stopping;
    }

    protected boolean isCancelled() {
        return cancelled;
    }

    protected boolean isFailed() {
        return failed;
    }

    protected boolean shouldPause() {
        return targetState == TargetState.PAUSED;
    }

    /** Waits while paused; false if the task was asked to stop meanwhile. */
    protected boolean awaitUnpause() {
        synchronized (this) {
            while (targetState == TargetState.PAUSED) {
                if (stopping) {
                    return false;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !stopping;
        }
    }

    protected void onPause() {
        synchronized (reportLock) {
            running = false;
            stall = null;
            listener.onPause(id);
        }
    }

    protected void onResume() {
        reportRunning(true);
    }

    /** The task leaves its plugin's start() other than by running (it threw, or is stopping): no stall left. */
    private void endStarting() {
        synchronized (reportLock) {
            if (starting) {
                starting = false;
                stall = null;
                progress.exit();
                metrics().ifPresent(TaskMetrics::stallEnded);
            }
        }
    }

    /** Started or resumed: RUNNING, with no stall, and progress counted from now. */
    private void reportRunning(boolean resumed) {
        synchronized (reportLock) {
            progress.restart();
            starting = false;
            running = true;
            stall = null;
            if (resumed) {
                listener.onResume(id);
            } else {
                listener.onStartup(id);
            }
        }
    }

    private void reportFailure(Throwable t) {
        synchronized (reportLock) {
            failed = true;
            starting = false;
            running = false;
            stall = null;
            listener.onFailure(id, t);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{id=" + id + "}";
    }
}

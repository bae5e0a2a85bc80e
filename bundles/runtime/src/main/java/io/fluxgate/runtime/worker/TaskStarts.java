package io.fluxgate.runtime.worker;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.task.WorkerTask;

/**
 * The tasks being assembled: the plugin part of a task's assembly (its converters', transformations' and predicates'
 * {@code configure()}, each with the worker's call deadline) runs on the task's own thread before the task runs
 * there, so that the herder never waits on it. A task being assembled is present for the worker: it cannot be started
 * twice, it is stopped as any task is ({@link Assembly} is what {@link InstanceStops} waits for), and a target state
 * set meanwhile is the one it starts in. One stopped while assembled is closed without running and reports nothing:
 * its successor may already run. This object's monitor guards the move from being assembled to running, so the
 * worker takes it for whatever must see a task in exactly one of the two.
 */
final class TaskStarts {

    /** Worker's logger, as these lines came from the worker before. */
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** The worker's running tasks, which a task being assembled joins once assembled. */
    private final Map<ConnectorTaskId, WorkerTask> running;
    private final Map<ConnectorTaskId, Assembly> assembling = new HashMap<>();
    /**
     * The last assembly of each task whose thread has not finished with it, stopped ones included: the next
     * generation of the task is assembled only once it did, so that the two never hold the task's metrics at once.
     */
    private final Map<ConnectorTaskId, Assembly> unfinished = new ConcurrentHashMap<>();

    TaskStarts(Map<ConnectorTaskId, WorkerTask> running) {
        this.running = running;
    }

    /**
     * Registers the assembly of {@code id}, to run on a thread of {@code threads}, starting in {@code initial}, once
     * {@code previousStopped} (the stop of its previous generation, which the herder no longer waits for) completes.
     */
    synchronized Assembly begin(ConnectorTaskId id, PluginThreads threads, TargetState initial,
            CompletableFuture<Void> previousStopped) {
        Assembly assembly = new Assembly(id, threads, initial, unfinished.get(id), previousStopped);
        assembling.put(id, assembly);
        unfinished.put(id, assembly);
        return assembly;
    }

    /** Refuses to start {@code id} again while it runs or is being assembled. */
    synchronized void requireAbsent(ConnectorTaskId id) {
        if (running.containsKey(id) || assembling.containsKey(id)) {
            throw new ConnectException("Task already exists in this worker: " + id);
        }
    }

    /** The tasks running or being assembled. */
    synchronized Set<ConnectorTaskId> ids() {
        Set<ConnectorTaskId> ids = new HashSet<>(running.keySet());
        ids.addAll(assembling.keySet());
        return Set.copyOf(ids);
    }

    /** The tasks of {@code connector}, running or being assembled, go to {@code state}. */
    synchronized void retarget(String connector, TargetState state) {
        assembling.values().stream().filter(assembly -> assembly.id.connector().equals(connector))
                .forEach(assembly -> assembly.target = state);
        running.forEach((id, task) -> {
            if (id.connector().equals(connector)) {
                task.transitionTo(state);
            }
        });
    }

    /**
     * Takes {@code id} from the worker's tasks: the running task, to stop, or null; {@code assembly} is given the
     * assembly of {@code id}, if it is being assembled, stopped: what it builds will not run.
     */
    synchronized WorkerTask stop(ConnectorTaskId id, Consumer<Assembly> assembly) {
        Assembly stopped = assembling.remove(id);
        if (stopped != null) {
            LOG.info("Stopping task {}, which is being assembled", id);
            assembly.accept(stopped);
        }
        return running.remove(id);
    }

    /**
     * Assembles the task and runs it, on the calling thread (one of the task's group): {@code build} makes it;
     * {@code promote}, called with this object's monitor held once the task is among the worker's running ones,
     * registers what goes with a running task; {@code failed}, called likewise, reports a failed assembly. Neither is
     * called when the assembly was stopped meanwhile.
     */
    void assembleAndRun(Assembly assembly, Callable<WorkerTask> build, Consumer<WorkerTask> promote,
            Consumer<Throwable> failed) {
        WorkerTask promoted = null;
        try {
            promoted = assemble(assembly, build, promote, failed);
        } finally {
            assembly.finished();
        }
        if (promoted != null) {
            promoted.run();
        }
    }

    /** The task, assembled and promoted; null when its assembly failed or was stopped (what it built then closed). */
    private WorkerTask assemble(Assembly assembly, Callable<WorkerTask> build, Consumer<WorkerTask> promote,
            Consumer<Throwable> failed) {
        WorkerTask task = null;
        try {
            assembly.awaitPrevious();
            if (isCurrent(assembly)) {
                task = build.call();
            }
        } catch (Throwable t) {
            synchronized (this) {
                if (assembling.remove(assembly.id, assembly)) {
                    failed.accept(t);
                    return null;
                }
            }
            LOG.info("Task {}, stopped while it was being assembled, failed to assemble", assembly.id, t);
            return null;
        }
        synchronized (this) {
            if (task != null && assembling.remove(assembly.id, assembly)) {
                running.put(assembly.id, task);
                promote.accept(task);
                task.transitionTo(assembly.target);
                return task;
            }
        }
        if (task != null) {
            discard(task);
        }
        return null;
    }

    private synchronized boolean isCurrent(Assembly assembly) {
        return assembling.get(assembly.id) == assembly;
    }

    /** Closes a task that was stopped while being assembled, without running its plugin, and reporting nothing. */
    private static void discard(WorkerTask task) {
        LOG.info("Task {} was stopped while it was being assembled: it is closed without running", task.id());
        task.cancel();
        task.stop();
        task.run();
        task.removeMetrics();
    }

    /** One task's assembly, as stops wait for it. */
    final class Assembly implements InstanceStops.Stopping {
        private final ConnectorTaskId id;
        private final PluginThreads threads;
        private final Assembly previous;
        private final CompletableFuture<Void> previousStopped;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile TargetState target;

        private Assembly(ConnectorTaskId id, PluginThreads threads, TargetState initial, Assembly previous,
                CompletableFuture<Void> previousStopped) {
            this.previousStopped = previousStopped;
            this.id = id;
            this.threads = threads;
            this.target = initial;
            this.previous = previous;
        }

        /**
         * Waits for the previous generation to have stopped or been abandoned (bounded by the stops' patience), so
         * that it made its final offset commit, or can no longer write, before this one reads its offsets; and for
         * its assembly to end (bounded: its plugin calls have deadlines).
         */
        private void awaitPrevious() throws InterruptedException {
            if (!previousStopped.isDone()) {
                LOG.info("Task {} waits for its previous generation to stop", id);
                PendingStops.await(previousStopped);
            }
            if (previous != null && previous.done.getCount() > 0) {
                LOG.info("Task {} waits for its previous generation's assembly to end", id);
                previous.done.await();
            }
        }

        private void finished() {
            unfinished.remove(id, this);
            done.countDown();
        }

        @Override
        public String connector() {
            return id.connector();
        }

        @Override
        public PluginThreads threads() {
            return threads;
        }

        @Override
        public boolean awaitStop(long timeoutMs) {
            try {
                return done.await(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void abandon() {
            // Stopped, it reports nothing already.
            LOG.warn("Task {} is still being assembled: it is abandoned, and will be closed without running", id);
        }

        @Override
        public void gaveUp() {
            LOG.error("The assembly of task {} did not end within the graceful stop timeout", id);
        }
    }
}

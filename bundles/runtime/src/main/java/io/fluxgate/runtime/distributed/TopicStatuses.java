package io.fluxgate.runtime.distributed;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.storage.ConnectorStatus;
import io.fluxgate.api.storage.StatusStore;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.runtime.herder.StatusView;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.worker.Worker;

/**
 * The status topic: every worker's reports, read by any worker ({@link StatusView}), and this worker's reports of
 * what it runs, written with its id and the group generation they belong to, as Kafka Connect's status listeners do
 * (a failure or a shutdown does not overwrite what a newer owner reported).
 */
final class TopicStatuses implements StatusView {

    private final StatusStore store;
    private final String workerId;
    private final IntSupplier generation;
    private final Worker worker;
    private final Predicate<String> exists;

    /** @param exists whether the connector is still configured: a deleted connector's shutdown is not reported */
    TopicStatuses(StatusStore store, String workerId, IntSupplier generation, Worker worker,
            Predicate<String> exists) {
        this.store = store;
        this.workerId = workerId;
        this.generation = generation;
        this.worker = worker;
        this.exists = exists;
    }

    @Override
    public Optional<InstanceState> connector(String connector) {
        ConnectorStatus status = store.get(connector);
        return Optional.ofNullable(status).map(s -> new InstanceState(s.state(), s.workerId(), s.trace(),
                s.version()));
    }

    @Override
    public Optional<InstanceState> task(ConnectorTaskId task) {
        return Optional.ofNullable(store.get(task)).map(TopicStatuses::state);
    }

    @Override
    public Map<Integer, InstanceState> tasks(String connector) {
        Map<Integer, InstanceState> result = new TreeMap<>();
        for (TaskStatus status : store.getAll(connector)) {
            result.put(status.task().task(), state(status));
        }
        return result;
    }

    void putConnector(String connector, State state) {
        store.put(new ConnectorStatus(connector, state, null, workerId, generation.getAsInt(),
                worker.connectorVersion(connector).orElse(null)));
    }

    void putTask(ConnectorTaskId task, State state) {
        store.put(new TaskStatus(task, state, null, workerId, generation.getAsInt(),
                worker.taskVersion(task).orElse(null)));
    }

    void deleteConnector(String connector) {
        store.delete(connector, generation.getAsInt());
    }

    StatusListener<String> connectorListener() {
        return new Reporter<>() {
            @Override
            void report(String connector, State state, String trace, boolean safe) {
                if (state == State.UNASSIGNED && !exists.test(connector)) {
                    return;
                }
                ConnectorStatus status = new ConnectorStatus(connector, state, trace, workerId,
                        generation.getAsInt(), worker.connectorVersion(connector).orElse(null));
                if (safe) {
                    store.putSafe(status);
                } else {
                    store.put(status);
                }
            }
        };
    }

    StatusListener<ConnectorTaskId> taskListener() {
        return new Reporter<>() {
            @Override
            void report(ConnectorTaskId task, State state, String trace, boolean safe) {
                if (state == State.UNASSIGNED && !exists.test(task.connector())) {
                    return;
                }
                TaskStatus status = new TaskStatus(task, state, trace, workerId, generation.getAsInt(),
                        worker.taskVersion(task).orElse(null));
                if (safe) {
                    store.putSafe(status);
                } else {
                    store.put(status);
                }
            }
        };
    }

    private static InstanceState state(TaskStatus status) {
        return new InstanceState(status.state(), status.workerId(), status.trace(), status.version());
    }

    /** Kafka Connect's listeners: failures and shutdowns are written "safely", the rest unconditionally. */
    private abstract static class Reporter<K> implements StatusListener<K> {
        abstract void report(K id, State state, String trace, boolean safe);

        @Override
        public void onStartup(K id) {
            report(id, State.RUNNING, null, false);
        }

        @Override
        public void onResume(K id) {
            report(id, State.RUNNING, null, false);
        }

        @Override
        public void onPause(K id) {
            report(id, State.PAUSED, null, false);
        }

        @Override
        public void onStop(K id) {
            report(id, State.STOPPED, null, false);
        }

        @Override
        public void onFailure(K id, Throwable cause) {
            report(id, State.FAILED, io.fluxgate.runtime.herder.MemoryStatusStore.trace(cause), true);
        }

        @Override
        public void onShutdown(K id) {
            report(id, State.UNASSIGNED, null, true);
        }

        // Reported from the worker's stall watch, not the task's thread: written safely, so that a stall seen late
        // never overwrites what a newer owner of the task reported.
        @Override
        public void onStalled(K id, String reason) {
            report(id, State.RUNNING, reason, true);
        }

        @Override
        public void onStallEnded(K id) {
            report(id, State.RUNNING, null, true);
        }

        @Override
        public void onStalledStarting(K id, String reason) {
            report(id, State.UNASSIGNED, reason, true);
        }
    }
}

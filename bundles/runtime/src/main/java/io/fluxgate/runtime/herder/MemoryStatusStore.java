package io.fluxgate.runtime.herder;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.status.StatusListener;

/**
 * The states of connector instances and tasks, as the worker reports them through the two listeners this store
 * hands out (Kafka Connect's status backing store, in memory). Statuses carry this worker's id and, for failures,
 * the stack trace (for a stalled RUNNING task, what it is stuck in); the plugin version is added by whoever
 * answers, since it belongs to the configuration.
 */
public final class MemoryStatusStore implements StatusView {

    private final String workerId;
    private final Map<String, InstanceState> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, InstanceState> tasks = new ConcurrentHashMap<>();

    public MemoryStatusStore(String workerId) {
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }

    public StatusListener<String> connectorListener() {
        return new Recorder<>(connectors);
    }

    public StatusListener<ConnectorTaskId> taskListener() {
        return new Recorder<>(tasks);
    }

    @Override
    public Optional<InstanceState> connector(String name) {
        return Optional.ofNullable(connectors.get(name));
    }

    @Override
    public Optional<InstanceState> task(ConnectorTaskId id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** The statuses of the connector's tasks, by task number. */
    @Override
    public Map<Integer, InstanceState> tasks(String connector) {
        Map<Integer, InstanceState> result = new TreeMap<>();
        tasks.forEach((id, state) -> {
            if (id.connector().equals(connector)) {
                result.put(id.task(), state);
            }
        });
        return result;
    }

    public void put(String connector, State state) {
        connectors.put(connector, new InstanceState(state, workerId, null, null));
    }

    public void put(ConnectorTaskId task, State state) {
        tasks.put(task, new InstanceState(state, workerId, null, null));
    }

    public void remove(ConnectorTaskId task) {
        tasks.remove(task);
    }

    /** Forgets the connector and its tasks (it was deleted). */
    public void remove(String connector) {
        connectors.remove(connector);
        tasks.keySet().removeIf(id -> id.connector().equals(connector));
    }

    public static String trace(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private final class Recorder<K> implements StatusListener<K> {
        private final Map<K, InstanceState> states;

        private Recorder(Map<K, InstanceState> states) {
            this.states = states;
        }

        private void record(K id, State state, String trace) {
            states.put(id, new InstanceState(state, workerId, trace, null));
        }

        @Override
        public void onStartup(K id) {
            record(id, State.RUNNING, null);
        }

        @Override
        public void onResume(K id) {
            record(id, State.RUNNING, null);
        }

        @Override
        public void onPause(K id) {
            record(id, State.PAUSED, null);
        }

        @Override
        public void onStop(K id) {
            record(id, State.STOPPED, null);
        }

        @Override
        public void onFailure(K id, Throwable cause) {
            record(id, State.FAILED, trace(cause));
        }

        @Override
        public void onShutdown(K id) {
            record(id, State.UNASSIGNED, null);
        }

        @Override
        public void onStalled(K id, String reason) {
            record(id, State.RUNNING, reason);
        }

        @Override
        public void onStallEnded(K id) {
            record(id, State.RUNNING, null);
        }

        @Override
        public void onStalledStarting(K id, String reason) {
            record(id, State.UNASSIGNED, reason);
        }
    }
}

package io.fluxgate.rest.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.herder.TaskInfo;

/**
 * A herder that keeps connectors in a map and runs nothing: one task per connector, states as the operations set
 * them. Enough to test how the REST API translates requests and answers, which is all the REST bundle does.
 */
public final class InMemoryHerder implements Herder {

    private final Map<String, Map<String, String>> configs = new TreeMap<>();
    private final Map<String, State> states = new TreeMap<>();
    private final List<String> calls = new ArrayList<>();

    /** The operations called, as "restartTask c-0", in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void setState(String connector, State state) {
        states.put(connector, state);
    }

    @Override
    public synchronized List<String> connectors() {
        return List.copyOf(configs.keySet());
    }

    @Override
    public synchronized ConnectorInfo connectorInfo(String connector) {
        return new ConnectorInfo(connector, connectorConfig(connector), List.of(new ConnectorTaskId(connector, 0)),
                ConnectorType.SOURCE);
    }

    @Override
    public synchronized Map<String, String> connectorConfig(String connector) {
        Map<String, String> config = configs.get(connector);
        if (config == null) {
            throw HerderException.connectorNotFound(connector);
        }
        return config;
    }

    @Override
    public synchronized List<TaskInfo> taskConfigs(String connector) {
        return List.of(new TaskInfo(new ConnectorTaskId(connector, 0), connectorConfig(connector)));
    }

    @Override
    public synchronized ConnectorStateInfo connectorStatus(String connector) {
        connectorConfig(connector);
        State state = states.get(connector);
        String trace = state == State.FAILED ? "java.lang.IllegalStateException: boom" : null;
        InstanceState instance = new InstanceState(state, "127.0.0.1:8083", trace, "4.3.1");
        return new ConnectorStateInfo(connector, instance, Map.of(0, instance), ConnectorType.SOURCE);
    }

    @Override
    public synchronized InstanceState taskStatus(ConnectorTaskId task) {
        if (task.task() != 0) {
            throw HerderException.taskNotFound(task);
        }
        return connectorStatus(task.connector()).tasks().get(0);
    }

    @Override
    public synchronized CompletionStage<PutResult> putConnectorConfig(String connector, Map<String, String> config,
            TargetState initialState, boolean allowReplace) {
        boolean exists = configs.containsKey(connector);
        if (exists && !allowReplace) {
            return CompletableFuture.failedFuture(HerderException.connectorExists(connector));
        }
        if (connector.isEmpty()) {
            return CompletableFuture.failedFuture(new HerderException(400, "Connector name must not be empty"));
        }
        configs.put(connector, Map.copyOf(config));
        if (!exists) {
            states.put(connector, switch (initialState) {
                case STARTED -> State.RUNNING;
                case PAUSED -> State.PAUSED;
                case STOPPED -> State.STOPPED;
            });
        }
        return CompletableFuture.completedFuture(new PutResult(!exists, connectorInfo(connector)));
    }

    @Override
    public synchronized CompletionStage<Void> deleteConnector(String connector) {
        return operation("delete", connector, () -> {
            configs.remove(connector);
            states.remove(connector);
        });
    }

    @Override
    public CompletionStage<Void> pauseConnector(String connector) {
        return operation("pause", connector, () -> states.put(connector, State.PAUSED));
    }

    @Override
    public CompletionStage<Void> resumeConnector(String connector) {
        return operation("resume", connector, () -> states.put(connector, State.RUNNING));
    }

    @Override
    public CompletionStage<Void> stopConnector(String connector) {
        return operation("stop", connector, () -> states.put(connector, State.STOPPED));
    }

    @Override
    public CompletionStage<Void> restartConnector(String connector) {
        return operation("restartConnector", connector, () -> states.put(connector, State.RUNNING));
    }

    @Override
    public synchronized CompletionStage<Void> restartTask(ConnectorTaskId task) {
        try {
            taskStatus(task);
        } catch (HerderException e) {
            return CompletableFuture.failedFuture(e);
        }
        calls.add("restartTask " + task);
        return CompletableFuture.completedFuture(null);
    }

    private synchronized CompletionStage<Void> operation(String name, String connector, Runnable change) {
        if (!configs.containsKey(connector)) {
            return CompletableFuture.failedFuture(HerderException.connectorNotFound(connector));
        }
        calls.add(name + " " + connector);
        change.run();
        return CompletableFuture.completedFuture(null);
    }
}

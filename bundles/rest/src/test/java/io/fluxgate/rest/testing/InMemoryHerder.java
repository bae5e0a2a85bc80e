package io.fluxgate.rest.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorOffsets;
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
    private final Map<String, List<ConfigKeyInfo>> pluginConfigs = new HashMap<>();
    private final Map<String, ConnectorOffsets> offsets = new HashMap<>();
    private final Map<String, List<String>> topics = new HashMap<>();
    private ConfigInfos validation;
    private Map<String, String> validated;
    private boolean topicTrackingEnabled = true;

    /** What {@link #validateConnectorConfig} answers. */
    public synchronized void setValidation(ConfigInfos result) {
        validation = result;
    }

    /** The configuration last validated. */
    public synchronized Map<String, String> validated() {
        return validated;
    }

    /** What {@link #connectorPluginConfig} answers for {@code plugin}; any other plugin is unknown. */
    public synchronized void setPluginConfig(String plugin, List<ConfigKeyInfo> keys) {
        pluginConfigs.put(plugin, keys);
    }

    public synchronized void setOffsets(String connector, ConnectorOffsets connectorOffsets) {
        offsets.put(connector, connectorOffsets);
    }

    public synchronized void setTopics(String connector, List<String> used) {
        topics.put(connector, used);
    }

    public synchronized void setTopicTrackingEnabled(boolean enabled) {
        topicTrackingEnabled = enabled;
    }

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

    @Override
    public synchronized CompletionStage<ConfigInfos> validateConnectorConfig(Map<String, String> config) {
        validated = config;
        if (config.get("connector.class") == null) {
            return CompletableFuture.failedFuture(new HerderException(400, "Connector config " + config
                    + " contains no connector type"));
        }
        return CompletableFuture.completedFuture(validation);
    }

    @Override
    public synchronized List<ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        calls.add("connectorPluginConfig " + plugin + " " + version);
        List<ConfigKeyInfo> keys = pluginConfigs.get(plugin);
        if (keys == null) {
            throw new HerderException(404, "Unknown plugin " + plugin + ".");
        }
        return keys;
    }

    @Override
    public synchronized CompletionStage<ConnectorOffsets> connectorOffsets(String connector) {
        if (!configs.containsKey(connector)) {
            return CompletableFuture.failedFuture(HerderException.connectorNotFound(connector));
        }
        return CompletableFuture.completedFuture(offsets.getOrDefault(connector, new ConnectorOffsets(List.of())));
    }

    @Override
    public synchronized CompletionStage<String> alterConnectorOffsets(String connector, ConnectorOffsets altered) {
        return modifyOffsets(connector, "alterOffsets", altered, "altered");
    }

    @Override
    public synchronized CompletionStage<String> resetConnectorOffsets(String connector) {
        return modifyOffsets(connector, "resetOffsets", new ConnectorOffsets(List.of()), "reset");
    }

    private CompletionStage<String> modifyOffsets(String connector, String call, ConnectorOffsets result,
            String modification) {
        if (!configs.containsKey(connector)) {
            return CompletableFuture.failedFuture(HerderException.connectorNotFound(connector));
        }
        if (states.get(connector) != State.STOPPED) {
            return CompletableFuture.failedFuture(new HerderException(400, "Connectors must be in the STOPPED state "
                    + "before their offsets can be modified. This can be done for the specified connector by issuing "
                    + "a 'PUT' request to the '/connectors/" + connector + "/stop' endpoint"));
        }
        calls.add(call + " " + connector);
        offsets.put(connector, result);
        return CompletableFuture.completedFuture("The offsets for this connector have been " + modification
                + " successfully");
    }

    @Override
    public synchronized List<String> connectorActiveTopics(String connector) {
        if (!topicTrackingEnabled) {
            throw new HerderException(403, "Topic tracking is disabled.");
        }
        return topics.getOrDefault(connector, List.of());
    }

    @Override
    public synchronized void resetConnectorActiveTopics(String connector) {
        if (!topicTrackingEnabled) {
            throw new HerderException(403, "Topic tracking is disabled.");
        }
        calls.add("resetTopics " + connector);
        topics.remove(connector);
    }

    private synchronized CompletionStage<Void> operation(String name, String connector, Runnable change) {
        if (!configs.containsKey(connector)) {
            return CompletableFuture.failedFuture(HerderException.connectorNotFound(connector));
        }
        calls.add(name + " " + connector);
        change.run();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> setClusterLoggerLevel(String namespace, String level) {
        calls.add("setClusterLoggerLevel " + namespace + " " + level);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> fenceZombieSourceTasks(String connector, RequestSignature signature) {
        // Apache's standalone herder throws (500); the request asks what a standalone worker has not, hence 400.
        return CompletableFuture.failedFuture(new HerderException(400,
                "Kafka Connect in standalone mode does not support exactly-once source connectors."));
    }

    @Override
    public CompletionStage<Void> putTaskConfigs(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature) {
        return CompletableFuture.failedFuture(new HerderException(500,
                "Kafka Connect in standalone mode does not support externally setting task configurations."));
    }
}

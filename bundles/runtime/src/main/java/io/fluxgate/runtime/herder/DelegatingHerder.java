package io.fluxgate.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.herder.TaskInfo;

/**
 * A {@link Herder} service that passes every call to the herder it wired: the base of the DS components of both
 * modes, which own the wiring and the lifecycle while the herders stay plain objects that tests construct.
 */
public abstract class DelegatingHerder implements Herder {

    /** The herder the calls go to. */
    protected abstract Herder delegate();

    @Override
    public List<String> connectors() {
        return delegate().connectors();
    }

    @Override
    public ConnectorInfo connectorInfo(String connector) {
        return delegate().connectorInfo(connector);
    }

    @Override
    public Map<String, String> connectorConfig(String connector) {
        return delegate().connectorConfig(connector);
    }

    @Override
    public List<TaskInfo> taskConfigs(String connector) {
        return delegate().taskConfigs(connector);
    }

    @Override
    public ConnectorStateInfo connectorStatus(String connector) {
        return delegate().connectorStatus(connector);
    }

    @Override
    public InstanceState taskStatus(ConnectorTaskId task) {
        return delegate().taskStatus(task);
    }

    @Override
    public CompletionStage<PutResult> putConnectorConfig(String connector, Map<String, String> config,
            TargetState initialState, boolean allowReplace) {
        return delegate().putConnectorConfig(connector, config, initialState, allowReplace);
    }

    @Override
    public CompletionStage<Void> deleteConnector(String connector) {
        return delegate().deleteConnector(connector);
    }

    @Override
    public CompletionStage<Void> pauseConnector(String connector) {
        return delegate().pauseConnector(connector);
    }

    @Override
    public CompletionStage<Void> resumeConnector(String connector) {
        return delegate().resumeConnector(connector);
    }

    @Override
    public CompletionStage<Void> stopConnector(String connector) {
        return delegate().stopConnector(connector);
    }

    @Override
    public CompletionStage<Void> restartConnector(String connector) {
        return delegate().restartConnector(connector);
    }

    @Override
    public CompletionStage<Void> putTaskConfigs(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature) {
        return delegate().putTaskConfigs(connector, taskConfigs, signature);
    }

    @Override
    public CompletionStage<Void> setClusterLoggerLevel(String namespace, String level) {
        return delegate().setClusterLoggerLevel(namespace, level);
    }

    @Override
    public CompletionStage<Void> restartTask(ConnectorTaskId task) {
        return delegate().restartTask(task);
    }

    @Override
    public CompletionStage<ConfigInfos> validateConnectorConfig(Map<String, String> config) {
        return delegate().validateConnectorConfig(config);
    }

    @Override
    public List<ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        return delegate().connectorPluginConfig(plugin, version);
    }

    @Override
    public CompletionStage<ConnectorOffsets> connectorOffsets(String connector) {
        return delegate().connectorOffsets(connector);
    }

    @Override
    public CompletionStage<String> alterConnectorOffsets(String connector, ConnectorOffsets offsets) {
        return delegate().alterConnectorOffsets(connector, offsets);
    }

    @Override
    public CompletionStage<String> resetConnectorOffsets(String connector) {
        return delegate().resetConnectorOffsets(connector);
    }

    @Override
    public List<String> connectorActiveTopics(String connector) {
        return delegate().connectorActiveTopics(connector);
    }

    @Override
    public void resetConnectorActiveTopics(String connector) {
        delegate().resetConnectorActiveTopics(connector);
    }

    @Override
    public CompletionStage<ConnectorStateInfo> restartConnectorAndTasks(String connector, boolean onlyFailed,
            boolean includeTasks) {
        return delegate().restartConnectorAndTasks(connector, onlyFailed, includeTasks);
    }
}

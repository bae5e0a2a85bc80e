package io.fluxgate.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.TaskInfo;

/**
 * What a herder answers the same way in either mode: reads of the configurations and statuses it knows
 * ({@link ConnectorReads}), and what any worker answers by itself ({@link LocalRequests}): validation, a plugin's
 * settings, committed offsets, active topics. The standalone and distributed herders add how changes are made.
 */
public abstract class HerderCore implements Herder {

    /** The reads of this herder's configurations and statuses. */
    protected abstract ConnectorReads reads();

    /** The requests this worker answers by itself. */
    protected abstract LocalRequests local();

    @Override
    public List<String> connectors() {
        return reads().connectors();
    }

    @Override
    public ConnectorInfo connectorInfo(String connector) {
        return reads().connectorInfo(connector);
    }

    @Override
    public Map<String, String> connectorConfig(String connector) {
        return reads().connectorConfig(connector);
    }

    @Override
    public List<TaskInfo> taskConfigs(String connector) {
        return reads().taskConfigs(connector);
    }

    @Override
    public ConnectorStateInfo connectorStatus(String connector) {
        return reads().connectorStatus(connector);
    }

    @Override
    public InstanceState taskStatus(ConnectorTaskId task) {
        return reads().taskStatus(task);
    }

    @Override
    public CompletionStage<ConfigInfos> validateConnectorConfig(Map<String, String> config) {
        return local().validateConnectorConfig(config);
    }

    @Override
    public List<ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        return local().connectorPluginConfig(plugin, version);
    }

    @Override
    public CompletionStage<ConnectorOffsets> connectorOffsets(String connector) {
        try {
            return local().connectorOffsets(connector, reads().entry(connector).config());
        } catch (HerderException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<String> connectorActiveTopics(String connector) {
        return local().connectorActiveTopics(connector);
    }

    @Override
    public void resetConnectorActiveTopics(String connector) {
        local().resetConnectorActiveTopics(connector);
    }
}

package io.fluxgate.api.herder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The control plane of a worker: what should run. Reads answer at once; operations that start or stop connectors
 * complete their stage once done. Every refusal is a {@link HerderException} carrying Kafka Connect's HTTP status,
 * thrown by a read or completing an operation's stage exceptionally.
 */
@ProviderType
public interface Herder {

    /** The names of every connector, sorted. */
    List<String> connectors();

    ConnectorInfo connectorInfo(String connector);

    /** The configuration as written by the user (config-provider placeholders unresolved). */
    Map<String, String> connectorConfig(String connector);

    List<TaskInfo> taskConfigs(String connector);

    ConnectorStateInfo connectorStatus(String connector);

    InstanceState taskStatus(ConnectorTaskId task);

    /**
     * Creates or updates a connector. The configuration is validated first; an invalid one is refused with 400 and
     * a message listing each error. {@code allowReplace} false refuses an existing name with 409.
     */
    CompletionStage<PutResult> putConnectorConfig(String connector, Map<String, String> config,
            TargetState initialState, boolean allowReplace);

    CompletionStage<Void> deleteConnector(String connector);

    CompletionStage<Void> pauseConnector(String connector);

    CompletionStage<Void> resumeConnector(String connector);

    CompletionStage<Void> stopConnector(String connector);

    /** Restarts the connector instance only. */
    CompletionStage<Void> restartConnector(String connector);

    CompletionStage<Void> restartTask(ConnectorTaskId task);
}

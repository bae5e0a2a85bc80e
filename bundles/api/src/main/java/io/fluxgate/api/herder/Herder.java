package io.fluxgate.api.herder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    /**
     * Validates a connector configuration as Kafka Connect's {@code AbstractHerder.validateConnectorConfig}: the
     * framework's settings, the connector's own, its converters, transformations, predicates and client overrides.
     * Errors are reported in the result, not thrown; the stage fails (400) only when the configuration names no
     * connector class or one that cannot be loaded.
     *
     * @since 1.1
     */
    CompletionStage<ConfigInfos> validateConnectorConfig(Map<String, String> config);

    /**
     * The settings of an installed plugin (connector, converter, header converter, transformation or predicate),
     * named by class or alias; for a connector, the framework's settings follow its own.
     *
     * @param version a version or Maven version range, or null or {@code latest} for the newest installed
     * @throws HerderException 404 {@code Unknown plugin X.}; 400 for an invalid version or a plugin of another kind
     * @since 1.1
     */
    List<ConfigKeyInfo> connectorPluginConfig(String plugin, String version);

    /**
     * The connector's committed offsets: a source connector's from the worker's offset store, a sink connector's
     * from its consumer group.
     *
     * @since 1.1
     */
    CompletionStage<ConnectorOffsets> connectorOffsets(String connector);

    /**
     * Writes offsets for a STOPPED connector (KIP-875); a null offset resets that partition. Completes with the
     * message to answer with.
     *
     * @since 1.1
     */
    CompletionStage<String> alterConnectorOffsets(String connector, ConnectorOffsets offsets);

    /**
     * Removes every offset of a STOPPED connector (KIP-875). Completes with the message to answer with.
     *
     * @since 1.1
     */
    CompletionStage<String> resetConnectorOffsets(String connector);

    /**
     * The topics the connector's tasks produced to or consumed from since it was created or its topics were last
     * reset (KIP-558); empty for an unknown connector, as in Kafka Connect.
     *
     * @throws HerderException 403 when the worker's {@code topic.tracking.enable} is false
     * @since 1.1
     */
    List<String> connectorActiveTopics(String connector);

    /**
     * Forgets the topics the connector used.
     *
     * @throws HerderException 403 when topic tracking or its reset ({@code topic.tracking.allow.reset}) is disabled
     * @since 1.1
     */
    void resetConnectorActiveTopics(String connector);

    /**
     * Restarts a connector and its tasks as Kafka Connect's {@code RestartPlan} (KIP-745): the connector unless
     * {@code onlyFailed} and it is not FAILED; with {@code includeTasks}, each task (only the FAILED ones with
     * {@code onlyFailed}). Completes with the plan: the status before the restart, each instance restarted shown
     * RESTARTING (the current status would race with the restarted instances reporting RUNNING again). This default
     * suits a herder that runs everything itself; a cluster's herder has the leader write a restart request.
     *
     * @since 1.2
     */
    default CompletionStage<ConnectorStateInfo> restartConnectorAndTasks(String connector, boolean onlyFailed,
            boolean includeTasks) {
        ConnectorStateInfo before;
        try {
            before = connectorStatus(connector);
        } catch (HerderException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean restartConnector = !onlyFailed || before.connector().state() == State.FAILED;
        Map<Integer, InstanceState> planned = new HashMap<>();
        CompletionStage<Void> done = restartConnector ? restartConnector(connector)
                : CompletableFuture.completedFuture(null);
        for (Map.Entry<Integer, InstanceState> task : before.tasks().entrySet()) {
            InstanceState state = task.getValue();
            boolean restart = includeTasks && (!onlyFailed || state.state() == State.FAILED);
            planned.put(task.getKey(), restart ? state.restarting() : state);
            if (restart) {
                ConnectorTaskId id = new ConnectorTaskId(connector, task.getKey());
                done = done.thenCompose(ignored -> restartTask(id));
            }
        }
        InstanceState plannedConnector = restartConnector ? before.connector().restarting() : before.connector();
        ConnectorStateInfo plan = new ConnectorStateInfo(connector, plannedConnector, planned, before.type());
        return done.thenApply(ignored -> plan);
    }

    /**
     * Receives the task configurations a connector generated on another worker of the cluster, as Kafka Connect's
     * internal {@code POST /connectors/{c}/tasks}. Only the leader writes them (others fail the stage with a
     * {@link ForwardRequestException}); the request must be signed with the cluster's session key: a missing
     * signature is refused with 400, an invalid one or an unknown algorithm with 403. A standalone worker refuses
     * every such request.
     *
     * @param signature the request's signature, or null when the request carried none
     * @since 1.2
     */
    CompletionStage<Void> putTaskConfigs(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature);

    /**
     * Sets a logger's level on every worker of the cluster ({@code PUT /admin/loggers/{namespace}?scope=cluster},
     * KIP-976), as Kafka Connect does: a distributed worker writes it to the config topic (whichever worker receives
     * it; no forwarding), and every worker applies it as it reads the record; a worker that starts afterwards keeps
     * the levels of its own logging configuration, as Kafka Connect's workers ignore levels written before they
     * started. A standalone worker, the whole cluster, applies it at once. {@code level} is one the logging backend
     * accepts (the REST resource checks it).
     *
     * @since 1.3
     */
    CompletionStage<Void> setClusterLoggerLevel(String namespace, String level);

    /**
     * A round of zombie fencing for a source connector with exactly-once support (KIP-618), as Kafka Connect's
     * internal {@code PUT /connectors/{c}/fence}: the leader fences the transactional producers of the connector's
     * previous generation of tasks, then records the current task count in the config topic; a worker whose task is
     * about to start asks for it. Signed as {@link #putTaskConfigs}; only the leader serves it (others fail the stage
     * with a {@link ForwardRequestException}); 404 for an unknown connector, 400 for a sink. A standalone worker
     * refuses every such request.
     *
     * @param signature the request's signature, or null when the request carried none
     * @since 1.4
     */
    CompletionStage<Void> fenceZombieSourceTasks(String connector, RequestSignature signature);
}

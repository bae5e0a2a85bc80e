package io.fluxgate.api.storage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.osgi.annotation.versioning.ProviderType;

import io.fluxgate.api.herder.TargetState;

/**
 * The connectors' configurations, task configurations and target states of a cluster, and the requests the leader
 * broadcasts (restarts, session keys, logger levels): Kafka Connect's config topic.
 *
 * <p>One writer at a time: the cluster's leader (target states and logger levels excepted, as in Kafka Connect).
 * Every write returns once the topic has acknowledged it; the writes of connector configurations, task configurations,
 * session keys and restart requests also wait until this store has read them back, so the next {@link #snapshot()}
 * shows them. A write that cannot complete within the store's write timeout throws
 * {@link org.apache.kafka.connect.errors.ConnectException}.
 *
 * <p>Task configurations take effect only with the commit record that follows them, as in Kafka Connect: a reader
 * never sees half of a new set of tasks.
 *
 * <p>Privileged writes. When the worker's {@code exactly.once.source.support} is {@code preparing} or {@code enabled},
 * the leader writes connector configurations (and their removal), task configurations, task count records, session
 * keys and restart requests through a transactional producer ({@code transactional.id}
 * {@code connect-cluster-<group.id>}, as Apache Kafka Connect), each write one transaction, so that a deposed leader
 * can write nothing once a new one has claimed the topic. Such a write throws {@link PrivilegedWriteException} when
 * {@link #claimWritePrivileges()} has not been called, or when another worker has claimed the topic since; the next
 * claim then starts afresh. Target states and logger levels, which any worker may write, never need a claim. When
 * the support is {@code disabled} (the default) no write needs a claim.
 */
@ProviderType
public interface ConfigStore {

    /**
     * Creates the topic if it is missing, checks it (one partition, compacted), and reads it to the end; then
     * listeners are told of new records. Throws {@link org.apache.kafka.common.config.ConfigException} naming the
     * topic when it cannot be used.
     */
    void start();

    /** Stops reading and writing; listeners are told nothing more. */
    void stop();

    /** What has been read so far. */
    ConfigSnapshot snapshot();

    /** Reads every record written before the call; throws when that takes longer than {@code timeout}. */
    void refresh(Duration timeout) throws TimeoutException;

    /**
     * Writes a connector's configuration, and with a non-null {@code targetState} its target state first (a new
     * connector created PAUSED or STOPPED never starts).
     */
    void putConnectorConfig(String connector, Map<String, String> config, TargetState targetState);

    /** Deletes a connector: tombstones for its configuration and its target state. */
    void removeConnectorConfig(String connector);

    /** Writes the connector's task configurations, task 0 first, then the commit that applies them. */
    void putTaskConfigs(String connector, List<Map<String, String>> taskConfigs);

    /**
     * Writes the connector's task count record ({@code tasks-fencing-<connector>}, value {@code {"task-count": N}})
     * and waits until it is read back: the producers of at most {@code taskCount} tasks of the connector may be alive,
     * and its tasks are no longer {@linkplain ConfigSnapshot#pendingFencing(String) pending fencing}. A privileged
     * write.
     */
    void putTaskCountRecord(String connector, int taskCount);

    /**
     * Makes this worker the only one that can make privileged writes, fencing the transactional producer of any
     * worker that claimed them before (a leader that lost its leadership without knowing it). Does nothing when this
     * worker already holds the claim or when exactly-once source support is {@code disabled}. Throws
     * {@link org.apache.kafka.connect.errors.ConnectException} when the producer cannot be created or initialized.
     */
    void claimWritePrivileges();

    void putTargetState(String connector, TargetState state);

    void putSessionKey(SessionKey key);

    void putRestartRequest(RestartRequest request);

    void putLoggerLevel(String namespace, String level);

    void addListener(ConfigListener listener);

    void removeListener(ConfigListener listener);
}

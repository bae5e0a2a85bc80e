package io.fluxgate.api.storage;

import java.util.Collection;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * The states of connectors and tasks, and the topics they use, as each worker reports them: Kafka Connect's status
 * topic. Every worker reads all of it; each writes the states of what it runs.
 *
 * <p>Writes are asynchronous (the reads answer from what the store has read, its own writes included once they come
 * back); a write failing with a retriable error is retried until it succeeds or a newer write of the same status, or
 * of a newer generation, supersedes it. {@link #flush()} waits for the writes in flight.
 */
@ProviderType
public interface StatusStore {

    /** Creates the topic if it is missing, checks that it is compacted, and reads it to the end. */
    void start();

    void stop();

    /** Writes the status whatever the last one was. */
    void put(ConnectorStatus status);

    /**
     * Writes the status unless the last one read came from another worker in a newer generation: a worker that lost
     * the connector in a rebalance must not overwrite what its new owner reported.
     */
    void putSafe(ConnectorStatus status);

    void put(TaskStatus status);

    void putSafe(TaskStatus status);

    /** Records that a task used a topic. */
    void put(TopicStatus status);

    /** Deletes the status of a deleted connector and of each of its tasks. */
    void delete(String connector, int generation);

    /** Deletes the status of a task that no longer exists. */
    void delete(ConnectorTaskId task, int generation);

    /** Forgets that the connector used the topic. */
    void deleteTopic(String connector, String topic);

    /** Waits until the writes in flight are acknowledged. */
    void flush();

    /** The connector's last status, or null. */
    ConnectorStatus get(String connector);

    /** The task's last status, or null. */
    TaskStatus get(ConnectorTaskId task);

    /** The last status of each of the connector's tasks. */
    Collection<TaskStatus> getAll(String connector);

    /** The connector's use of the topic, or null. */
    TopicStatus getTopic(String connector, String topic);

    /** The topics the connector used. */
    Collection<TopicStatus> getAllTopics(String connector);

    /** The connectors that have a status. */
    Set<String> connectors();
}

package io.fluxgate.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The three stores of a distributed worker, on the internal topics its settings name, sharing one Kafka admin client.
 * None is started: the herder starts each when it needs it (Kafka Connect's order is the offsets with the worker, then
 * statuses, then configurations before joining the group) and {@link #close()} stops whatever is still running.
 */
@ProviderType
public interface DistributedStores extends AutoCloseable {

    /** {@code config.storage.topic}. */
    ConfigStore configs();

    /** {@code offset.storage.topic}. */
    OffsetBackingStore offsets();

    /**
     * A store on a source connector's own offsets topic (its {@code offsets.storage.topic}, KIP-618), not started:
     * {@link OffsetBackingStore#start()} creates the topic if it is missing, as {@code offset.storage.topic} is created
     * (its partitions, replication factor and other {@code offset.storage.*} topic settings), and reads it from its
     * beginning, {@code read_committed}; {@link OffsetBackingStore#stop()} closes the store's clients. The caller
     * owns it: {@link #close()} does not stop it.
     *
     * @param topic   the connector's offsets topic
     * @param clients the connector's client settings; without a producer, {@code set} fails
     * @since 1.3
     */
    OffsetBackingStore connectorOffsets(String topic, OffsetTopicClients clients);

    /** {@code status.storage.topic}. */
    StatusStore statuses();

    /** Stops the stores and releases the admin client. */
    @Override
    void close();
}

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

    /** {@code status.storage.topic}. */
    StatusStore statuses();

    /** Stops the stores and releases the admin client. */
    @Override
    void close();
}

package io.fluxgate.api.storage;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens the stores of a distributed worker. A service: opening does no I/O beyond resolving the brokers' addresses,
 * so the service is harmless in standalone mode, where nothing calls it.
 */
@ProviderType
public interface DistributedStoreFactory {

    /**
     * The stores on the internal topics named by the worker settings ({@code group.id}, {@code config.storage.topic},
     * {@code offset.storage.topic}, {@code status.storage.topic}, their {@code .partitions} and
     * {@code .replication.factor}, other {@code <prefix>.*} topic settings, and the Kafka client settings).
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the first invalid setting
     */
    DistributedStores open(Map<String, ?> workerSettings);
}

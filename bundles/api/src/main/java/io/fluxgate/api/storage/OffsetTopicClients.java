package io.fluxgate.api.storage;

import java.util.Map;

/**
 * The Kafka client settings a source connector's own offsets topic is read and written with: the connector's own, as
 * Apache Kafka Connect builds them (the worker's settings, then the connector's {@code producer.override.*},
 * {@code consumer.override.*} and {@code admin.override.*}), so that a connector writing to another cluster keeps its
 * offsets in that cluster, beside its records. Serializers, isolation level and group settings are the store's.
 *
 * @param producer the producer's settings; null for a store that is only read
 * @param consumer the settings of the consumer that reads the topic from its beginning
 * @param admin    the settings of the admin client that creates the topic and reads its end offsets
 */
public record OffsetTopicClients(Map<String, Object> producer, Map<String, Object> consumer,
        Map<String, Object> admin) {

    public OffsetTopicClients {
        producer = producer == null ? null : Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
        admin = Map.copyOf(admin);
    }

    /** Whether the store may be written. */
    public boolean writable() {
        return producer != null;
    }
}

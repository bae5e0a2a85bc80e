package io.fluxgate.storage.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of the Kafka clients that read and write the internal topics, built as Kafka Connect builds them: the
 * worker's own settings (so {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.*}... apply), the client
 * ids {@code <group.id>[-<client.id>]-configs|offsets|statuses}, durable ordered writes, and reads from the
 * beginning. Serializers are byte arrays for keys too: Kafka Connect's string keys are their UTF-8 bytes, which the
 * default partitioner places in the same partitions. (De)serializers are given as classes, not names, so that no
 * thread context class loader is involved inside OSGi.
 */
public final class ClientSettings {

    private static final String FLUXGATE_PREFIX = "fluxgate.";

    private final Map<String, Object> worker;
    private final String clientIdBase;

    /**
     * @param worker the worker settings as strings; Fluxgate's own keys are left out, the Kafka clients would only
     *               warn about them
     */
    public ClientSettings(Map<String, String> worker, String groupId) {
        Map<String, Object> base = new HashMap<>();
        worker.forEach((key, value) -> {
            if (!key.startsWith(FLUXGATE_PREFIX)) {
                base.put(key, value);
            }
        });
        this.worker = Map.copyOf(base);
        String userClientId = worker.get(CommonClientConfigs.CLIENT_ID_CONFIG);
        // ConnectUtils.clientIdBase: the group id, the user's client id if any, and a trailing hyphen.
        this.clientIdBase = groupId + (userClientId == null || userClientId.isBlank() ? "" : "-" + userClientId) + "-";
    }

    public String clientIdBase() {
        return clientIdBase;
    }

    /** The admin client the three stores share ({@code SharedTopicAdmin}). */
    public Map<String, Object> admin() {
        Map<String, Object> props = new HashMap<>(worker);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase + "shared-admin");
        return props;
    }

    /**
     * A producer whose writes are acknowledged by every in-sync replica and never reordered. Idempotence stays off as
     * in Kafka Connect, which must also run against brokers or ACLs that do not allow it.
     *
     * @param purpose   {@code configs}, {@code offsets} or {@code statuses}
     * @param retryHere true for the status topic, whose writes the store retries itself (a retried status could
     *                  overwrite a newer one); false to let the producer retry without end, as Kafka Connect does for
     *                  configurations and offsets, the callers bounding how long they wait
     */
    public Map<String, Object> producer(String purpose, boolean retryHere) {
        Map<String, Object> props = new HashMap<>(worker);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        if (retryHere) {
            props.put(ProducerConfig.RETRIES_CONFIG, 0);
        } else {
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        }
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase + purpose);
        return props;
    }

    /**
     * The config topic's producer of a leader that must be able to fence its predecessors (Kafka Connect's "fencable
     * producer", when {@code exactly.once.source.support} is {@code preparing} or {@code enabled}): the
     * {@link #producer} of the configurations with Apache's client id {@code <base>configs-leader}, idempotent (as
     * transactions require, whatever the worker says) and with Apache's {@code transactional.id}.
     */
    public Map<String, Object> transactionalProducer(String purpose, String transactionalId) {
        Map<String, Object> props = producer(purpose, false);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase + purpose + "-leader");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Safe with idempotence: the broker keeps the order of up to 5 requests in flight.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return props;
    }

    /**
     * A consumer that reads every partition from the beginning and never commits.
     *
     * @param readCommitted skip records of aborted transactions. Apache Kafka Connect writes its offsets topic
     *                      (source tasks) and config topic (leader) in transactions when exactly-once source support
     *                      is enabled; a worker taking over such topics must not apply what was aborted. For topics
     *                      written without transactions it reads the same records.
     */
    public Map<String, Object> consumer(String purpose, boolean readCommitted) {
        Map<String, Object> props = new HashMap<>(worker);
        if (readCommitted) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase + purpose);
        return props;
    }
    /**
     * The producer of a source connector's own offsets topic: the connector's settings ({@code given}, Apache's
     * {@code baseProducerConfigs}), with the byte-array serializers given as classes, never transactional (an
     * exactly-once task writes its offsets with its own producer).
     */
    public static Map<String, Object> connectorOffsetsProducer(Map<String, Object> given) {
        Map<String, Object> props = new HashMap<>(given);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return props;
    }

    /**
     * The consumer of a source connector's own offsets topic: the connector's settings ({@code given}), reading every
     * partition from the beginning without a group, {@code read_committed} as Apache's
     * {@code exactlyOnceSourceOffsetsConsumerConfigs} and {@code regularSourceOffsetsConsumerConfigs} read it (the
     * topic may hold offsets of aborted transactions).
     */
    public static Map<String, Object> connectorOffsetsConsumer(Map<String, Object> given) {
        Map<String, Object> props = new HashMap<>(given);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }
}

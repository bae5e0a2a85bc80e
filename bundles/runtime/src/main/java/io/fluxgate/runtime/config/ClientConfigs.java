package io.fluxgate.runtime.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest.ClientType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectorType;

import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * The settings of the Kafka clients a connector's tasks use, built as Kafka Connect's worker builds them: the
 * framework's safe defaults, then the worker's {@code producer.}/{@code consumer.}/{@code admin.} settings, then the
 * connector's {@code *.override.*} settings that the override policy allows.
 */
public final class ClientConfigs {

    static final int DEFAULT_BATCH_SIZE = 64 * 1024;
    static final long DEFAULT_BUFFER_MEMORY = 2L * 1024 * 1024;

    private final WorkerSettings settings;
    private final ClientOverridePolicy policy;

    public ClientConfigs(WorkerSettings settings, ClientOverridePolicy policy) {
        this.settings = settings;
        this.policy = policy;
    }

    public Map<String, Object> producer(ConnectorConfig config, Class<? extends Connector> connectorClass,
            ConnectorType type, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // No record may be lost or reordered: infinite retries and blocking, every replica acknowledges. Unlike
        // Kafka Connect (idempotence off, one request in flight), the producer is idempotent with five requests in
        // flight: the broker's sequence numbers keep each partition in order through retries, and a pipelined
        // producer keeps up with its task instead of leaving records queued in memory.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        // Larger batches cost the broker and the producer less per record; a smaller buffer bounds what a task
        // may have unacknowledged (each queued record keeps its SourceRecord alive until acknowledged): send()
        // blocks sooner, which is the backpressure a source needs, and the heap stays small.
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(DEFAULT_BATCH_SIZE));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(settings.originalsWithPrefix("producer."));
        addMetricsContext(props);
        props.putAll(overrides(config, connectorClass, type, ConnectorConfigDefs.PRODUCER_OVERRIDE_PREFIX,
                ClientType.PRODUCER));
        props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferMemory(props)));
        if (!Boolean.parseBoolean(String.valueOf(props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).trim())
                && !explicitly(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, config)) {
            // Without idempotence only one request in flight keeps a partition's records in order on retry.
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        }
        return props;
    }

    /** The default buffer: two megabytes, and always room for two of the largest requests allowed. */
    private static long bufferMemory(Map<String, Object> props) {
        Object maxRequest = props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        try {
            long largest = maxRequest == null ? 0 : Long.parseLong(String.valueOf(maxRequest).trim());
            return Math.max(DEFAULT_BUFFER_MEMORY, 2 * largest);
        } catch (NumberFormatException invalid) {
            return DEFAULT_BUFFER_MEMORY; // the producer's own validation names the bad value
        }
    }

    /** Whether the worker's {@code producer.} settings or the connector's overrides set this producer key. */
    private boolean explicitly(String producerKey, ConnectorConfig config) {
        return settings.originalsWithPrefix("producer.").containsKey(producerKey)
                || config.originalsWithPrefix(ConnectorConfigDefs.PRODUCER_OVERRIDE_PREFIX).containsKey(producerKey);
    }

    public Map<String, Object> consumer(ConnectorConfig config, Class<? extends Connector> connectorClass,
            String clientId) {
        return consumer(config, connectorClass, ConnectorType.SINK, clientId);
    }

    /**
     * A consumer of the connector's: a sink's records, or a source's own offsets topic (Apache's
     * {@code baseConsumerConfigs}, the override policy told the connector's type).
     */
    public Map<String, Object> consumer(ConnectorConfig config, Class<? extends Connector> connectorClass,
            ConnectorType type, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "connect-" + config.name());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putAll(settings.originalsWithPrefix("consumer."));
        addMetricsContext(props);
        props.putAll(overrides(config, connectorClass, type, ConnectorConfigDefs.CONSUMER_OVERRIDE_PREFIX,
                ClientType.CONSUMER));
        return props;
    }

    public Map<String, Object> admin(ConnectorConfig config, Class<? extends Connector> connectorClass,
            ConnectorType type, String clientId) {
        Map<String, Object> props = new HashMap<>();
        // Kafka passes the worker's unprefixed settings too (security...); only the admin client's own are kept,
        // so that nothing else is logged as unknown.
        settings.originals().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(settings.originalsWithPrefix("admin."));
        addMetricsContext(props);
        props.putAll(overrides(config, connectorClass, type, ConnectorConfigDefs.ADMIN_OVERRIDE_PREFIX,
                ClientType.ADMIN));
        return props;
    }

    /**
     * Apache's {@code ConnectUtils.addMetricsContextProperties}: the worker's {@code metrics.context.*} settings and,
     * in distributed mode, {@code connect.group.id}, for the reporters of the task's clients, before the connector's
     * overrides. (Apache also adds {@code connect.kafka.cluster.id}, which Fluxgate's workers do not look up before
     * they start: docs/metrics.md.)
     */
    private void addMetricsContext(Map<String, Object> props) {
        settings.originals().forEach((key, value) -> {
            if (key.startsWith(CommonClientConfigs.METRICS_CONTEXT_PREFIX)) {
                props.put(key, value);
            }
        });
        String groupId = settings.originals().get(WorkerConfigKeys.GROUP_ID);
        if (groupId != null) {
            props.put(CommonClientConfigs.METRICS_CONTEXT_PREFIX + "connect.group.id", groupId);
        }
    }

    private Map<String, Object> overrides(ConnectorConfig config, Class<? extends Connector> connectorClass,
            ConnectorType type, String prefix, ClientType clientType) {
        Map<String, Object> overrides = config.originalsWithPrefix(prefix);
        if (overrides.isEmpty()) {
            return overrides;
        }
        List<ConfigValue> refused = policy.validate(new ConnectorClientConfigRequest(config.name(), type,
                connectorClass, overrides, clientType)).stream().filter(v -> !v.errorMessages().isEmpty()).toList();
        // The herder's validation refuses these first; this guards configurations stored before a policy change.
        if (!refused.isEmpty()) {
            throw new ConnectException("Client Config Overrides not allowed " + refused);
        }
        return overrides;
    }
}

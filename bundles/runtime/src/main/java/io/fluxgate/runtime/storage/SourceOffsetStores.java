package io.fluxgate.runtime.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.health.ConnectorType;

import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.api.storage.OffsetTopicClients;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.WorkerSettings;

/**
 * Where a source connector's offsets are read and written, as Apache's worker decides it
 * ({@code Worker.offsetStoreFor*}): in the worker's offsets store, unless the worker permits connectors' own offsets
 * topics (distributed mode) and the connector names one in {@code offsets.storage.topic}; that topic then comes first,
 * the worker's store behind it ({@link ConnectorOffsetBackingStore}). An exactly-once task writes its offsets in its
 * transactions to its connector's topic, the worker's offsets topic when the connector names none.
 *
 * <p>A connector topic that is the worker's own (same name, same {@code bootstrap.servers}: Apache's
 * {@code sameOffsetTopicAsWorker}) is read through the worker's store, which already follows it
 * {@code read_committed}; Apache opens one more consumer on it for the connector's client settings, which on the same
 * cluster change nothing but the client ids.
 */
public final class SourceOffsetStores {

    /** Opens a store on a connector's own offsets topic (distributed mode's stores). */
    @FunctionalInterface
    public interface ConnectorTopics {
        OffsetBackingStore open(String topic, OffsetTopicClients clients);
    }

    private final WorkerSettings settings;
    private final ClientConfigs clients;
    private final OffsetBackingStore worker;
    private final ConnectorTopics connectorTopics;

    /**
     * @param connectorTopics how connectors' own topics are opened; null where they are not permitted (standalone
     *                        mode, whose offsets live in a file: {@code offsets.storage.topic} has no effect there)
     */
    public SourceOffsetStores(WorkerSettings settings, ClientConfigs clients, OffsetBackingStore worker,
            ConnectorTopics connectorTopics) {
        this.settings = settings;
        this.clients = clients;
        this.worker = worker;
        this.connectorTopics = connectorTopics;
    }

    /** The worker's offsets store. */
    public OffsetBackingStore worker() {
        return worker;
    }

    /**
     * The store a source connector's offset reader and the offsets REST endpoints use, read-write, not started.
     *
     * @param clientId the clients' id suffix: the connector's name, or a task's id
     */
    public ConnectorOffsetBackingStore forConnector(ConnectorConfig config, Class<? extends Connector> connectorClass,
            String clientId) {
        String topic = connectorTopics == null ? null : config.offsetsStorageTopic();
        if (topic == null) {
            return ConnectorOffsetBackingStore.workerOnly(worker);
        }
        Map<String, Object> producer = clients.producer(config, connectorClass, ConnectorType.SOURCE,
                "connector-offsets-producer-" + clientId);
        if (sameTopicAsWorker(topic, producer)) {
            return ConnectorOffsetBackingStore.workerOnly(worker);
        }
        return ConnectorOffsetBackingStore.withConnectorStore(worker,
                connectorTopics.open(topic, topicClients(config, connectorClass, producer, clientId)));
    }

    /**
     * The store of an exactly-once source task: its offsets are written by {@code producer}, in its transactions, to
     * the connector's own topic or else the worker's, and read through the same {@link ConnectorOffsetBackingStore}
     * as {@link #forConnector}. Not started.
     */
    public TransactionalOffsetStore forExactlyOnceTask(ConnectorConfig config,
            Class<? extends Connector> connectorClass, String taskId, Producer<byte[], byte[]> producer) {
        String own = connectorTopics == null ? null : config.offsetsStorageTopic();
        String topic = own != null ? own : workerTopic();
        Map<String, Object> producerSettings = clients.producer(config, connectorClass, ConnectorType.SOURCE,
                "connector-producer-" + taskId);
        ConnectorOffsetBackingStore reads = connectorTopics == null || sameTopicAsWorker(topic, producerSettings)
                ? ConnectorOffsetBackingStore.workerOnly(worker)
                : ConnectorOffsetBackingStore.withConnectorStore(worker, connectorTopics.open(topic,
                        topicClients(config, connectorClass, null, taskId)));
        return new TransactionalOffsetStore(reads, producer, topic);
    }

    private OffsetTopicClients topicClients(ConnectorConfig config, Class<? extends Connector> connectorClass,
            Map<String, Object> producer, String clientId) {
        return new OffsetTopicClients(producer,
                clients.consumer(config, connectorClass, ConnectorType.SOURCE, "connector-consumer-" + clientId),
                clients.admin(config, connectorClass, ConnectorType.SOURCE, "connector-adminclient-" + clientId));
    }

    /**
     * Apache's best guess: the same name and the same {@code bootstrap.servers} (a connector whose producer writes to
     * another cluster keeps its topic there, even under the worker's topic's name).
     */
    private boolean sameTopicAsWorker(String topic, Map<String, Object> producer) {
        return topic.equals(workerTopic()) && servers(settings.bootstrapServers())
                .equals(servers(Objects.toString(producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG), "")));
    }

    private String workerTopic() {
        String topic = settings.originals().get(WorkerConfigKeys.OFFSET_STORAGE_TOPIC);
        return topic == null ? "" : topic.trim();
    }

    private static Set<String> servers(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}

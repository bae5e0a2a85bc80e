package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.OffsetTopicClients;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * Where a source connector's offsets go, decided as Apache's {@code Worker.offsetStoreFor*}: the worker's store unless
 * the connector names a topic of its own that is not the worker's, opened on the connector's clients, read-only for
 * an exactly-once task (whose producer writes its offsets); never a topic of its own in standalone mode.
 */
class SourceOffsetStoresTest {

    private static final String WORKER_SERVERS = "127.0.0.1:9";
    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins(
            TestSourceConnector.class);
    private final MemoryOffsetBackingStore worker = new MemoryOffsetBackingStore();
    /** The topics opened and the clients they were opened with. */
    private final List<String> opened = new ArrayList<>();
    private final List<OffsetTopicClients> openedWith = new ArrayList<>();
    private final SourceOffsetStores.ConnectorTopics topics = (topic, clients) -> {
        opened.add(topic);
        openedWith.add(clients);
        return new MemoryOffsetBackingStore();
    };

    @Test
    void aConnectorWithoutATopicOfItsOwnUsesTheWorkersStore() {
        ConnectorOffsetBackingStore store = stores(topics).forConnector(connector(), TestSourceConnector.class,
                "orders");
        assertFalse(store.hasConnectorStore());
        assertEquals(List.of(), opened);
    }

    @Test
    void aTopicOfItsOwnComesFirstOnTheConnectorsClients() {
        ConnectorOffsetBackingStore store = stores(topics).forConnector(connector("offsets.storage.topic",
                " orders-offsets ", "consumer.override.max.poll.records", "7"), TestSourceConnector.class, "orders");

        assertTrue(store.hasConnectorStore());
        assertEquals(List.of("orders-offsets"), opened);
        OffsetTopicClients clients = openedWith.get(0);
        assertTrue(clients.writable(), "the REST endpoints and at-least-once tasks write through it");
        assertEquals("7", clients.consumer().get("max.poll.records"), "the connector's consumer overrides");
        assertEquals("connector-consumer-orders", clients.consumer().get("client.id"));
        assertEquals("connector-adminclient-orders", clients.admin().get("client.id"));
        assertEquals(WORKER_SERVERS, clients.admin().get("bootstrap.servers"));
    }

    @Test
    void theWorkersOwnTopicNamedByTheConnectorIsReadThroughTheWorkersStore() {
        ConnectorOffsetBackingStore store = stores(topics).forConnector(connector("offsets.storage.topic",
                "connect-offsets"), TestSourceConnector.class, "orders");
        assertFalse(store.hasConnectorStore());
        assertEquals(List.of(), opened);
    }

    @Test
    void theWorkersTopicNameOnAnotherClusterIsAnotherTopic() {
        ConnectorOffsetBackingStore store = stores(topics).forConnector(connector("offsets.storage.topic",
                "connect-offsets", "producer.override.bootstrap.servers", "127.0.0.1:19"), TestSourceConnector.class,
                "orders");
        assertTrue(store.hasConnectorStore());
        assertEquals("127.0.0.1:19", openedWith.get(0).producer().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void standaloneModeHasNoConnectorTopics() {
        ConnectorOffsetBackingStore store = stores(null).forConnector(connector("offsets.storage.topic",
                "orders-offsets"), TestSourceConnector.class, "orders");
        assertFalse(store.hasConnectorStore(), "Apache: the setting has no effect in standalone mode");
    }

    @Test
    void anExactlyOnceTaskWritesToItsConnectorsTopicElseTheWorkers() {
        TransactionalOffsetStore own = stores(topics).forExactlyOnceTask(connector("offsets.storage.topic",
                "orders-offsets"), TestSourceConnector.class, "orders-0", null);
        assertEquals("orders-offsets", own.topic());
        assertEquals(List.of("orders-offsets"), opened);
        assertNull(openedWith.get(0).producer(), "read only: the task's transactions write it");

        TransactionalOffsetStore shared = stores(topics).forExactlyOnceTask(connector(), TestSourceConnector.class,
                "orders-0", null);
        assertEquals("connect-offsets", shared.topic());
        assertEquals(1, opened.size(), "the worker's topic is read through the worker's store");
    }

    private SourceOffsetStores stores(SourceOffsetStores.ConnectorTopics connectorTopics) {
        WorkerSettings settings = WorkerSettings.of(Map.of("bootstrap.servers", WORKER_SERVERS,
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter", "fluxgate.mode", "distributed",
                "group.id", "connect-cluster", "config.storage.topic", "connect-configs",
                "offset.storage.topic", "connect-offsets", "status.storage.topic", "connect-status",
                "connector.client.config.override.policy", "All"));
        ClientConfigs clients = new ClientConfigs(settings, ClientOverridePolicy.of(
                settings.clientConfigOverridePolicy(), settings.originals(), registry));
        return new SourceOffsetStores(settings, clients, worker, connectorTopics);
    }

    private static ConnectorConfig connector(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("name", "orders",
                "connector.class", TestSourceConnector.class.getName()));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return new ConnectorConfig(config);
    }
}

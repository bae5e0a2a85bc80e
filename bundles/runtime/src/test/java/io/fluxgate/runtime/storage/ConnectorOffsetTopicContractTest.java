package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.api.storage.OffsetTopicClients;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.Workers;

/**
 * A source connector's own offsets topic ({@code offsets.storage.topic}) in front of the worker's offsets topic, on
 * the module's shared test broker: the store keeps the offset store contract, its topic is created as the worker's
 * offsets topic is, and what a connector writes there is copied to the worker's topic behind it.
 */
class ConnectorOffsetTopicContractTest extends OffsetBackingStoreContract {

    private final Map<String, String> settings = settings();
    private final String connectorTopic = Workers.topic("orders-offsets");
    private final List<DistributedStores> clients = new ArrayList<>();

    private static Map<String, String> settings() {
        Map<String, String> settings = Workers.settings();
        settings.put("offset.storage.partitions", "3");
        settings.put("offset.storage.segment.bytes", "1048576");
        return settings;
    }

    @Override
    protected OffsetBackingStore newInstance() {
        DistributedStores stores = new KafkaStoreFactory().open(settings);
        clients.add(stores);
        stores.offsets().start(); // the worker's, started with the worker
        return ConnectorOffsetBackingStore.withConnectorStore(stores.offsets(),
                stores.connectorOffsets(connectorTopic, connectorClients()));
    }

    private OffsetTopicClients connectorClients() {
        Map<String, Object> cluster = Map.of("bootstrap.servers", settings.get("bootstrap.servers"));
        return new OffsetTopicClients(cluster, cluster, cluster);
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected int setsPerThread() {
        return 50;
    }

    @Override
    protected void releaseStorage() {
        clients.forEach(DistributedStores::close);
    }

    @Test
    void theConnectorsTopicIsCreatedAsTheWorkersOffsetsTopicIs() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.get("bootstrap.servers")))) {
            TopicDescription topic = admin.describeTopics(Set.of(connectorTopic)).allTopicNames().get()
                    .get(connectorTopic);
            assertEquals(3, topic.partitions().size(), "offset.storage.partitions");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, connectorTopic);
            var config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals("1048576", config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value(), "offset.storage.*");
        }
    }

    @Test
    void whatTheConnectorWritesIsReadFromItsTopicAndCopiedToTheWorkersBehindIt() {
        ByteBuffer key = bytes("[\"orders\",{\"file\":\"a\"}]");
        newInstance(); // one more worker's stores, to read the worker's topic alone
        DistributedStores other = clients.get(clients.size() - 1);

        store().set(Map.of(key, bytes("{\"position\":7}")));

        Await.until("the offset copied to the worker's topic", Duration.ofSeconds(30),
                () -> other.offsets().get(List.of(key)).containsKey(key));
        assertEquals("{\"position\":7}", StandardCharsets.UTF_8.decode(other.offsets().get(List.of(key)).get(key))
                .toString());
        OffsetBackingStore connectorOnly = other.connectorOffsets(connectorTopic, connectorClients());
        connectorOnly.start();
        try {
            assertEquals(Set.of(key), connectorOnly.keys(), "written to the connector's own topic");
        } finally {
            connectorOnly.stop();
        }
    }
}

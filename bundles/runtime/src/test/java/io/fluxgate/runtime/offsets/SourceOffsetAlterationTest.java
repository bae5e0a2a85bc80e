package io.fluxgate.runtime.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.SourceOffsetStores;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * A source connector's offsets altered or reset through REST: in one transaction of its task 0's producer when the
 * worker runs sources exactly once (Apache's {@code Worker.modifySourceConnectorOffsets}), to the offsets topic its
 * tasks write; straight into the offset store otherwise.
 */
class SourceOffsetAlterationTest {

    private static final Map<String, String> CONNECTOR = Map.of("name", "orders",
            "connector.class", TestSourceConnector.class.getName());
    private static final Map<String, Object> PARTITION = Map.of("file", "a");

    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins(
            TestSourceConnector.class);
    private final WorkerSettings settings = WorkerSettings.of(Map.of("bootstrap.servers", "127.0.0.1:9",
            "key.converter", "org.apache.kafka.connect.json.JsonConverter",
            "value.converter", "org.apache.kafka.connect.json.JsonConverter", "fluxgate.mode", "distributed",
            "group.id", "connect-cluster", "config.storage.topic", "connect-configs",
            "offset.storage.topic", "connect-offsets", "status.storage.topic", "connect-status"));
    private final ClientConfigs clients = new ClientConfigs(settings, ClientOverridePolicy.of(
            settings.clientConfigOverridePolicy(), settings.originals(), registry));
    private final MemoryOffsetBackingStore worker = new MemoryOffsetBackingStore();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());

    private ConnectorOffsetsService service(ConnectorOffsetsService.TransactionalProducers producers) {
        return new ConnectorOffsetsService(registry, clients, new SourceOffsetStores(settings, clients, worker, null),
                new OffsetCodec(), producers);
    }

    @Test
    void exactlyOnceTheOffsetsAreWrittenInOneTransactionOfItsOwnToTheOffsetsTopic() {
        service((config, connectorClass) -> producer).alter("orders", CONNECTOR,
                new ConnectorOffsets(List.of(new ConnectorOffset(PARTITION, Map.of("position", 7)))));

        assertTrue(producer.transactionInitialized(), "initTransactions(): fences a task 0 that came back");
        assertTrue(producer.transactionCommitted());
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(1, sent.size());
        assertEquals("connect-offsets", sent.get(0).topic());
        assertEquals("[\"orders\",{\"file\":\"a\"}]", new String(sent.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("{\"position\":7}", new String(sent.get(0).value(), StandardCharsets.UTF_8));
        assertTrue(producer.closed(), "the producer is the request's");
        assertTrue(worker.keys().isEmpty(), "nothing written outside the transaction");
    }

    @Test
    void exactlyOnceAResetWritesItsTombstonesInTheTransaction() {
        OffsetCodec codec = new OffsetCodec();
        worker.set(Map.of(codec.key("orders", PARTITION), codec.value("orders", Map.of("position", 7L))));

        service((config, connectorClass) -> producer).reset("orders", CONNECTOR);

        assertTrue(producer.transactionCommitted());
        assertEquals(1, producer.history().size());
        assertNull(producer.history().get(0).value(), "a tombstone");
    }

    @Test
    void exactlyOnceAProducerThatCannotBeMadeFailsTheRequestNamingTheConnector() {
        HerderException refused = assertThrows(HerderException.class, () -> service((config, connectorClass) -> {
            throw new org.apache.kafka.common.KafkaException("Failed to construct kafka producer");
        }).alter("orders", CONNECTOR, new ConnectorOffsets(List.of(new ConnectorOffset(PARTITION,
                Map.of("position", 7))))));

        assertEquals(500, refused.status());
        assertEquals("Failed to modify offsets for source connector orders", refused.getMessage());
        assertTrue(worker.keys().isEmpty());
    }

    @Test
    void atLeastOnceTheOffsetsGoStraightIntoTheStore() {
        service(null).alter("orders", CONNECTOR,
                new ConnectorOffsets(List.of(new ConnectorOffset(PARTITION, Map.of("position", 7)))));

        assertFalse(worker.keys().isEmpty());
        assertEquals(List.of(new ConnectorOffset(PARTITION, Map.of("position", 7L))),
                service(null).offsets("orders", CONNECTOR).offsets());
    }
}

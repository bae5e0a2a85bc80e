package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.compat.ApacheWorker;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

/**
 * Source offsets committed by Apache Kafka Connect 4.3.1 (its {@code OffsetStorageWriter} into its
 * {@code KafkaOffsetBackingStore}) are read by a Fluxgate task (the runtime's {@link OffsetReader} over Fluxgate's
 * Kafka offset store), and the other way round; both write the same key and value bytes to the same partitions. This
 * is what lets every connector of a taken-over cluster resume from its committed offsets.
 */
class ApacheOffsetTopicCompatibilityTest {

    private static final String CONNECTOR = "file-source";
    private static final Map<String, Object> IN = Map.of("filename", "/data/in.txt");
    private static final Map<String, Object> GONE = Map.of("filename", "/data/gone.txt");
    private static final Map<String, Object> DB = partition("server", "db1", "table", "orders");

    private static Map<String, Object> partition(String... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> offset(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static void commitWithApache(Map<String, String> settings) throws Exception {
        try (ApacheWorker worker = new ApacheWorker(settings)) {
            KafkaOffsetBackingStore store = worker.offsetStore();
            store.start();
            try {
                org.apache.kafka.connect.storage.OffsetStorageWriter writer =
                        new org.apache.kafka.connect.storage.OffsetStorageWriter(store, CONNECTOR,
                                worker.keyConverter, worker.valueConverter);
                writer.offset(IN, offset("position", 4711L));
                writer.offset(GONE, offset("position", 1L));
                writer.offset(DB, offset("lsn", 123456789012L, "snapshot", true, "txId", "tx-9"));
                flush(writer);
                writer.offset(GONE, null);
                flush(writer);
            } finally {
                store.stop();
            }
        }
    }

    private static void flush(org.apache.kafka.connect.storage.OffsetStorageWriter writer) throws Exception {
        assertTrue(writer.beginFlush(10, TimeUnit.SECONDS));
        writer.doFlush((error, result) -> { }).get(10, TimeUnit.SECONDS);
    }

    private static void commitWithFluxgate(Map<String, String> settings) {
        try (DistributedStores stores = new KafkaStoreFactory().open(settings)) {
            stores.offsets().start();
            OffsetStorageWriter writer = new OffsetStorageWriter(stores.offsets(), new OffsetCodec(), CONNECTOR);
            writer.offset(IN, offset("position", 4711L));
            writer.offset(GONE, offset("position", 1L));
            writer.offset(DB, offset("lsn", 123456789012L, "snapshot", true, "txId", "tx-9"));
            assertTrue(writer.beginFlush());
            writer.doFlush();
            writer.offset(GONE, null);
            assertTrue(writer.beginFlush());
            writer.doFlush();
        }
    }

    @Test
    void aFluxgateTaskResumesFromOffsetsApacheCommitted() throws Exception {
        Map<String, String> settings = Workers.settings();
        commitWithApache(settings);
        try (DistributedStores stores = new KafkaStoreFactory().open(settings)) {
            stores.offsets().start();
            try (OffsetReader reader = new OffsetReader(stores.offsets(), new OffsetCodec(), CONNECTOR)) {
                assertEquals(Map.of("position", 4711L), reader.offset(IN));
                assertEquals(Map.of("lsn", 123456789012L, "snapshot", true, "txId", "tx-9"), reader.offset(DB));
                assertNull(reader.offset(GONE), "the tombstone reset it");
            }
            OffsetCodec codec = new OffsetCodec();
            assertEquals(2, stores.offsets().keys().stream().filter(k -> codec.partition(CONNECTOR, k) != null)
                    .count());
        }
    }

    @Test
    void anApacheTaskResumesFromOffsetsFluxgateCommitted() throws Exception {
        Map<String, String> settings = Workers.settings();
        commitWithFluxgate(settings);
        try (ApacheWorker worker = new ApacheWorker(settings)) {
            KafkaOffsetBackingStore store = worker.offsetStore();
            store.start();
            try {
                OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, CONNECTOR, worker.keyConverter,
                        worker.valueConverter);
                assertEquals(Map.of("position", 4711L), reader.offset(IN));
                assertEquals(Map.of("lsn", 123456789012L, "snapshot", true, "txId", "tx-9"), reader.offset(DB));
                assertNull(reader.offset(GONE));
                // What the REST offsets endpoint lists in Apache Kafka Connect.
                assertEquals(2, store.connectorPartitions(CONNECTOR).size());
            } finally {
                store.stop();
            }
        }
    }

    @Test
    void bothWriteTheSameBytesToTheSamePartitions() throws Exception {
        Map<String, String> apacheSettings = Workers.settings();
        Map<String, String> fluxgateSettings = Workers.settings();
        commitWithApache(apacheSettings);
        commitWithFluxgate(fluxgateSettings);
        // Within a flush the order of records is a hash map's; per key, and per partition, it is the same.
        Comparator<RawTopic.Entry> byPartitionThenKey = Comparator.comparingInt(RawTopic.Entry::partition)
                .thenComparing(entry -> new String(entry.key()));
        List<RawTopic.Entry> byApache = sortedStably(RawTopic.read(apacheSettings.get("offset.storage.topic")),
                byPartitionThenKey);
        List<RawTopic.Entry> byFluxgate = sortedStably(RawTopic.read(fluxgateSettings.get("offset.storage.topic")),
                byPartitionThenKey);
        assertEquals(4, byApache.size(), "three offsets and a tombstone");
        assertEquals(byApache, byFluxgate);
        Map<String, String> apacheRecords = new HashMap<>();
        byApache.forEach(entry -> apacheRecords.putIfAbsent(new String(entry.key()), entry.toString()));
        assertTrue(apacheRecords.containsKey("[\"file-source\",{\"filename\":\"/data/in.txt\"}]"),
                apacheRecords.toString());
        assertTrue(apacheRecords.values().stream().anyMatch(r -> r.endsWith("={\"position\":4711}")));
    }

    private static List<RawTopic.Entry> sortedStably(List<RawTopic.Entry> entries,
            Comparator<RawTopic.Entry> comparator) {
        return entries.stream().sorted(comparator).toList();
    }
}

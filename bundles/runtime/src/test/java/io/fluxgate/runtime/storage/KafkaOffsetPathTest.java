package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

/** The path a task's offsets take in distributed mode: the runtime's writer and reader over the Kafka offset store. */
class KafkaOffsetPathTest {

    private final OffsetCodec codec = new OffsetCodec();

    private static DistributedStores open(Map<String, String> settings) {
        return new KafkaStoreFactory().open(settings);
    }

    @Test
    void theRuntimesReaderAndWriterWorkThroughIt() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = open(settings)) {
            OffsetBackingStore offsets = stores.offsets();
            offsets.start();
            OffsetStorageWriter writer = new OffsetStorageWriter(offsets, codec, "file-source");
            writer.offset(Map.of("filename", "/tmp/in.txt"), Map.of("position", 1234L));
            writer.offset(Map.of("filename", "/tmp/other.txt"), Map.of("position", 5L));
            assertTrue(writer.beginFlush());
            writer.doFlush();
        }
        try (DistributedStores restarted = open(settings)) {
            OffsetBackingStore offsets = restarted.offsets();
            offsets.start();
            try (OffsetReader reader = new OffsetReader(offsets, codec, "file-source")) {
                assertEquals(Map.of("position", 1234L), reader.offset(Map.of("filename", "/tmp/in.txt")));
                assertNull(new OffsetReader(offsets, codec, "another").offset(Map.of("filename", "/tmp/in.txt")));
            }
            assertEquals(2, offsets.keys().stream().filter(key -> codec.partition("file-source", key) != null)
                    .count(), "the connector's partitions, as the REST offsets endpoint lists them");
        }
        // The topic has the default 25 partitions; each key went to the partition Kafka's partitioner picks.
        assertEquals(2, RawTopic.read(settings.get("offset.storage.topic")).size());
    }
}

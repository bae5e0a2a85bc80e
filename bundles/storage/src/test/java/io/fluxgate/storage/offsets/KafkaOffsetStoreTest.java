package io.fluxgate.storage.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

class KafkaOffsetStoreTest {

    private static DistributedStores open(Map<String, String> settings) {
        return new KafkaStoreFactory().open(settings);
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void setThenGetAndATombstoneRemovesTheValue() {
        try (DistributedStores stores = open(Workers.settings())) {
            OffsetBackingStore offsets = stores.offsets();
            offsets.start();
            offsets.set(Map.of(buffer("[\"c\",{\"p\":1}]"), buffer("{\"o\":10}"),
                    buffer("[\"c\",{\"p\":2}]"), buffer("{\"o\":20}")));
            assertEquals(Map.of(buffer("[\"c\",{\"p\":1}]"), buffer("{\"o\":10}")),
                    offsets.get(List.of(buffer("[\"c\",{\"p\":1}]"), buffer("[\"c\",{\"p\":3}]"))));

            Map<ByteBuffer, ByteBuffer> tombstone = new HashMap<>();
            tombstone.put(buffer("[\"c\",{\"p\":1}]"), null);
            offsets.set(tombstone);
            assertEquals(Map.of(), offsets.get(List.of(buffer("[\"c\",{\"p\":1}]"))));
            assertEquals(Set.of(buffer("[\"c\",{\"p\":2}]")), offsets.keys());
        }
    }

    @Test
    void anotherWorkerReadsTheOffsetsOneCommittedWithoutRestarting() throws Exception {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores a = open(settings); DistributedStores b = open(settings)) {
            a.offsets().start();
            b.offsets().start();
            a.offsets().setAsync(Map.of(buffer("[\"c\",{\"p\":1}]"), buffer("{\"o\":1}")))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            // A task moving to worker b reads what a committed: get() reads the topic to its end first.
            assertEquals(Map.of(buffer("[\"c\",{\"p\":1}]"), buffer("{\"o\":1}")),
                    b.offsets().get(List.of(buffer("[\"c\",{\"p\":1}]"))));
        }
    }

    @Test
    void offsetsOfAbortedTransactionsAreNotRead() throws Exception {
        // What an Apache cluster with exactly-once source support leaves when a task's transaction is aborted.
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = open(settings)) {
            stores.offsets().start();
            stores.offsets().set(Map.of(buffer("[\"c\",{\"p\":1}]"), buffer("{\"o\":1}")));
        }
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", settings.get("bootstrap.servers"));
        props.put("transactional.id", "eos-task-" + settings.get("group.id"));
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> task = new KafkaProducer<>(props)) {
            task.initTransactions();
            task.beginTransaction();
            task.send(new ProducerRecord<>(settings.get("offset.storage.topic"),
                    "[\"c\",{\"p\":1}]".getBytes(StandardCharsets.UTF_8),
                    "{\"o\":999}".getBytes(StandardCharsets.UTF_8))).get();
            task.abortTransaction();
        }
        try (DistributedStores stores = open(settings)) {
            stores.offsets().start();
            assertEquals(Map.of(buffer("[\"c\",{\"p\":1}]"), buffer("{\"o\":1}")),
                    stores.offsets().get(List.of(buffer("[\"c\",{\"p\":1}]"))));
        }
    }
}

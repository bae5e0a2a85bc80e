package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The records of a topic as a consumer reads them from the beginning, keys and values parsed as JSON (a null value is
 * a tombstone), with what the tests ask of Debezium's change events: the operation and the row before and after.
 */
final class TopicRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: its partition and offset, its key and value as JSON ({@code value} null for a tombstone). */
    record Rec(int partition, long offset, JsonNode key, JsonNode value) {

        boolean tombstone() {
            return value == null;
        }

        /** The change event's operation: r (snapshot read), c, u, d; empty for a tombstone or another shape. */
        String op() {
            return value == null ? "" : value.path("op").asText();
        }

        JsonNode before() {
            return value == null ? JSON.missingNode() : value.path("before");
        }

        JsonNode after() {
            return value == null ? JSON.missingNode() : value.path("after");
        }

        /** The row's id, from the record's key ({@code {"id":n}}). */
        int id() {
            return key.path("id").asInt(-1);
        }

        @Override
        public String toString() {
            return partition + "@" + offset + " " + key + " -> " + value;
        }
    }

    private TopicRecords() {
    }

    /** Every record of {@code topic} now in the broker, in offset order per partition; empty if there is no topic. */
    static List<Rec> read(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Reading must not create the topic the connector is about to create.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<Rec> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cannot read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new Rec(r.partition(), r.offset(), parse(r.key()), parse(r.value())));
                }
            }
        }
        records.sort(Comparator.comparingInt(Rec::partition).thenComparingLong(Rec::offset));
        return records;
    }

    /** How many records of each operation {@code records} holds ("tombstone" for tombstones): for messages. */
    static Map<String, Long> countByOp(List<Rec> records) {
        return records.stream().collect(Collectors.groupingBy(r -> r.tombstone() ? "tombstone" : r.op(),
                TreeMap::new, Collectors.counting()));
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("a record that is not JSON: " + new String(bytes), e);
        }
    }
}

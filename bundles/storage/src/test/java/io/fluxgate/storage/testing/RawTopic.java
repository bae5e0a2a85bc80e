package io.fluxgate.storage.testing;

import io.fluxgate.broker.testing.SharedBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A topic read and written with plain clients, outside any store: what is really in it. */
public final class RawTopic {

    /** A record as stored: its partition, key and value bytes (null for a tombstone). */
    public record Entry(int partition, byte[] key, byte[] value) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry entry && partition == entry.partition && Arrays.equals(key, entry.key)
                    && Arrays.equals(value, entry.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(partition, Arrays.hashCode(key), Arrays.hashCode(value));
        }

        @Override
        public String toString() {
            return partition + ":" + text(key) + "=" + text(value);
        }

        private static String text(byte[] bytes) {
            return bytes == null ? "null" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private RawTopic() {
    }

    public static void create(String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes records, in order within each partition (an idempotent producer), and waits until all are acknowledged. */
    public static void write(String topic, List<Entry> entries) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                SharedBroker.bootstrapServers(), "key.serializer", ByteArraySerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName(), "acks", "all"))) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (Entry entry : entries) {
                acks.add(producer.send(new ProducerRecord<>(topic, entry.partition() < 0 ? null : entry.partition(),
                        entry.key(), entry.value())));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of the topic, partition by partition, each in its order. */
    public static List<Entry> read(String topic) {
        return read(topic, false);
    }

    /**
     * The records of the topic as a consumer with {@code isolation.level=read_committed} sees them: without those of
     * aborted or still open transactions.
     */
    public static List<Entry> readCommitted(String topic) {
        return read(topic, true);
    }

    private static List<Entry> read(String topic, boolean readCommitted) {
        Map<String, Object> props = new HashMap<>();
        if (readCommitted) {
            props.put("isolation.level", "read_committed");
        }
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<Integer, List<Entry>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                            .add(new Entry(record.partition(), record.key(), record.value()));
                }
            }
            List<Entry> all = new ArrayList<>();
            partitions.forEach(p -> all.addAll(byPartition.getOrDefault(p.partition(), List.of())));
            return all;
        }
    }
}

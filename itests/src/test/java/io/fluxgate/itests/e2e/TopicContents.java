package io.fluxgate.itests.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The records of a topic of a real cluster, partition by partition: written by a producer as an application writes
 * them, and read back from the beginning. Reading never creates a topic: the brokers auto-create topics, and a
 * consumer that asked for {@code src.orders} before MirrorMaker created it would create it with one partition.
 */
final class TopicContents {

    private TopicContents() {
    }

    /** Creates {@code topic} with one partition per key of {@code records} and writes them, in order, acknowledged. */
    static void write(String bootstrapServers, String topic, Map<Integer, List<RecordContent>> records)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, records.size(), (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Map.Entry<Integer, List<RecordContent>> partition : records.entrySet()) {
                for (RecordContent record : partition.getValue()) {
                    producer.send(record.toRecord(topic, partition.getKey()));
                }
            }
            producer.flush();
        }
    }

    static boolean exists(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What {@code topic} holds now, per partition in offset order; empty while the topic does not exist. */
    static Map<Integer, List<RecordContent>> read(String bootstrapServers, String topic) {
        Map<Integer, List<RecordContent>> contents = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records(bootstrapServers, topic)) {
            contents.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(RecordContent.of(record));
        }
        return contents;
    }

    /** Every record of every partition of {@code topic} now in the cluster; empty while the topic does not exist. */
    static List<ConsumerRecord<byte[], byte[]>> records(String bootstrapServers, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (!exists(bootstrapServers, topic)) {
            return records;
        }
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}

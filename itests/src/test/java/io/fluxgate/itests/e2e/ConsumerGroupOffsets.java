package io.fluxgate.itests.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer group's committed offsets: made by an application that consumes a topic and commits, as the group whose
 * position MirrorMaker 2 must carry to the other cluster; and read back through the admin client, as an operator
 * checks them. Offsets are kept as "partition name to next offset" (a sorted map): readable, and equal only when
 * every partition agrees.
 */
final class ConsumerGroupOffsets {

    private ConsumerGroupOffsets() {
    }

    /**
     * Joins {@code group}, consumes {@code count} records of {@code topic} from the beginning, commits, leaves the
     * group, and returns the offsets it committed.
     */
    static Map<String, Long> consumeAndCommit(String bootstrapServers, String group, String topic, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int consumed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumed < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(group + " consumed " + consumed + " of " + count + " records of " + topic);
                }
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
            return named(consumer.committed(consumer.assignment()));
        }
    }

    /** The offsets {@code group} has committed on the cluster for {@code topic}; empty while it has none. */
    static Map<String, Long> committed(String bootstrapServers, String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            offsets.keySet().removeIf(p -> !p.topic().equals(topic));
            return named(offsets);
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** {@code offsets} as "topic-partition to offset", leaving out partitions without one. */
    static Map<String, Long> named(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, Long> named = new TreeMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                named.put(partition.toString(), offset.offset());
            }
        });
        return named;
    }
}

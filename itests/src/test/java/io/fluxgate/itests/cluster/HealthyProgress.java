package io.fluxgate.itests.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The highest number each task of a sequence source has written so far, followed by one consumer on a thread of its
 * own: behaviours run side by side each wait for the healthy source to write on, and reading the whole topic again for
 * each of them, every 100 ms, would load the two cores the workers share.
 */
final class HealthyProgress implements AutoCloseable {

    private final Map<Integer, Long> highest = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean reading = true;

    HealthyProgress(String bootstrap, String topic) {
        reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(consumer.assignment());
                while (reading) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        highest.merge(Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8)),
                                Long.parseLong(new String(r.value(), StandardCharsets.UTF_8).trim()), Math::max);
                    }
                }
            }
        }, "healthy-progress");
        reader.setDaemon(true);
        reader.start();
    }

    /** The highest number of each task read so far. */
    Map<Integer, Long> now() {
        return Map.copyOf(highest);
    }

    /** Waits until each of {@code tasks} tasks wrote beyond {@code beyond}: the healthy source makes progress. */
    void awaitBeyond(Map<Integer, Long> beyond, int tasks, Duration timeout, String during)
            throws InterruptedException {
        WorkerCluster.await("every healthy task writes beyond " + beyond + " " + during, timeout, () -> {
            for (int t = 0; t < tasks; t++) {
                if (highest.getOrDefault(t, -1L) <= beyond.getOrDefault(t, -1L)) {
                    return false;
                }
            }
            return true;
        }, () -> highest.toString());
    }

    @Override
    public void close() throws InterruptedException {
        reading = false;
        reader.join(5_000);
    }
}

package io.fluxgate.storage.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.PrivilegedWriteException;

/**
 * The leader's transactional producer of the config topic (Kafka Connect's "fencable producer"): every worker of a
 * cluster uses the same {@code transactional.id}, so the {@code initTransactions()} of a new leader's
 * {@link #claim()} fences the producer of the one before, whose next write fails instead of landing after the new
 * leader's. Each write is one transaction. A producer that failed is closed and dropped: fenced, it could never write
 * again, and the next claim makes a new one. The messages are Apache's.
 */
final class LeaderProducer {

    /** A record to write: its key, and its value (null for a tombstone). */
    record Write(String key, byte[] value) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeaderProducer.class);

    private final String topic;
    private final Map<String, Object> props;
    // Written by claim() and the writes (the herder's thread) and by close() from any thread.
    private final AtomicReference<KafkaProducer<byte[], byte[]>> producer = new AtomicReference<>();

    LeaderProducer(String topic, Map<String, Object> props) {
        this.topic = topic;
        this.props = Map.copyOf(props);
    }

    /** Creates the producer and fences any earlier holder of the transactional id; nothing when already claimed. */
    synchronized void claim() {
        if (producer.get() != null) {
            return;
        }
        KafkaProducer<byte[], byte[]> created = null;
        try {
            created = new KafkaProducer<>(props);
            created.initTransactions();
            producer.set(created);
            LOG.info("Claimed the right to write the config topic {} as {}", topic, props.get("transactional.id"));
        } catch (RuntimeException e) {
            if (created != null) {
                closeQuietly(created);
            }
            throw new ConnectException("Failed to create and initialize fencable producer for config topic", e);
        }
    }

    /** Writes the records in one transaction, committed before it returns. */
    synchronized void write(List<Write> writes) {
        KafkaProducer<byte[], byte[]> current = producer.get();
        if (current == null) {
            throw new PrivilegedWriteException("Cannot produce to config topic without claiming write privileges "
                    + "first");
        }
        try {
            current.beginTransaction();
            for (Write write : writes) {
                current.send(new ProducerRecord<>(topic, write.key().getBytes(StandardCharsets.UTF_8),
                        write.value()));
            }
            current.commitTransaction();
        } catch (RuntimeException e) {
            // Fenced (another worker claimed the topic), or any other failure: the transaction is not committed.
            LOG.warn("Failed to perform fencable send to config topic", e);
            if (producer.compareAndSet(current, null)) {
                closeQuietly(current);
            }
            throw new PrivilegedWriteException("Failed to perform fencable send to config topic", e);
        }
    }

    /** Gives up the claim; a write in progress fails. */
    void close() {
        KafkaProducer<byte[], byte[]> current = producer.getAndSet(null);
        if (current != null) {
            closeQuietly(current);
        }
    }

    private void closeQuietly(KafkaProducer<byte[], byte[]> closing) {
        try {
            // At once: a fenced producer has nothing to flush, and a transaction left open is aborted by the next
            // leader's claim (or at its timeout), never committed.
            closing.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.warn("Failed to close the fencable producer for config topic {}", topic, e);
        }
    }
}

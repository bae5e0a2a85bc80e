package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.fluxgate.api.storage.OffsetBackingStore;

/**
 * The offsets topic as one exactly-once source task writes it (Apache's read-write {@code KafkaOffsetBackingStore}
 * over the task's producer): offsets are sent by the task's own transactional producer, into its open transaction, so
 * that they become visible with the task's records or not at all. The topic is the connector's own
 * ({@code offsets.storage.topic}) or else the worker's; the key and value bytes are those the worker's
 * {@link OffsetStorageWriter} serialized, so the worker's stores (which read {@code read_committed}) and Apache's
 * workers read them as their own. Reads are the connector's {@link ConnectorOffsetBackingStore}'s.
 *
 * <p>Where the connector has a topic of its own, the worker's store is kept as Apache keeps it behind that topic: a
 * tombstone is written there before the transaction (so that a reset cannot come back from it), and the offsets of a
 * transaction are copied there once it {@link #committed() committed}, never those of an aborted one.
 *
 * <p>{@link #set} (and so the interface's {@code setAsync}) only hands the offsets to the producer: they are durable
 * once the transaction commits, and {@code commitTransaction()} fails if they could not be written. Used by the
 * task's thread only.
 */
public final class TransactionalOffsetStore implements OffsetBackingStore {

    private final ConnectorOffsetBackingStore reads;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    /** The offsets sent in the open transaction, to copy to the worker's store once it commits. */
    private final Map<ByteBuffer, ByteBuffer> inTransaction = new HashMap<>();

    public TransactionalOffsetStore(ConnectorOffsetBackingStore reads, Producer<byte[], byte[]> producer,
            String topic) {
        this.reads = reads;
        this.producer = producer;
        this.topic = topic;
    }

    /** The topic the offsets go to: a task must not send its own records there (they would share a transaction). */
    public String topic() {
        return topic;
    }

    /** Starts the connector's own offsets store, if it has one, on the task's thread. */
    @Override
    public void start() {
        reads.start();
    }

    /** Stops the connector's own offsets store; the producer is the task's, closed with the task. */
    @Override
    public void stop() {
        reads.stop();
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        return reads.get(keys);
    }

    @Override
    public Set<ByteBuffer> keys() {
        return reads.keys();
    }

    @Override
    public void set(Map<ByteBuffer, ByteBuffer> values) {
        Map<ByteBuffer, ByteBuffer> tombstones = reads.tombstones(values);
        if (!tombstones.isEmpty()) {
            reads.worker().set(tombstones);
        }
        values.forEach((key, value) -> producer.send(
                new ProducerRecord<>(topic, OffsetCodec.bytes(key), OffsetCodec.bytes(value))));
        if (reads.hasConnectorStore()) {
            inTransaction.putAll(values);
        }
    }

    /** The open transaction committed: its offsets are copied behind the connector's topic. */
    public void committed() {
        if (!inTransaction.isEmpty()) {
            reads.copyToWorker(Map.copyOf(nonNull(inTransaction)));
            inTransaction.clear();
        }
    }

    /** The open transaction was aborted: its offsets are forgotten. */
    public void aborted() {
        inTransaction.clear();
    }

    private static Map<ByteBuffer, ByteBuffer> nonNull(Map<ByteBuffer, ByteBuffer> values) {
        Map<ByteBuffer, ByteBuffer> offsets = new HashMap<>();
        values.forEach((key, value) -> {
            if (value != null) {
                offsets.put(key, value);
            }
        });
        return offsets;
    }
}

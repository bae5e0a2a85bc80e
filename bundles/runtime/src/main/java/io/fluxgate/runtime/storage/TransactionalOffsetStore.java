package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.fluxgate.api.storage.OffsetBackingStore;

/**
 * The worker's offsets topic as one exactly-once source task writes it (Apache's read-write
 * {@code KafkaOffsetBackingStore} over the task's producer): offsets are sent by the task's own transactional
 * producer, into its open transaction, so that they become visible with the task's records or not at all. The key
 * and value bytes are those the worker's {@link OffsetStorageWriter} serialized, and the topic is the worker's
 * offsets topic, so the worker's store (which reads the topic {@code read_committed}) and Apache's workers read them
 * as their own. Reads are the worker's store's.
 *
 * <p>{@link #set} only hands the offsets to the producer: they are durable once the transaction commits, and
 * {@code commitTransaction()} fails if they could not be written. Used by the task's thread only.
 */
public final class TransactionalOffsetStore implements OffsetBackingStore {

    private final OffsetBackingStore worker;
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public TransactionalOffsetStore(OffsetBackingStore worker, Producer<byte[], byte[]> producer, String topic) {
        this.worker = worker;
        this.producer = producer;
        this.topic = topic;
    }

    /** The topic the offsets go to: a task must not send its own records there (they would share a transaction). */
    public String topic() {
        return topic;
    }

    @Override
    public void start() {
        // the worker's store is started (and stopped) by the worker
    }

    @Override
    public void stop() {
        // the producer is the task's, closed with the task
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        return worker.get(keys);
    }

    @Override
    public Set<ByteBuffer> keys() {
        return worker.keys();
    }

    @Override
    public void set(Map<ByteBuffer, ByteBuffer> values) {
        values.forEach((key, value) -> producer.send(
                new ProducerRecord<>(topic, OffsetCodec.bytes(key), OffsetCodec.bytes(value))));
    }

    @Override
    public CompletionStage<Void> setAsync(Map<ByteBuffer, ByteBuffer> values) {
        try {
            set(values);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

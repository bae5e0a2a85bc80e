package io.fluxgate.runtime.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * kafka-clients' MockProducer without auto-completion, whose sends the test acknowledges or fails one by one and in
 * any order (MockProducer's own {@code completeNext()} only completes the oldest), as a broker acknowledging batches
 * of different partitions would. Callbacks run on the caller's thread, standing in for the producer's network thread.
 */
final class OutOfOrderProducer extends MockProducer<byte[], byte[]> {

    private final List<InFlight> sends = new ArrayList<>(); // guarded by this
    private final AtomicInteger attempts = new AtomicInteger();
    private Predicate<String> refused = value -> false; // guarded by this
    private RuntimeException refusal; // guarded by this

    OutOfOrderProducer() {
        super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        attempts.incrementAndGet();
        if (refused.test(valueOf(record))) {
            throw refusal; // as KafkaProducer.send() throws: synchronously, the callback never called
        }
        InFlight inFlight = new InFlight(record, callback,
                new RecordMetadata(new TopicPartition(record.topic(), 0), sends.size(), 0, -1L /* no timestamp */,
                        0, 0));
        Future<RecordMetadata> future = super.send(record, inFlight::onCompletion);
        sends.add(inFlight);
        return future;
    }

    /** From now on send() throws {@code error} for every record whose value matches, until {@link #acceptAll()}. */
    synchronized void refuse(Predicate<String> values, RuntimeException error) {
        refused = values;
        refusal = error;
    }

    synchronized void acceptAll() {
        refused = value -> false;
    }

    /** Calls of send(), refused ones included. */
    int sendAttempts() {
        return attempts.get();
    }

    /** The values of the records send() accepted, in order. */
    synchronized List<String> sentValues() {
        return history().stream().map(OutOfOrderProducer::valueOf).toList();
    }

    synchronized List<ProducerRecord<byte[], byte[]>> sentRecords() {
        return history();
    }

    /** The broker acknowledges the record the n-th accepted send (from 0) carried. */
    void ack(int send) {
        inFlight(send).complete(null);
    }

    /** The send fails asynchronously, as a send the broker refused or that timed out in the producer. */
    void fail(int send, RuntimeException error) {
        inFlight(send).complete(error);
    }

    void ackAll() {
        List<InFlight> all;
        synchronized (this) {
            all = List.copyOf(sends);
        }
        all.forEach(inFlight -> inFlight.complete(null));
    }

    private synchronized InFlight inFlight(int send) {
        return sends.get(send);
    }

    static String valueOf(ProducerRecord<byte[], byte[]> record) {
        return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }

    /** One accepted send; completed once, whoever completes it first (the test or MockProducer's own flush). */
    private record InFlight(ProducerRecord<byte[], byte[]> record, Callback callback, RecordMetadata metadata,
            AtomicBoolean done) {

        InFlight(ProducerRecord<byte[], byte[]> record, Callback callback, RecordMetadata metadata) {
            this(record, callback, metadata, new AtomicBoolean());
        }

        void onCompletion(RecordMetadata ignored, Exception error) {
            complete(error);
        }

        void complete(Exception error) {
            if (done.compareAndSet(false, true)) {
                callback.onCompletion(error == null ? metadata : null, error);
            }
        }
    }
}

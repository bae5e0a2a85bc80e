package io.fluxgate.runtime.task;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * kafka-clients' transactional MockProducer that also keeps what each transaction held, committed or aborted, and the
 * order of the calls made to it, so that a test sees which records and offsets went together. As Kafka's producer
 * (and unlike MockProducer), an abort fails the sends of the transaction not yet acknowledged.
 */
final class TransactionalProducer extends MockProducer<byte[], byte[]> {

    final List<List<ProducerRecord<byte[], byte[]>>> committed = new CopyOnWriteArrayList<>();
    final List<List<ProducerRecord<byte[], byte[]>>> aborted = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    /** @param autoComplete whether sends are acknowledged at once (otherwise by {@code completeNext()}...) */
    TransactionalProducer(boolean autoComplete) {
        super(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void initTransactions() {
        calls.add("initTransactions");
        super.initTransactions();
    }

    @Override
    public void beginTransaction() {
        calls.add("beginTransaction");
        super.beginTransaction();
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        calls.add("send");
        return super.send(record, callback);
    }

    @Override
    public void commitTransaction() {
        calls.add("commitTransaction");
        List<ProducerRecord<byte[], byte[]>> records = uncommittedRecords();
        super.commitTransaction();
        committed.add(records);
    }

    @Override
    public void abortTransaction() {
        calls.add("abortTransaction");
        List<ProducerRecord<byte[], byte[]>> records = uncommittedRecords();
        while (errorNext(new TransactionAbortedException("Failing batch since transaction was aborted"))) {
            // each callback is told, as by KafkaProducer
        }
        super.abortTransaction();
        aborted.add(records);
    }
}

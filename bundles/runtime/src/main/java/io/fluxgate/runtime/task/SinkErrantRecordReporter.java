package io.fluxgate.runtime.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.errors.Stage;

/**
 * The reporter a sink task gets from {@code context.errantRecordReporter()} when the connector has a dead letter
 * queue or logs errors (KIP-610). Reports go through the task's error handling; before offsets are committed for a
 * partition, the task waits until the reports for it are written, so no errant record is lost.
 */
public final class SinkErrantRecordReporter implements ErrantRecordReporter {

    private final RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator;
    private final RecordConversion conversion;
    private final Map<TopicPartition, List<Future<Void>>> futures = new ConcurrentHashMap<>();
    /** A report beyond errors.tolerance, kept in case the task swallowed what report() threw. */
    private final AtomicReference<ConnectException> toleranceExceeded = new AtomicReference<>();

    public SinkErrantRecordReporter(RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator,
            RecordConversion conversion) {
        this.operator = operator;
        this.conversion = conversion;
    }

    @Override
    public Future<Void> report(SinkRecord record, Throwable error) {
        ConsumerRecord<byte[], byte[]> consumed = record instanceof ConsumedSinkRecord c ? c.consumed()
                : serialized(record);
        List<CompletableFuture<Void>> reports;
        try {
            reports = operator.executeFailed(new ProcessingContext<>(consumed), Stage.TASK_PUT, SinkTask.class,
                    error);
        } catch (ConnectException e) {
            toleranceExceeded.compareAndSet(null, e);
            throw e;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new));
        TopicPartition partition = new TopicPartition(consumed.topic(), consumed.partition());
        futures.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>())).add(all);
        return all;
    }

    /** Throws (once) what a report beyond errors.tolerance threw, should the task have caught it. */
    void throwIfToleranceExceeded() {
        ConnectException e = toleranceExceeded.getAndSet(null);
        if (e != null) {
            throw e;
        }
    }

    /** Waits until every report made for these partitions is written. */
    void awaitFutures(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            List<Future<Void>> pending = futures.remove(partition);
            if (pending != null) {
                synchronized (pending) {
                    pending.forEach(SinkErrantRecordReporter::await);
                }
            }
        }
    }

    private static void await(Future<Void> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for an errant record to be reported", e);
        } catch (ExecutionException e) {
            throw new ConnectException("Failed to report an errant record", e.getCause());
        }
    }

    /** A record the task made itself: serialized with the task's converters for the report. */
    private ConsumerRecord<byte[], byte[]> serialized(SinkRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), conversion.headerConverter().fromConnectHeader(record.topic(), header.key(),
                    header.schema(), header.value()));
        }
        byte[] key = conversion.keyConverter().fromConnectData(record.topic(), headers, record.keySchema(),
                record.key());
        byte[] value = conversion.valueConverter().fromConnectData(record.topic(), headers, record.valueSchema(),
                record.value());
        long timestamp = record.timestamp() == null ? -1L : record.timestamp();
        TimestampType type = record.timestampType() == null ? TimestampType.NO_TIMESTAMP_TYPE : record.timestampType();
        return new ConsumerRecord<>(record.topic(), record.kafkaPartition(), record.kafkaOffset(), timestamp, type,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers,
                Optional.empty());
    }
}

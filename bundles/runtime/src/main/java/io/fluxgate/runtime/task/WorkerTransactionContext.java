package io.fluxgate.runtime.task;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TransactionContext} an exactly-once task with {@code transaction.boundary=connector} gets (Apache's
 * {@code WorkerTransactionContext}): the connector asks for commits and aborts, after a record or after the batch,
 * and the task's loop takes the requests as it dispatches records. A connector asking both to commit and to abort
 * the same transaction fails its task, here rather than in the connector, which might swallow the exception.
 * Thread-safe: connectors may call it from threads of their own.
 */
final class WorkerTransactionContext implements TransactionContext {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTransactionContext.class);

    private final Set<SourceRecord> committableRecords = new HashSet<>();
    private final Set<SourceRecord> abortableRecords = new HashSet<>();
    private boolean batchCommitRequested;
    private boolean batchAbortRequested;

    @Override
    public synchronized void commitTransaction() {
        batchCommitRequested = true;
    }

    @Override
    public synchronized void commitTransaction(SourceRecord record) {
        Objects.requireNonNull(record, "Source record used to define transaction boundaries may not be null");
        committableRecords.add(record);
    }

    @Override
    public synchronized void abortTransaction() {
        batchAbortRequested = true;
    }

    @Override
    public synchronized void abortTransaction(SourceRecord record) {
        Objects.requireNonNull(record, "Source record used to define transaction boundaries may not be null");
        abortableRecords.add(record);
    }

    /** Whether the connector asked to commit after the batch; the request is taken. */
    synchronized boolean shouldCommitBatch() {
        checkBatchRequestsConsistency();
        boolean result = batchCommitRequested;
        batchCommitRequested = false;
        return result;
    }

    /** Whether the connector asked to abort after the batch; the request is taken. */
    synchronized boolean shouldAbortBatch() {
        checkBatchRequestsConsistency();
        boolean result = batchAbortRequested;
        batchAbortRequested = false;
        return result;
    }

    /** Whether the connector asked to commit after {@code record}; the request is taken. */
    synchronized boolean shouldCommitOn(SourceRecord record) {
        checkRecordRequestConsistency(record);
        return committableRecords.remove(record);
    }

    /** Whether the connector asked to abort after {@code record}; the request is taken. */
    synchronized boolean shouldAbortOn(SourceRecord record) {
        checkRecordRequestConsistency(record);
        return abortableRecords.remove(record);
    }

    private void checkBatchRequestsConsistency() {
        if (batchCommitRequested && batchAbortRequested) {
            throw new IllegalStateException("Connector requested both commit and abort of same transaction");
        }
    }

    private void checkRecordRequestConsistency(SourceRecord record) {
        if (committableRecords.contains(record) && abortableRecords.contains(record)) {
            LOG.trace("Connector will fail as it has requested both commit and abort of transaction for same record: "
                    + "{}", record);
            throw new IllegalStateException(String.format(
                    "Connector requested both commit and abort of same record against topic/partition %s/%s",
                    record.topic(), record.kafkaPartition()));
        }
    }
}

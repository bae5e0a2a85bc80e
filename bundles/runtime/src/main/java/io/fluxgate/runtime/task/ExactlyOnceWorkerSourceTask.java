package io.fluxgate.runtime.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.storage.TransactionalOffsetStore;

/**
 * A source task with exactly-once delivery (KIP-618, Apache's {@code ExactlyOnceWorkerSourceTask}): its producer is
 * transactional ({@code transactional.id} {@code <group.id>-<connector>-<task>}), and a transaction holds the records
 * sent since the last boundary together with their source offsets, written by the same producer to the worker's
 * offsets topic ({@link io.fluxgate.runtime.storage.TransactionalOffsetStore}); offsets of records filtered out or
 * dropped within the error tolerance go in too. The transaction is committed at the boundary
 * {@code transaction.boundary} names ({@link TransactionBoundaries}); the plugin's {@code commitRecord} and
 * {@code commit} are called once it is. Any failure to send or commit aborts the transaction and fails the task: what
 * was sent since the last commit never becomes visible to {@code read_committed} readers, and the next instance
 * starts from the last committed offsets.
 *
 * <p>Before the plugin starts, the task runs the herder's {@link ProducerChecks} around {@code initTransactions()},
 * which fences any older instance of itself. No offset is written outside a transaction: the worker's periodic
 * committer does nothing for this task ({@link #commitOffsets()}).
 */
public final class ExactlyOnceWorkerSourceTask extends AbstractWorkerSourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceWorkerSourceTask.class);

    /**
     * What the task needs beyond a source task's {@link Parts}.
     *
     * @param boundary           {@code transaction.boundary}
     * @param boundaryIntervalMs {@code transaction.boundary.interval.ms}, defaulting to {@code offset.flush.interval.ms}
     * @param offsets            where the task's offsets go (by {@link Parts#offsetWriter()}), told of each
     *                           transaction's outcome; its topic may not take the task's records
     * @param checks             the herder's checks around {@code initTransactions()}
     */
    public record Transactions(TransactionBoundary boundary, long boundaryIntervalMs,
            TransactionalOffsetStore offsets, ProducerChecks checks) {
    }

    private final Transactions transactions;
    private final WorkerTransactionContext transactionContext; // only for connector-defined boundaries
    private final TransactionBoundaries boundaries;
    /** Records of the open transaction, acknowledged (with their metadata) or dropped (null): told once committed. */
    private final Map<SourceRecord, RecordMetadata> committableRecords = new LinkedHashMap<>(); // guarded by itself
    /** The first send the producer failed asynchronously: the open transaction must not be committed. */
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private boolean transactionOpen; // the task's thread only, as every transactional call
    private int transactionSize;
    private boolean sendLoopEntered;

    public ExactlyOnceWorkerSourceTask(ConnectorTaskId id, ClassLoader loader,
            StatusListener<ConnectorTaskId> listener, TargetState initialState, Parts parts,
            Transactions transactions) {
        super(id, loader, listener, initialState, parts);
        this.transactions = transactions;
        this.transactionContext = transactions.boundary() == TransactionBoundary.CONNECTOR
                ? new WorkerTransactionContext() : null;
        this.boundaries = TransactionBoundaries.of(transactions.boundary(), transactions.boundaryIntervalMs(),
                transactionContext);
        parts.taskMetrics().trackTransactionSizes();
    }

    @Override
    protected TransactionContext transactionContext() {
        return transactionContext;
    }

    @Override
    protected void prepareToInitializeTask() {
        transactions.checks().preProducerCheck().run();
        if (isStopping()) {
            // initTransactions() could fence a later instance of this task that already started elsewhere
            return;
        }
        parts().producer().initTransactions();
        transactions.checks().postProducerCheck().run();
    }

    @Override
    protected void prepareToEnterSendLoop() {
        sendLoopEntered = true;
        boundaries.initialize(System.currentTimeMillis());
    }

    @Override
    protected void beginSendIteration() {
        // nothing to collect: offsets are taken as records are dispatched
    }

    @Override
    protected void prepareToPollTask() {
        // asynchronous send failures surface when the transaction is committed
    }

    @Override
    protected void recordDropped(SourceRecord original) {
        synchronized (committableRecords) {
            committableRecords.put(original, null);
        }
        // Done with: its offset is committed with the transaction, so a heavily filtered source still progresses.
        parts().offsetWriter().offset(original.sourcePartition(), original.sourceOffset());
        parts().taskMetrics().recordDone(false);
        act(boundaries.afterRecord(original));
    }

    @Override
    protected void checkBeforeSend() {
        // asynchronous send failures surface when the transaction is committed
    }

    @Override
    protected SubmittedRecords.SubmittedRecord prepareToSendRecord(SourceRecord original,
            ProducerRecord<byte[], byte[]> producerRecord) {
        if (transactions.offsets().topic().equals(producerRecord.topic())) {
            // A poll reading offsets would wait for the end of the offsets topic, held by this task's open transaction.
            throw new ConnectException(
                    "Source tasks may not produce to their own offsets topics when exactly-once support is enabled");
        }
        maybeBeginTransaction();
        return null;
    }

    @Override
    protected void recordRefused(SubmittedRecords.SubmittedRecord submitted) {
        // not tracked: its offset is taken only once the producer accepts it
    }

    @Override
    protected void recordDispatched(SourceRecord original) {
        // Only once the producer accepted the record: its offset commits if and only if it is written.
        parts().offsetWriter().offset(original.sourcePartition(), original.sourceOffset());
        transactionSize++;
        act(boundaries.afterRecord(original));
    }

    @Override
    protected void batchDispatched() {
        act(boundaries.afterBatch(System.currentTimeMillis()));
    }

    @Override
    protected void recordSent(SourceRecord original, RecordMetadata metadata,
            SubmittedRecords.SubmittedRecord submitted) {
        synchronized (committableRecords) {
            committableRecords.put(original, metadata);
        }
    }

    @Override
    protected void producerSendFailed(ProcessingContext<SourceRecord> context, SourceRecord original, String topic,
            Exception error, SubmittedRecords.SubmittedRecord submitted) {
        if (error instanceof TransactionAbortedException) {
            // Kafka's producer fails what an abort (the connector's, or the task's as it fails) left unsent: expected.
            LOG.trace("{} a record to {} was not sent as its transaction was aborted", this, topic);
            return;
        }
        // Whatever the error tolerance: the transaction cannot commit without the record (Kafka's producer would
        // refuse to), so it is aborted at its boundary and the task fails.
        LOG.error("{} failed to send record to {}: ", this, topic, error);
        sendFailure.compareAndSet(null, error);
    }

    @Override
    protected RuntimeException unrecoverableSendFailure(KafkaException e) {
        return wrapProducerException("Unrecoverable exception trying to send", e);
    }

    @Override
    protected void finalOffsetCommit(boolean failed) {
        if (failed) {
            LOG.debug("{} Skipping final offset commit as task has failed", this);
            abortQuietly();
            return;
        }
        // Records being retried (and those after them) are not in the transaction: their offsets are not committed.
        act(boundaries.atStop(System.currentTimeMillis()));
    }

    @Override
    protected void onPause() {
        super.onPause();
        if (sendLoopEntered) {
            // No transaction left hanging while paused: it would time out and fence the task once resumed.
            act(boundaries.atStop(System.currentTimeMillis()));
        }
    }

    /** The records of the open transaction, kept to tell the plugin once committed: never, once the task ended. */
    @Override
    protected void releaseRecords() {
        synchronized (committableRecords) {
            committableRecords.clear();
        }
        sendFailure.set(null);
    }

    /** Never: offsets are written only in the task's transactions. */
    @Override
    public boolean shouldCommitOffsets() {
        return false;
    }

    /** Does nothing, as Apache's worker runs no periodic committer for exactly-once tasks. */
    @Override
    public boolean commitOffsets() {
        return true;
    }

    private void act(TransactionBoundaries.Action action) {
        switch (action) {
            case CONTINUE -> { }
            case COMMIT -> commitTransaction();
            case ABORT_AND_COMMIT -> {
                abortTransaction();
                // The aborted records' offsets are still committed, so that the task does not see them again.
                commitTransaction();
            }
        }
    }

    private void maybeBeginTransaction() {
        if (!transactionOpen) {
            parts().producer().beginTransaction();
            transactionOpen = true;
        }
    }

    private void abortTransaction() {
        if (!transactionOpen) {
            LOG.warn("{} Ignoring request by task to abort transaction as the current transaction is empty", this);
            return;
        }
        parts().producer().abortTransaction();
        transactions.offsets().aborted();
        transactionOpen = false;
        transactionSize = 0;
    }

    /**
     * Ends the open transaction of a failing task at once: Kafka would abort it only after
     * {@code transaction.timeout.ms}, holding {@code read_committed} readers of its topics until then.
     */
    private void abortQuietly() {
        if (transactionOpen) {
            transactionOpen = false;
            closeQuietly(parts().producer()::abortTransaction, "open transaction (abort)");
        }
        transactions.offsets().aborted();
    }

    /** Writes the offsets into the open transaction and commits it; then tells the plugin, as Apache does. */
    private void commitTransaction() {
        long started = System.currentTimeMillis();
        Throwable error = sendFailure.get();
        boolean flush = false;
        if (error == null) {
            try {
                flush = parts().offsetWriter().beginFlush();
            } catch (RuntimeException e) {
                error = e;
            }
        }
        if (error == null && !transactionOpen && !flush) {
            // Nothing of the framework's to commit: no transaction, but the plugin is told as at any boundary.
            parts().taskMetrics().recordCommit(System.currentTimeMillis() - started, true);
            commitSourceTask();
            return;
        }
        if (error == null) {
            try {
                maybeBeginTransaction(); // after an abort, a transaction holding only the offsets
                if (flush) {
                    parts().offsetWriter().doFlush();
                }
                parts().producer().commitTransaction(); // waits for every record and offset of the transaction
                transactionOpen = false;
                transactions.offsets().committed();
            } catch (RuntimeException e) {
                error = e;
            }
        }
        if (error != null) {
            LOG.error("{} Failed to commit producer transaction", this, error);
            parts().taskMetrics().recordCommit(System.currentTimeMillis() - started, false);
            if (flush) {
                parts().offsetWriter().cancelFlush();
            }
            abortQuietly();
            throw wrapProducerException("Failed to flush offsets and/or records for task " + id, error);
        }
        parts().taskMetrics().recordTransactionSize(transactionSize);
        transactionSize = 0;
        parts().taskMetrics().recordCommit(System.currentTimeMillis() - started, true);
        LOG.debug("{} Committed a transaction in {} ms", this, System.currentTimeMillis() - started);
        synchronized (committableRecords) {
            committableRecords.forEach(this::commitTaskRecord);
            committableRecords.clear();
        }
        commitSourceTask();
    }

    /** Apache's words for a transaction that expired before the task could finish it. */
    private RuntimeException wrapProducerException(String message, Throwable error) {
        if (error instanceof InvalidProducerEpochException || error.getCause() instanceof InvalidProducerEpochException) {
            return new ConnectException("The task " + id + " was unable to finish writing records to Kafka before its "
                    + "producer transaction expired. It may be necessary to reconfigure this connector in order for it "
                    + "to run healthily with exactly-once support. Options for this include: tune the connector's "
                    + "producer configuration for higher throughput, increase the transaction timeout for the "
                    + "connector's producers, decrease the offset commit interval (if using interval-based "
                    + "transaction boundaries), or use the 'poll' transaction boundary (if the connector is not "
                    + "already configured to use it).", error);
        }
        return new ConnectException(message, error);
    }
}

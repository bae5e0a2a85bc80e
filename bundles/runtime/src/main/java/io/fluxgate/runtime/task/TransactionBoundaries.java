package io.fluxgate.runtime.task;

import java.util.Objects;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an exactly-once source task ends its transactions, as the connector's {@code transaction.boundary} says
 * (Apache's {@code TransactionBoundaryManager}): after every batch polled ({@code poll}), after the first batch once
 * {@code transaction.boundary.interval.ms} has passed ({@code interval}), or where the connector asks through its
 * {@link WorkerTransactionContext} ({@code connector}). Every boundary commits what is left when the task stops or
 * pauses; a connector's abort is followed by a commit, so that the aborted records' offsets are still committed and
 * the task does not see them again. Asked on the task's thread only.
 */
abstract class TransactionBoundaries {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionBoundaries.class);

    /** What to do with the open transaction. */
    enum Action {
        CONTINUE, COMMIT, ABORT_AND_COMMIT
    }

    /** The send loop is entered, or entered again after a pause. */
    void initialize(long nowMs) {
    }

    /** {@code record} was dispatched to the producer, or dropped. */
    Action afterRecord(SourceRecord record) {
        return Action.CONTINUE;
    }

    /** A polled batch was dispatched or dropped, or the poll returned nothing. */
    Action afterBatch(long nowMs) {
        return Action.CONTINUE;
    }

    /** The task stops or pauses. */
    abstract Action atStop(long nowMs);

    static TransactionBoundaries of(TransactionBoundary boundary, long intervalMs,
            WorkerTransactionContext context) {
        return switch (boundary) {
            case POLL -> new TransactionBoundaries() {
                @Override
                Action afterBatch(long nowMs) {
                    return Action.COMMIT;
                }

                @Override
                Action atStop(long nowMs) {
                    return Action.COMMIT;
                }
            };
            case INTERVAL -> new TransactionBoundaries() {
                private long lastCommitMs;

                @Override
                void initialize(long nowMs) {
                    lastCommitMs = nowMs;
                }

                @Override
                Action afterBatch(long nowMs) {
                    if (nowMs >= lastCommitMs + intervalMs) {
                        lastCommitMs = nowMs;
                        return Action.COMMIT;
                    }
                    return Action.CONTINUE;
                }

                @Override
                Action atStop(long nowMs) {
                    return Action.COMMIT;
                }
            };
            case CONNECTOR -> connectorDefined(Objects.requireNonNull(context,
                    "Transaction context must be provided when using connector-defined transaction boundaries"));
        };
    }

    private static TransactionBoundaries connectorDefined(WorkerTransactionContext context) {
        return new TransactionBoundaries() {
            @Override
            Action afterRecord(SourceRecord record) {
                if (context.shouldAbortOn(record)) {
                    LOG.info("Aborting transaction for record on topic {} as requested by connector", record.topic());
                    LOG.trace("Last record in aborted transaction: {}", record);
                    return Action.ABORT_AND_COMMIT;
                }
                return context.shouldCommitOn(record) ? Action.COMMIT : Action.CONTINUE;
            }

            @Override
            Action afterBatch(long nowMs) {
                if (context.shouldAbortBatch()) {
                    LOG.info("Aborting transaction for batch as requested by connector");
                    return Action.ABORT_AND_COMMIT;
                }
                return context.shouldCommitBatch() ? Action.COMMIT : Action.CONTINUE;
            }

            @Override
            Action atStop(long nowMs) {
                // As Apache: only what the connector asked for; an unrequested open transaction is not committed.
                return afterBatch(nowMs);
            }
        };
    }
}

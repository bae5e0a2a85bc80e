package io.fluxgate.runtime.task;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.Stage;
import io.fluxgate.runtime.status.StatusListener;

/**
 * A source task: poll, transform, convert, send, with Kafka Connect's at-least-once delivery. Each record is tracked
 * until the broker acknowledges it, and only offsets whose record and every earlier record of the same source
 * partition were acknowledged are committed, periodically (by the worker's committer) and when the task stops.
 * Nothing is polled, sent or committed while the worker does not hold its {@link WorkLease}.
 */
public final class WorkerSourceTask extends AbstractWorkerSourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerSourceTask.class);
    private static final String ACKNOWLEDGEMENTS = "waiting for the broker to acknowledge the records sent "
            + "(fluxgate.source.task.max.unacknowledged.records reached)";

    private final SubmittedRecords submitted;
    private final AtomicReference<Exception> producerSendException = new AtomicReference<>();
    private final Object commitLock = new Object();
    private Map<Map<String, Object>, Map<String, Object>> committableOffsets = new HashMap<>(); // guarded by this
    private boolean throttled; // task thread only

    public WorkerSourceTask(ConnectorTaskId id, ClassLoader loader, StatusListener<ConnectorTaskId> listener,
            TargetState initialState, Parts parts) {
        super(id, loader, listener, initialState, parts);
        this.submitted = new SubmittedRecords(parts.maxUnacknowledgedRecords());
    }

    @Override
    protected void prepareToInitializeTask() {
        // nothing to claim: the producer is not transactional
    }

    @Override
    protected void prepareToEnterSendLoop() {
        // offsets are committed by the worker's committer, whatever the loop does
    }

    @Override
    protected void beginSendIteration() {
        updateCommittableOffsets();
    }

    @Override
    protected void prepareToPollTask() {
        maybeThrowProducerSendException();
    }

    /**
     * {@code fluxgate.source.task.max.unacknowledged.records}: at the limit the task does not poll until the broker
     * acknowledges some. The wait is shown to the stall watch as a call of its own, from its first moment: a broker
     * that acknowledges nothing for the stall timeout makes the task reported stalled, naming the limit. A failed
     * send is never acknowledged: it fails the task here rather than leave it waiting.
     */
    @Override
    protected boolean awaitRoomToPoll(long maxWaitMs) throws InterruptedException {
        if (!throttled(submitted.full())) {
            return false;
        }
        maybeThrowProducerSendException();
        submitted.awaitRoom(maxWaitMs);
        return true;
    }

    private boolean throttled(boolean full) {
        if (full && !throttled) {
            throttled = true;
            progress().enter(ACKNOWLEDGEMENTS);
            LOG.debug("{} Throttled: {} records sent and not yet acknowledged", this, submitted.pending());
        } else if (!full && throttled) {
            throttled = false;
            progress().exit();
            progress().progressed();
        }
        return full;
    }

    @Override
    protected void onPause() {
        throttled(false); // a paused task waits for nothing
        super.onPause();
    }

    @Override
    protected void recordDropped(SourceRecord original) {
        commitTaskRecord(original, null);
        submitted.submit(original).ack();
        parts().taskMetrics().recordDone(false);
    }

    @Override
    protected void checkBeforeSend() {
        maybeThrowProducerSendException();
    }

    @Override
    protected SubmittedRecords.SubmittedRecord prepareToSendRecord(SourceRecord original,
            ProducerRecord<byte[], byte[]> producerRecord) {
        return submitted.submit(original);
    }

    @Override
    protected void recordRefused(SubmittedRecords.SubmittedRecord submittedRecord) {
        submitted.remove(submittedRecord);
    }

    @Override
    protected void recordDispatched(SourceRecord original) {
        // its offset becomes committable once acknowledged
    }

    @Override
    protected void batchDispatched() {
        // offsets are committed by the worker's committer, not at batch boundaries
    }

    @Override
    protected void recordSent(SourceRecord original, RecordMetadata metadata,
            SubmittedRecords.SubmittedRecord submittedRecord) {
        commitTaskRecord(original, metadata);
        submittedRecord.ack();
    }

    @Override
    protected void producerSendFailed(ProcessingContext<SourceRecord> context, SourceRecord original, String topic,
            Exception error, SubmittedRecords.SubmittedRecord submittedRecord) {
        if (parts().operator().tolerance() == ToleranceType.ALL) {
            LOG.trace("Ignoring failed record send: {} failed to send record to {}: ", this, topic, error);
            try {
                parts().operator().executeFailed(context, Stage.KAFKA_PRODUCE, WorkerSourceTask.class, error);
            } catch (RuntimeException e) {
                // tolerated: reported already
            }
            commitTaskRecord(original, null);
            submittedRecord.ack();
            parts().taskMetrics().recordDone(false);
        } else {
            LOG.error("{} failed to send record to {}: ", this, topic, error);
            producerSendException.compareAndSet(null, error);
        }
    }

    private void maybeThrowProducerSendException() {
        Exception error = producerSendException.get();
        if (error != null) {
            throw new ConnectException("Unrecoverable exception from producer send callback", error);
        }
    }

    private void updateCommittableOffsets() {
        Map<Map<String, Object>, Map<String, Object>> newOffsets = submitted.committableOffsets();
        if (!newOffsets.isEmpty()) {
            synchronized (this) {
                committableOffsets.putAll(newOffsets);
            }
        }
    }

    /**
     * Waits (up to offset.flush.timeout.ms) for in-flight records, then commits what was acknowledged, also when the
     * task is failing: the offsets of acknowledged records are safe to commit.
     */
    @Override
    protected void finalOffsetCommit(boolean failed) {
        if (!submitted.awaitAllMessages(parts().offsetFlushTimeoutMs())) {
            LOG.error("{} Failed to flush, timed out while waiting for producer to flush outstanding {} messages",
                    this, submitted.pending());
        }
        updateCommittableOffsets();
        commitOffsets();
    }

    /**
     * True unless the task failed (its producer may have lost records after the committable ones) or ended (its
     * final commit was its last).
     */
    @Override
    public boolean shouldCommitOffsets() {
        return !isFailed() && partsOrNull() != null;
    }

    /** Unacknowledged records and committable offsets: the plugin's partition and offset maps. */
    @Override
    protected void releaseRecords() {
        submitted.forget();
        producerSendException.set(null);
        synchronized (this) {
            committableOffsets = new HashMap<>();
        }
    }

    /**
     * Writes the offsets of acknowledged records, then tells the task ({@code SourceTask.commit()}). Called by the
     * worker's committer every {@code offset.flush.interval.ms} and by the task as it stops.
     */
    @Override
    public boolean commitOffsets() {
        Parts parts = partsOrNull();
        if (parts == null) {
            return false; // the task ended: its final commit was its last
        }
        if (!parts.lease().held()) {
            // The task's replacement may have committed further already: this worker's offsets would take it back.
            LOG.warn("{} Not committing offsets: this worker may no longer own the task", this);
            return false;
        }
        synchronized (commitLock) {
            long started = System.currentTimeMillis();
            Map<Map<String, Object>, Map<String, Object>> offsets;
            synchronized (this) {
                offsets = committableOffsets;
                committableOffsets = new HashMap<>();
            }
            offsets.forEach(parts.offsetWriter()::offset);
            if (parts.offsetWriter().beginFlush()) {
                try {
                    parts.offsetWriter().doFlush();
                } catch (RuntimeException e) {
                    LOG.error("{} Failed to flush offsets to storage: ", this, e);
                    parts.taskMetrics().recordCommit(System.currentTimeMillis() - started, false);
                    return false;
                }
                LOG.debug("{} Committed offsets for {} source partitions", this, offsets.size());
            }
            parts.taskMetrics().recordCommit(System.currentTimeMillis() - started, true);
            commitSourceTask();
            return true;
        }
    }
}

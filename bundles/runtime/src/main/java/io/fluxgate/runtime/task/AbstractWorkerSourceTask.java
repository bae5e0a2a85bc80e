package io.fluxgate.runtime.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.metrics.SourceTaskMetrics;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.storage.OffsetStorageWriter;
import io.fluxgate.runtime.transforms.TransformationChain;

/**
 * What the two source tasks share (Apache's {@code AbstractWorkerSourceTask}): the poll, transform, convert, send loop,
 * its pauses, its retries, its stall reporting and the {@link WorkLease} it honours, and the release of everything
 * the task owns. What happens to a record once dropped, sent or acknowledged, and how offsets are committed, is the
 * variant's: {@link WorkerSourceTask} commits acknowledged offsets periodically (at least once),
 * {@link ExactlyOnceWorkerSourceTask} writes records and offsets in one transaction.
 */
public abstract class AbstractWorkerSourceTask extends WorkerTask {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractWorkerSourceTask.class);
    private static final long SEND_FAILED_BACKOFF_MS = 100;
    /** How often a task whose worker lost its lease looks again, until it is stopped or the lease comes back. */
    private static final long LEASE_WAIT_MS = 100;
    /** What a stalled task's status names (see {@link TaskProgress}). */
    private static final String POLL = "poll()";
    private static final String SEND = "sending a polled batch (transformations, converters, producer.send())";

    /**
     * What the task is made of; everything is owned (and closed) by the task. {@code offsetStore} is where
     * {@code offsetReader} and {@code offsetWriter} read and write: started (a connector's own offsets topic read)
     * before the plugin is initialized, as Apache does, and stopped when the task closes.
     */
    public record Parts(SourceTask task, Map<String, String> taskConfig, RecordConversion conversion,
            TransformationChain<SourceRecord, SourceRecord> transformations,
            RetryWithToleranceOperator<SourceRecord> operator, Producer<byte[], byte[]> producer,
            TopicCreator topicCreator, OffsetBackingStore offsetStore, OffsetReader offsetReader,
            OffsetStorageWriter offsetWriter, PluginMetrics metrics, SourceTaskMetrics taskMetrics,
            long offsetFlushTimeoutMs, WorkLease lease, int maxUnacknowledgedRecords) {
    }

    /**
     * What the task is made of, until its thread ended ({@link #release()}): then null, so that a failed task the
     * worker still lists holds nothing of its plugin's. Read through {@link #parts()} on the task's thread, and as a
     * possibly null snapshot by the other threads that call in (stops, the offset committer, producer callbacks).
     */
    private volatile Parts parts;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private List<SourceRecord> toSend;
    private volatile boolean producerClosed;

    protected AbstractWorkerSourceTask(ConnectorTaskId id, ClassLoader loader,
            StatusListener<ConnectorTaskId> listener, TargetState initialState, Parts parts) {
        super(id, loader, listener, initialState);
        this.parts = parts;
    }

    /** What the task is made of; only for the task's own thread, which never sees it released. */
    protected final Parts parts() {
        Parts current = parts;
        if (current == null) {
            throw new IllegalStateException(this + " has ended and released its plugin's objects");
        }
        return current;
    }

    /** What the task is made of, or null once its thread ended: for threads other than the task's. */
    protected final Parts partsOrNull() {
        return parts;
    }

    /** Before the plugin is initialized and started: the exactly-once task claims its transactional id here. */
    protected abstract void prepareToInitializeTask();

    /** As the send loop is entered, and entered again after a pause. */
    protected abstract void prepareToEnterSendLoop();

    /** At the top of every round of the loop, before the lease and pauses are looked at. */
    protected abstract void beginSendIteration();

    /** Just before the plugin is polled. */
    protected abstract void prepareToPollTask();

    /**
     * Whether the task must not poll yet (too many records wait for the broker's acknowledgement); if so, waits for
     * up to {@code maxWaitMs} before the loop goes round again. Never, unless a variant limits what it holds.
     */
    protected boolean awaitRoomToPoll(long maxWaitMs) throws InterruptedException {
        return false;
    }

    /** A record filtered out by a transformation or dropped within the error tolerance: done with. */
    protected abstract void recordDropped(SourceRecord original);

    /** Before each record is handed to the producer, before the lease is looked at. */
    protected abstract void checkBeforeSend();

    /**
     * The record is about to be handed to the producer; answers what to acknowledge once the broker has it, or null
     * when the variant does not track single records.
     */
    protected abstract SubmittedRecords.SubmittedRecord prepareToSendRecord(SourceRecord original,
            ProducerRecord<byte[], byte[]> producerRecord);

    /** The producer refused the record retriably: it will be sent again after a backoff. */
    protected abstract void recordRefused(SubmittedRecords.SubmittedRecord submitted);

    /** The producer accepted the record: it will be in Kafka unless the producer fails. */
    protected abstract void recordDispatched(SourceRecord original);

    /** The whole batch was dispatched or dropped; also called when a poll returned nothing. */
    protected abstract void batchDispatched();

    /** The broker acknowledged the record; called on the producer's thread. */
    protected abstract void recordSent(SourceRecord original, RecordMetadata metadata,
            SubmittedRecords.SubmittedRecord submitted);

    /** The producer failed to send the record (after handing it over); called on the producer's thread. */
    protected abstract void producerSendFailed(ProcessingContext<SourceRecord> context, SourceRecord original,
            String topic, Exception error, SubmittedRecords.SubmittedRecord submitted);

    /** No more records will be polled or sent: commit what may be. {@code failed}: the task is failing. */
    protected abstract void finalOffsetCommit(boolean failed);

    /** Whether the worker's periodic committer should call {@link #commitOffsets()} now. */
    public abstract boolean shouldCommitOffsets();

    /** The worker's periodic commit ({@code offset.flush.interval.ms}); false when it failed. */
    public abstract boolean commitOffsets();

    /** What the task reads from its context's {@code transactionContext()}: null unless it defines transactions. */
    protected TransactionContext transactionContext() {
        return null;
    }

    /** The exception a send the producer refused for good ends the task with. */
    protected RuntimeException unrecoverableSendFailure(KafkaException e) {
        return new ConnectException("Unrecoverable exception trying to send", e);
    }

    @Override
    protected void initializeAndStart() {
        prepareToInitializeTask();
        Parts parts = parts();
        parts.offsetStore().start();
        markPluginStarted();
        parts.task().initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return parts.taskConfig();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return parts.offsetReader();
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return parts.metrics();
            }

            @Override
            public TransactionContext transactionContext() {
                return AbstractWorkerSourceTask.this.transactionContext();
            }
        });
        parts.task().start(parts.taskConfig());
        LOG.info("{} Source task finished initialization and start", this);
    }

    @Override
    protected void execute() {
        Parts parts = parts();
        try {
            prepareToEnterSendLoop();
            while (!isStopping()) {
                beginSendIteration();
                parts.taskMetrics().update();
                if (!parts.lease().held()) {
                    // Neither poll nor send: the group may have given this task to another worker, which writes now.
                    stopRequested.await(LEASE_WAIT_MS, TimeUnit.MILLISECONDS);
                    continue;
                }
                if (shouldPause()) {
                    onPause();
                    if (awaitUnpause()) {
                        onResume();
                        prepareToEnterSendLoop();
                    }
                    continue;
                }
                if (toSend == null && awaitRoomToPoll(LEASE_WAIT_MS)) {
                    continue;
                }
                if (toSend == null) {
                    prepareToPollTask();
                    toSend = poll();
                }
                if (toSend == null) {
                    batchDispatched();
                    continue;
                }
                boolean sent;
                progress().enter(SEND);
                try {
                    sent = sendRecords();
                } finally {
                    progress().exit();
                }
                if (!sent) {
                    stopRequested.await(SEND_FAILED_BACKOFF_MS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            // the task is being stopped
        } catch (RuntimeException e) {
            if (!isCancelled()) {
                try {
                    finalOffsetCommit(true);
                } catch (RuntimeException commitFailure) {
                    LOG.error("{} Failed to commit offsets for already-failing task", this, commitFailure);
                }
            }
            throw e;
        }
        finalOffsetCommit(false);
    }

    private List<SourceRecord> poll() throws InterruptedException {
        Parts parts = parts();
        try {
            long started = System.currentTimeMillis();
            List<SourceRecord> records;
            progress().enter(POLL);
            try {
                records = parts.task().poll();
            } finally {
                progress().exit();
            }
            progress().progressed();
            if (records != null) {
                parts.taskMetrics().recordPoll(records.size(), System.currentTimeMillis() - started);
            }
            return records;
        } catch (RetriableException | org.apache.kafka.common.errors.RetriableException e) {
            LOG.warn("{} failed to poll records from SourceTask. Will retry operation.", this, e);
            return null;
        }
    }

    /** Sends the batch; false when a retriable failure left the rest of it to be sent after a backoff. */
    private boolean sendRecords() {
        Parts parts = parts();
        int processed = 0;
        for (SourceRecord original : toSend) {
            ProcessingContext<SourceRecord> context = new ProcessingContext<>(original);
            SourceRecord record = parts.transformations().apply(context, original);
            ProducerRecord<byte[], byte[]> producerRecord = record == null || context.failed() ? null
                    : parts.conversion().toProducerRecord(context, record, parts.operator());
            if (context.failed() && isStopping()) {
                // Its retries may have been cut short by the stop (stopRetrying), not given up on: not done with,
                // so neither it nor what follows is committed, and the next instance reads them again.
                toSend = toSend.subList(processed, toSend.size());
                return false;
            }
            if (producerRecord == null || context.failed()) {
                // Filtered out or dropped within tolerance: done with, so its offset may be committed in turn.
                recordDropped(original);
                processed++;
                continue;
            }
            checkBeforeSend();
            if (!parts.lease().held()) {
                // Checked before each record, not only before the batch: a freeze can fall in the middle of one.
                toSend = toSend.subList(processed, toSend.size());
                return false;
            }
            SubmittedRecords.SubmittedRecord submitted = prepareToSendRecord(original, producerRecord);
            // The callback holds on to what it needs and no more: the serialized key and value are already copied
            // into the producer's batch, and every record in flight would otherwise keep a second copy alive.
            String topic = producerRecord.topic();
            try {
                parts.topicCreator().ensureTopic(topic);
                parts.producer().send(producerRecord, (metadata, error) -> {
                    if (partsOrNull() == null) {
                        // The task's thread closed the producer and ended: nothing is left to tell.
                        LOG.trace("{} a send completed after the task ended", this, error);
                    } else if (error == null) {
                        recordSent(original, metadata, submitted);
                        parts.taskMetrics().recordDone(true);
                        recordActiveTopic(topic); // KIP-558, as Kafka: once acknowledged
                    } else if (producerClosed) {
                        LOG.trace("{} failed to send a record; expected as the producer has already been closed",
                                this, error);
                    } else {
                        producerSendFailed(context, original, topic, error, submitted);
                    }
                });
            } catch (RetriableException | org.apache.kafka.common.errors.RetriableException e) {
                LOG.warn("{} Failed to send record to topic '{}' and partition '{}'. Backing off before retrying: ",
                        this, producerRecord.topic(), producerRecord.partition(), e);
                toSend = toSend.subList(processed, toSend.size());
                recordRefused(submitted);
                return false;
            } catch (ConnectException e) {
                LOG.warn("{} Failed to send record to topic '{}' and partition '{}' due to an unrecoverable "
                        + "exception: ", this, producerRecord.topic(), producerRecord.partition(), e);
                throw e;
            } catch (KafkaException e) {
                throw unrecoverableSendFailure(e);
            }
            processed++;
            recordDispatched(original);
        }
        toSend = null;
        batchDispatched();
        return true;
    }

    /** Calls the plugin's {@code commitRecord}; what it throws is logged, as Kafka does. */
    protected final void commitTaskRecord(SourceRecord record, RecordMetadata metadata) {
        Parts current = parts;
        if (current == null) {
            return; // the task ended: its plugin is closed and released
        }
        try {
            current.task().commitRecord(record, metadata);
        } catch (Throwable t) {
            LOG.error("{} Exception thrown while calling task.commitRecord()", this, t);
        }
    }

    /** Calls the plugin's {@code commit}; what it throws is logged, as Kafka does. */
    protected final void commitSourceTask() {
        Parts current = parts;
        if (current == null) {
            return; // the task ended: its plugin is closed and released
        }
        try {
            current.task().commit();
        } catch (Throwable t) {
            LOG.error("{} Exception thrown while calling task.commit()", this, t);
        }
    }

    /** Whether the producer was closed: its failures after that are expected, not the task's. */
    protected final boolean isProducerClosed() {
        return producerClosed;
    }

    @Override
    public void stop() {
        super.stop();
        stopRequested.countDown();
        Parts current = parts;
        if (current != null) {
            current.operator().stopRetrying();
        }
    }

    @Override
    public void cancel() {
        super.cancel();
        Parts current = parts;
        if (current == null) {
            return; // the task's thread ended: it closed everything already
        }
        current.offsetReader().close();
        // The task thread may be blocked in send() (max.block.ms is infinite): closing the producer releases it.
        Thread closer = new Thread(() -> closeProducer(current, Duration.ZERO), "producer-closer-" + id);
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    protected void close() {
        Parts parts = parts();
        stopPlugin(parts.task());
        closeProducer(parts, Duration.ofSeconds(30));
        closeQuietly(parts.topicCreator()::close, "topic creator");
        closeQuietly(parts.transformations()::close, "transformation chain");
        closeQuietly(parts.operator()::close, "error reporters");
        closeQuietly(parts.offsetReader()::close, "offset reader");
        closeQuietly(parts.offsetStore()::stop, "offset store");
        closeQuietly(parts.conversion()::close, "converters");
        closeQuietly(parts.metrics(), "plugin metrics");
    }

    private void closeProducer(Parts parts, Duration timeout) {
        producerClosed = true;
        closeQuietly(() -> parts.producer().close(timeout), "producer");
    }

    /**
     * Drops the parts (the plugin task, its converters and transformations, its producer) and the batch it was
     * sending; a variant drops what it holds of its records too ({@link #releaseRecords()}).
     */
    @Override
    protected final void release() {
        releaseRecords();
        toSend = null;
        parts = null;
    }

    /** What the variant holds of the task's records (unacknowledged, or in the open transaction): dropped. */
    protected abstract void releaseRecords();
}

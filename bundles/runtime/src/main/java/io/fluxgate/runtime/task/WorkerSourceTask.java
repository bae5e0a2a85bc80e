package io.fluxgate.runtime.task;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.errors.Stage;
import io.fluxgate.runtime.metrics.SourceTaskMetrics;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.storage.OffsetStorageWriter;
import io.fluxgate.runtime.transforms.TransformationChain;

/**
 * A source task: poll, transform, convert, send, with Kafka Connect's at-least-once delivery. Each record is tracked
 * until the broker acknowledges it, and only offsets whose record and every earlier record of the same source
 * partition were acknowledged are committed, periodically (by the worker's committer) and when the task stops.
 * Nothing is polled, sent or committed while the worker does not hold its {@link WorkLease}.
 */
public final class WorkerSourceTask extends WorkerTask {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerSourceTask.class);
    private static final long SEND_FAILED_BACKOFF_MS = 100;
    /** How often a task whose worker lost its lease looks again, until it is stopped or the lease comes back. */
    private static final long LEASE_WAIT_MS = 100;
    /** What a stalled task's status names (see {@link TaskProgress}). */
    private static final String POLL = "poll()";
    private static final String SEND = "sending a polled batch (transformations, converters, producer.send())";
    private static final String ACKNOWLEDGEMENTS = "waiting for the broker to acknowledge the records sent "
            + "(fluxgate.source.task.max.unacknowledged.records reached)";

    /** What the task is made of; everything is owned (and closed) by the task. */
    public record Parts(SourceTask task, Map<String, String> taskConfig, RecordConversion conversion,
            TransformationChain<SourceRecord, SourceRecord> transformations,
            RetryWithToleranceOperator<SourceRecord> operator, Producer<byte[], byte[]> producer,
            TopicCreator topicCreator, OffsetReader offsetReader, OffsetStorageWriter offsetWriter,
            PluginMetrics metrics, SourceTaskMetrics taskMetrics, long offsetFlushTimeoutMs, WorkLease lease,
            int maxUnacknowledgedRecords) {
    }

    private final Parts parts;
    private final SourceTask task;
    private final SubmittedRecords submitted;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<Exception> producerSendException = new AtomicReference<>();
    private final Object commitLock = new Object();
    private Map<Map<String, Object>, Map<String, Object>> committableOffsets = new HashMap<>(); // guarded by this
    private List<SourceRecord> toSend;
    private volatile boolean producerClosed;
    private boolean throttled; // task thread only

    public WorkerSourceTask(ConnectorTaskId id, ClassLoader loader, StatusListener<ConnectorTaskId> listener,
            TargetState initialState, Parts parts) {
        super(id, loader, listener, initialState);
        this.parts = parts;
        this.task = parts.task();
        this.submitted = new SubmittedRecords(parts.maxUnacknowledgedRecords());
    }

    @Override
    protected void initializeAndStart() {
        markPluginStarted();
        task.initialize(new SourceTaskContext() {
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
        });
        task.start(parts.taskConfig());
        LOG.info("{} Source task finished initialization and start", this);
    }

    @Override
    protected void execute() {
        try {
            while (!isStopping()) {
                updateCommittableOffsets();
                parts.taskMetrics().update();
                if (!parts.lease().held()) {
                    // Neither poll nor send: the group may have given this task to another worker, which writes now.
                    stopRequested.await(LEASE_WAIT_MS, TimeUnit.MILLISECONDS);
                    continue;
                }
                if (shouldPause()) {
                    throttled(false); // a paused task waits for nothing
                    onPause();
                    if (awaitUnpause()) {
                        onResume();
                    }
                    continue;
                }
                if (toSend == null && throttled(submitted.full())) {
                    maybeThrowProducerSendException(); // a failed send is never acknowledged: no room would come
                    submitted.awaitRoom(LEASE_WAIT_MS);
                    continue;
                }
                if (toSend == null) {
                    maybeThrowProducerSendException();
                    toSend = poll();
                }
                if (toSend == null) {
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
                finalOffsetCommit();
            }
            throw e;
        }
        finalOffsetCommit();
    }

    /**
     * Whether the task must wait for acknowledgements before it polls again ({@code full}). The wait is shown to the
     * stall watch as a call of its own, from its first moment: a broker that acknowledges nothing for the stall
     * timeout makes the task reported stalled, naming the limit.
     */
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

    private List<SourceRecord> poll() throws InterruptedException {
        try {
            long started = System.currentTimeMillis();
            List<SourceRecord> records;
            progress().enter(POLL);
            try {
                records = task.poll();
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
                commitTaskRecord(original, null);
                submitted.submit(original).ack();
                parts.taskMetrics().recordDone(false);
                processed++;
                continue;
            }
            maybeThrowProducerSendException();
            if (!parts.lease().held()) {
                // Checked before each record, not only before the batch: a freeze can fall in the middle of one.
                toSend = toSend.subList(processed, toSend.size());
                return false;
            }
            SubmittedRecords.SubmittedRecord submittedRecord = submitted.submit(original);
            // The callback holds on to what it needs and no more: the serialized key and value are already copied
            // into the producer's batch, and every record in flight would otherwise keep a second copy alive.
            String topic = producerRecord.topic();
            try {
                parts.topicCreator().ensureTopic(topic);
                parts.producer().send(producerRecord, (metadata, error) -> {
                    if (error == null) {
                        commitTaskRecord(original, metadata);
                        submittedRecord.ack();
                        parts.taskMetrics().recordDone(true);
                        recordActiveTopic(topic); // KIP-558, as Kafka: once acknowledged
                    } else {
                        producerSendFailed(context, original, topic, error, submittedRecord);
                    }
                });
            } catch (RetriableException | org.apache.kafka.common.errors.RetriableException e) {
                LOG.warn("{} Failed to send record to topic '{}' and partition '{}'. Backing off before retrying: ",
                        this, producerRecord.topic(), producerRecord.partition(), e);
                toSend = toSend.subList(processed, toSend.size());
                submitted.remove(submittedRecord);
                return false;
            } catch (ConnectException e) {
                LOG.warn("{} Failed to send record to topic '{}' and partition '{}' due to an unrecoverable "
                        + "exception: ", this, producerRecord.topic(), producerRecord.partition(), e);
                throw e;
            } catch (KafkaException e) {
                throw new ConnectException("Unrecoverable exception trying to send", e);
            }
            processed++;
        }
        toSend = null;
        return true;
    }

    private void producerSendFailed(ProcessingContext<SourceRecord> context, SourceRecord original, String topic,
            Exception error, SubmittedRecords.SubmittedRecord submittedRecord) {
        if (producerClosed) {
            LOG.trace("{} failed to send a record; expected as the producer has already been closed", this, error);
            return;
        }
        if (parts.operator().tolerance() == ToleranceType.ALL) {
            LOG.trace("Ignoring failed record send: {} failed to send record to {}: ", this, topic, error);
            try {
                parts.operator().executeFailed(context, Stage.KAFKA_PRODUCE, WorkerSourceTask.class, error);
            } catch (RuntimeException e) {
                // tolerated: reported already
            }
            commitTaskRecord(original, null);
            submittedRecord.ack();
            parts.taskMetrics().recordDone(false);
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

    private void commitTaskRecord(SourceRecord record, RecordMetadata metadata) {
        try {
            task.commitRecord(record, metadata);
        } catch (Throwable t) {
            LOG.error("{} Exception thrown while calling task.commitRecord()", this, t);
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

    /** Waits (up to offset.flush.timeout.ms) for in-flight records, then commits what was acknowledged. */
    private void finalOffsetCommit() {
        if (!submitted.awaitAllMessages(parts.offsetFlushTimeoutMs())) {
            LOG.error("{} Failed to flush, timed out while waiting for producer to flush outstanding {} messages",
                    this, submitted.pending());
        }
        updateCommittableOffsets();
        commitOffsets();
    }

    /** True unless the task failed: a failed task's producer may have lost records after the committable ones. */
    public boolean shouldCommitOffsets() {
        return !isFailed();
    }

    /**
     * Writes the offsets of acknowledged records, then tells the task ({@code SourceTask.commit()}). Called by the
     * worker's committer every {@code offset.flush.interval.ms} and by the task as it stops.
     */
    public boolean commitOffsets() {
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
            try {
                task.commit();
            } catch (Throwable t) {
                LOG.error("{} Exception thrown while calling task.commit()", this, t);
            }
            return true;
        }
    }

    @Override
    public void stop() {
        super.stop();
        stopRequested.countDown();
        parts.operator().stopRetrying();
    }

    @Override
    public void cancel() {
        super.cancel();
        parts.offsetReader().close();
        // The task thread may be blocked in send() (max.block.ms is infinite): closing the producer releases it.
        Thread closer = new Thread(() -> closeProducer(Duration.ZERO), "producer-closer-" + id);
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    protected void close() {
        stopPlugin(task);
        closeProducer(Duration.ofSeconds(30));
        closeQuietly(parts.topicCreator()::close, "topic creator");
        closeQuietly(parts.transformations()::close, "transformation chain");
        closeQuietly(parts.operator()::close, "error reporters");
        closeQuietly(parts.offsetReader()::close, "offset reader");
        closeQuietly(parts.conversion()::close, "converters");
        closeQuietly(parts.metrics(), "plugin metrics");
    }

    private void closeProducer(Duration timeout) {
        producerClosed = true;
        closeQuietly(() -> parts.producer().close(timeout), "producer");
    }


}

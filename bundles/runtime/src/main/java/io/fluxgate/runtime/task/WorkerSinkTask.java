package io.fluxgate.runtime.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.metrics.SinkTaskMetrics;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.transforms.TransformationChain;

/**
 * A sink task: consume from the connector's topics in the consumer group {@code connect-<connector>}, convert,
 * transform and {@code put}; commit to the group, every {@code offset.flush.interval.ms} and when partitions are
 * revoked or the task stops, the offsets {@code preCommit} returns (by default those of every record put, once
 * {@code flush} returned). A {@link RetriableException} from {@code put} redelivers the same batch with every
 * partition paused meanwhile, as Kafka Connect does.
 */
public final class WorkerSinkTask extends WorkerTask {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerSinkTask.class);
    /** What a stalled task's status names (see {@link TaskProgress}). */
    private static final String CONVERT = "converting a consumed batch (converters, transformations)";
    private static final String PUT = "put()";
    private static final String PRE_COMMIT = "preCommit()";
    private static final String OPEN = "open()";
    private static final String CLOSE = "close()";

    /** What the task is made of; everything is owned (and closed) by the task. */
    public record Parts(SinkTask task, Map<String, String> taskConfig, RecordConversion conversion,
            TransformationChain<ConsumerRecord<byte[], byte[]>, SinkRecord> transformations,
            RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator, Consumer<byte[], byte[]> consumer,
            SinkErrantRecordReporter errantRecordReporter, PluginMetrics metrics, SinkTaskMetrics taskMetrics,
            long commitIntervalMs, long commitTimeoutMs) {
    }

    /**
     * What the task is made of, until its thread ended ({@link #release()}): then null, so that a failed task the
     * worker still lists holds nothing of its plugin's. The task's thread reads its own copies below; the threads
     * that call in (stops, pauses, a given-up task's consumer closer) take a possibly null snapshot.
     */
    private volatile Parts live;
    // The task's thread only, dropped by release() with the rest:
    private Parts parts;
    private SinkTask task;
    private Consumer<byte[], byte[]> consumer;
    private SinkBatch batch;
    private final Map<TopicPartition, OffsetAndMetadata> currentOffsets = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> lastCommittedOffsets = new HashMap<>();
    private WorkerSinkTaskContext context;
    private RuntimeException rebalanceException;
    private boolean pausedForRedelivery;
    private boolean committing;
    private int commitSeqno;
    private long commitStarted;
    private long nextCommit;
    private volatile boolean taskStopped;

    public WorkerSinkTask(ConnectorTaskId id, ClassLoader loader, StatusListener<ConnectorTaskId> listener,
            TargetState initialState, Parts parts) {
        super(id, loader, listener, initialState);
        this.parts = parts;
        this.task = parts.task();
        this.consumer = parts.consumer();
        this.batch = new SinkBatch(parts.conversion(), parts.transformations(), parts.operator(),
                parts.errantRecordReporter() != null);
        this.live = parts;
    }

    @Override
    protected void initializeAndStart() {
        String regex = parts.taskConfig().get(SinkTask.TOPICS_REGEX_CONFIG);
        String topics = parts.taskConfig().get(SinkTask.TOPICS_CONFIG);
        if (topics != null && !topics.isBlank()) {
            List<String> list = List.of(topics.split(",")).stream().map(String::trim).filter(t -> !t.isEmpty())
                    .distinct().toList();
            consumer.subscribe(list, new HandleRebalance());
        } else if (regex != null && !regex.isBlank()) {
            consumer.subscribe(Pattern.compile(regex), new HandleRebalance());
        } else {
            throw new ConnectException("Must configure one of " + SinkTask.TOPICS_CONFIG + " or "
                    + SinkTask.TOPICS_REGEX_CONFIG);
        }
        context = new WorkerSinkTaskContext(parts.taskConfig(), consumer, this, parts.errantRecordReporter(),
                parts.metrics());
        markPluginStarted();
        task.initialize(context);
        task.start(parts.taskConfig());
        nextCommit = System.currentTimeMillis() + parts.commitIntervalMs();
        LOG.info("{} Sink task finished initialization and start", this);
    }

    @Override
    protected void execute() {
        LOG.info("{} Executing sink task", this);
        Throwable failure = null;
        try {
            while (!isStopping()) {
                iteration();
            }
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            // Commit what was put and let the task clean up its partitions, whether it stops or fails.
            try {
                closePartitions(new ArrayList<>(currentOffsets.keySet()), false);
            } catch (WakeupException e) {
                LOG.trace("{} Consumer woken up during the final offset commit", this);
            } catch (RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e); // the status must show why the task failed, not what failed after
            }
        }
    }

    private void iteration() {
        try {
            long now = System.currentTimeMillis();
            if (!committing && (context.isCommitRequested() || now >= nextCommit)) {
                commitOffsets(now, false, consumer.assignment());
                nextCommit = now + parts.commitIntervalMs();
                context.clearCommitRequest();
            }
            if (committing && now >= commitStarted + parts.commitTimeoutMs()) {
                LOG.warn("{} Commit of offsets timed out", this);
                committing = false;
            }
            poll(Math.max(nextCommit - now, 0));
        } catch (WakeupException e) {
            LOG.trace("{} Consumer woken up", this);
            if (isStopping()) {
                return;
            }
            if (shouldPause()) {
                pauseAll();
                onPause();
                context.requestCommit();
            } else {
                if (!pausedForRedelivery) {
                    resumeAll(); // else they are resumed once the batch is put
                }
                onResume(); // running again either way: the status must say so
            }
        }
    }

    private void poll(long timeoutMs) {
        rewind();
        long retryTimeout = context.timeout();
        if (retryTimeout > 0) {
            timeoutMs = Math.min(timeoutMs, retryTimeout);
            context.timeout(-1L);
        }
        ConsumerRecords<byte[], byte[]> messages = consumer.poll(Duration.ofMillis(timeoutMs));
        if (rebalanceException != null) {
            RuntimeException e = rebalanceException;
            rebalanceException = null;
            throw e;
        }
        progress().during(CONVERT, () -> batch.add(messages, this::recordActiveTopic));
        parts.taskMetrics().recordPoll(messages.count(), consumer, batch.offsets());
        deliverMessages();
        // What waits for the task: the records behind its consumer's position, and a batch it could not put yet.
        progress().waiting(parts.taskMetrics().lagMax() + batch.size());
    }

    private void deliverMessages() {
        try {
            long started = System.currentTimeMillis();
            progress().during(PUT, () -> task.put(batch.records()));
            if (batch.size() > 0) {
                progress().progressed();
            }
            parts.taskMetrics().recordPut(batch.size(), System.currentTimeMillis() - started);
            if (parts.errantRecordReporter() != null) {
                // errors.tolerance=none holds even if the task caught what report() threw (as in Kafka Connect)
                parts.errantRecordReporter().throwIfToleranceExceeded();
            }
            currentOffsets.putAll(batch.offsets());
            batch.clear();
            if (pausedForRedelivery) {
                if (!shouldPause()) {
                    resumeAll();
                }
                pausedForRedelivery = false;
            }
        } catch (RetriableException e) {
            LOG.error("{} RetriableException from SinkTask:", this, e);
            if (!pausedForRedelivery) {
                // keep polling (group membership, the task's timeout) without new data until the batch is put
                pausedForRedelivery = true;
                pauseAll();
            }
        } catch (Throwable t) {
            LOG.error("{} Task threw an uncaught and unrecoverable exception. Task is being killed and will not "
                    + "recover until manually restarted. Error: {}", this, t.getMessage(), t);
            throw new ConnectException("Exiting WorkerSinkTask due to unrecoverable exception.", t);
        }
    }

    private void rewind() {
        context.offsets().forEach((tp, offset) -> {
            if (offset != null) {
                LOG.trace("{} Rewind {} to offset {}", this, tp, offset);
                consumer.seek(tp, offset);
                lastCommittedOffsets.put(tp, new OffsetAndMetadata(offset));
                currentOffsets.put(tp, new OffsetAndMetadata(offset));
            } else {
                LOG.warn("{} Cannot rewind {} to null offset", this, tp);
            }
        });
        context.clearOffsets();
    }

    private void commitOffsets(long now, boolean closing, Collection<TopicPartition> partitions) {
        if (parts.errantRecordReporter() != null) {
            parts.errantRecordReporter().awaitFutures(partitions); // reported records are written before commit
        }
        Map<TopicPartition, OffsetAndMetadata> offsetsToCommit = currentOffsets.entrySet().stream()
                .filter(e -> partitions.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (offsetsToCommit.isEmpty()) {
            return;
        }
        committing = true;
        parts.taskMetrics().recordCommitStarted(++commitSeqno);
        commitStarted = now;
        Map<TopicPartition, OffsetAndMetadata> lastCommitted = lastCommittedOffsets.entrySet().stream()
                .filter(e -> offsetsToCommit.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<TopicPartition, OffsetAndMetadata> taskProvided;
        try {
            taskProvided = progress().during(PRE_COMMIT, () -> task.preCommit(new HashMap<>(offsetsToCommit)));
        } catch (Throwable t) {
            if (closing) {
                LOG.warn("{} Offset commit failed during close", this);
            } else {
                LOG.error("{} Offset commit failed, rewinding to last committed offsets", this, t);
                lastCommitted.forEach((tp, offset) -> consumer.seek(tp, offset.offset()));
                currentOffsets.putAll(lastCommitted);
            }
            onCommitCompleted(t, commitSeqno, null);
            return;
        } finally {
            if (closing) {
                closeTaskPartitions(partitions);
            }
        }
        if (taskProvided == null || taskProvided.isEmpty()) {
            LOG.debug("{} Skipping offset commit, task opted-out by returning no offsets from preCommit", this);
            onCommitCompleted(null, commitSeqno, null);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committable = SinkCommitOffsets.committable(this, offsetsToCommit,
                lastCommitted, taskProvided, consumer.assignment());
        if (committable.equals(lastCommitted)) {
            LOG.debug("{} Skipping offset commit, no change since last commit", this);
            onCommitCompleted(null, commitSeqno, null);
            return;
        }
        if (isGivenUp()) {
            LOG.debug("Skipping final offset commit as task has been cancelled");
            return;
        }
        int seqno = commitSeqno;
        if (closing) {
            try {
                consumer.commitSync(committable);
                onCommitCompleted(null, seqno, committable);
            } catch (WakeupException e) {
                consumer.commitSync(committable); // the commit must be made; the wakeup is for the caller
                onCommitCompleted(null, seqno, committable);
                throw e;
            } catch (KafkaException e) {
                onCommitCompleted(e, seqno, committable);
            }
        } else {
            consumer.commitAsync(committable, (offsets, error) -> onCommitCompleted(error, seqno, offsets));
        }
    }

    /** Commits may complete out of order (async): only the latest one counts. */
    private void onCommitCompleted(Throwable error, int seqno, Map<TopicPartition, OffsetAndMetadata> committed) {
        parts.taskMetrics().recordCommitCompleted(seqno == commitSeqno, error == null, commitStarted, committed);
        if (seqno != commitSeqno) {
            LOG.debug("{} Received out of order commit callback for sequence number {}, but most recent sequence "
                    + "number is {}", this, seqno, commitSeqno);
            return;
        }
        if (error != null) {
            LOG.error("{} Commit of offsets threw an unexpected exception for sequence number {}: {}", this, seqno,
                    committed, error);
        } else if (committed != null) {
            LOG.debug("{} Finished offset commit successfully for sequence number {}: {}", this, seqno, committed);
            lastCommittedOffsets.putAll(committed);
        }
        committing = false;
    }

    private void closePartitions(Collection<TopicPartition> partitions, boolean lost) {
        if (!lost) {
            commitOffsets(System.currentTimeMillis(), true, partitions);
        } else {
            LOG.trace("{} Closing the task as partitions have been lost: {}", this, partitions);
            closeTaskPartitions(partitions);
            batch.offsets().keySet().removeAll(partitions);
            currentOffsets.keySet().removeAll(partitions);
        }
        lastCommittedOffsets.keySet().removeAll(partitions);
        parts.taskMetrics().forget(partitions);
    }

    private void closeTaskPartitions(Collection<TopicPartition> partitions) {
        progress().during(CLOSE, () -> task.close(partitions));
    }

    private void pauseAll() {
        consumer.pause(consumer.assignment());
    }

    private void resumeAll() {
        List<TopicPartition> toResume = new ArrayList<>(consumer.assignment());
        toResume.removeAll(context.pausedPartitions());
        consumer.resume(toResume);
    }

    /** True while every partition must stay paused (the connector is paused or a batch awaits redelivery). */
    boolean shouldPauseAll() {
        return shouldPause() || pausedForRedelivery;
    }

    @Override
    public void transitionTo(TargetState state) {
        super.transitionTo(state);
        Parts current = live;
        if (current != null) {
            current.consumer().wakeup();
        }
    }

    @Override
    public void stop() {
        super.stop();
        Parts current = live;
        if (current != null) {
            current.operator().stopRetrying();
            current.consumer().wakeup();
        }
    }

    /**
     * Given up, the task is still in its plugin (a put() or flush() that never returns) and its consumer still a
     * member of the connector's group: the group would wait for it to rejoin until max.poll.interval.ms (5 min by
     * default) before giving its partitions to anyone, so the task's successor (restarted, or moved by a rebalance)
     * would run RUNNING without partitions and not even be seen stalled. Its consumer leaves the group now instead,
     * on a thread of its own; the task's final commit is skipped anyway once given up, and its rebalance listener
     * runs no plugin code for it.
     */
    @Override
    public void giveUp() {
        super.giveUp();
        Parts current = live;
        if (current == null) {
            return; // the task's thread ended meanwhile, its consumer closed
        }
        Thread closer = new Thread(() -> {
            try {
                current.consumer().close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                // The task's thread is inside the consumer after all (it closes it itself on its way out).
                LOG.debug("{} Consumer not closed for the task given up: {}", this, e.toString());
            }
        }, "consumer-closer-" + id());
        closer.setDaemon(true);
        closer.start();
    }

    @Override
    protected void close() {
        stopPlugin(task);
        taskStopped = true;
        closeQuietly(() -> consumer.close(Duration.ofSeconds(5)), "consumer");
        closeQuietly(parts.transformations()::close, "transformation chain");
        closeQuietly(parts.operator()::close, "error reporters");
        closeQuietly(parts.conversion()::close, "converters");
        closeQuietly(parts.metrics(), "plugin metrics");
    }

    /** Drops the parts (the plugin task, its converters and transformations, its consumer) and the batch held. */
    @Override
    protected void release() {
        live = null;
        parts = null;
        task = null;
        consumer = null;
        batch = null;
        context = null;
        rebalanceException = null;
        currentOffsets.clear();
        lastCommittedOffsets.clear();
    }

    private final class HandleRebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("{} Partitions assigned {}", WorkerSinkTask.this, partitions);
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp);
                lastCommittedOffsets.put(tp, new OffsetAndMetadata(position));
                currentOffsets.put(tp, new OffsetAndMetadata(position));
            }
            boolean wasPausedForRedelivery = pausedForRedelivery;
            pausedForRedelivery = wasPausedForRedelivery && batch.size() > 0;
            if (pausedForRedelivery) {
                pauseAll(); // new partitions too, until the batch is put
            } else {
                if (wasPausedForRedelivery) {
                    resumeAll();
                }
                context.pausedPartitions().retainAll(consumer.assignment());
                if (shouldPause()) {
                    pauseAll();
                } else if (!context.pausedPartitions().isEmpty()) {
                    consumer.pause(context.pausedPartitions());
                }
            }
            if (partitions.isEmpty()) {
                return;
            }
            if (rebalanceException == null || rebalanceException instanceof WakeupException) {
                try {
                    progress().during(OPEN, () -> task.open(partitions));
                    rewind(); // only once the task has opened them
                } catch (RuntimeException e) {
                    rebalanceException = e; // the consumer swallows what its listener throws
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            onPartitionsRemoved(partitions, false);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRemoved(partitions, true);
        }

        private void onPartitionsRemoved(Collection<TopicPartition> partitions, boolean lost) {
            if (taskStopped || isGivenUp()) {
                return;
            }
            LOG.debug("{} Partitions {}: {}", WorkerSinkTask.this, lost ? "lost" : "revoked", partitions);
            if (partitions.isEmpty()) {
                return;
            }
            try {
                closePartitions(partitions, lost);
            } catch (RuntimeException e) {
                rebalanceException = e;
            }
            // their offsets go back to the committed ones: what was not put will be consumed again
            batch.forget(partitions);
        }
    }
}

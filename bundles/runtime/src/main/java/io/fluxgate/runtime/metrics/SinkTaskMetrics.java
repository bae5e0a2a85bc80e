package io.fluxgate.runtime.metrics;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.metrics.ConnectMetricNames.SinkTask;

/**
 * One sink task's {@code sink-task-metrics}, as Kafka Connect's, and the task-level figures a sink records through
 * them (batch sizes, commit times). Beyond Kafka Connect, which defines {@code sink-record-lag-max} but never records
 * it, the lag is recorded: the largest number of records the task's consumer is behind the end of any of its
 * partitions, as of its last poll. Recorded by the task's thread, and by its consumer's commit callbacks, which run on
 * that thread too.
 */
public final class SinkTaskMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final TaskMetrics task;
    private final Sensor read;
    private final Sensor send;
    private final Sensor putTime;
    private final Sensor partitions;
    private final Sensor seqno;
    private final Sensor completions;
    private final Sensor skips;
    private final Sensor active;
    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile long lagMax;

    public SinkTaskMetrics(WorkerMetrics metrics, ConnectorTaskId id, TaskMetrics task) {
        this.task = task;
        group = metrics.group(SinkTask.GROUP, ConnectMetricNames.CONNECTOR_TAG, id.connector(),
                ConnectMetricNames.TASK_TAG, Integer.toString(id.task()));
        group.removeLeftovers();
        read = group.sensor("sink-record-read");
        read.add(group.name(SinkTask.SINK_RECORD_READ_RATE), new Rate());
        read.add(group.name(SinkTask.SINK_RECORD_READ_TOTAL), new CumulativeSum());
        send = group.sensor("sink-record-send");
        send.add(group.name(SinkTask.SINK_RECORD_SEND_RATE), new Rate());
        send.add(group.name(SinkTask.SINK_RECORD_SEND_TOTAL), new CumulativeSum());
        active = group.sensor("sink-record-active-count");
        active.add(group.name(SinkTask.SINK_RECORD_ACTIVE_COUNT), new Value());
        active.add(group.name(SinkTask.SINK_RECORD_ACTIVE_COUNT_MAX), new Max());
        active.add(group.name(SinkTask.SINK_RECORD_ACTIVE_COUNT_AVG), new Avg());
        partitions = group.sensor("partition-count");
        partitions.add(group.name(SinkTask.PARTITION_COUNT), new Value());
        seqno = group.sensor("offset-seq-number");
        seqno.add(group.name(SinkTask.OFFSET_COMMIT_SEQ_NO), new Value());
        completions = group.sensor("offset-commit-completion");
        completions.add(group.name(SinkTask.OFFSET_COMMIT_COMPLETION_RATE), new Rate());
        completions.add(group.name(SinkTask.OFFSET_COMMIT_COMPLETION_TOTAL), new CumulativeSum());
        skips = group.sensor("offset-commit-completion-skip");
        skips.add(group.name(SinkTask.OFFSET_COMMIT_SKIP_RATE), new Rate());
        skips.add(group.name(SinkTask.OFFSET_COMMIT_SKIP_TOTAL), new CumulativeSum());
        putTime = group.sensor("put-batch-time");
        putTime.add(group.name(SinkTask.PUT_BATCH_MAX_TIME_MS), new Max());
        putTime.add(group.name(SinkTask.PUT_BATCH_AVG_TIME_MS), new Avg());
        group.gauge(SinkTask.SINK_RECORD_LAG_MAX, now -> (double) lagMax);
    }

    /**
     * A poll returned {@code records} records; {@code consumer} (read on the task's thread) tells the assignment, the
     * lag and, through {@code offsets}, what was consumed of each partition.
     */
    public void recordPoll(int records, Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        read.record(records);
        long max = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                max = Math.max(max, lag.getAsLong());
            }
        }
        lagMax = max;
        partitions.record(consumer.assignment().size());
        offsets.forEach((partition, offset) -> consumed.put(partition, offset.offset()));
        recordActive();
    }

    /** The largest lag of the task's partitions as of its last poll (the stall watch reads it too). */
    public long lagMax() {
        return lagMax;
    }

    /** The task's put() took {@code records} records and {@code durationMs}. */
    public void recordPut(int records, long durationMs) {
        send.record(records);
        putTime.record(durationMs);
        task.recordBatch(records);
    }

    /** Commit {@code number} started. */
    public void recordCommitStarted(int number) {
        seqno.record(number);
    }

    /**
     * A commit started at {@code startedMs} completed: in order or too late (another started since), successfully or
     * not; {@code offsets} are those now committed, when it succeeded.
     */
    public void recordCommitCompleted(boolean inOrder, boolean success, long startedMs,
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        long durationMs = System.currentTimeMillis() - startedMs;
        if (!inOrder) {
            skips.record(1.0);
            return;
        }
        if (success) {
            completions.record(1.0);
            if (offsets != null) {
                offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
                recordActive();
            }
        }
        task.recordCommit(durationMs, success);
    }

    /** Partitions the task no longer has. */
    public void forget(Collection<TopicPartition> removed) {
        consumed.keySet().removeAll(removed);
        committed.keySet().removeAll(removed);
        recordActive();
    }

    private void recordActive() {
        long records = 0;
        for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
            Long consumedOffset = consumed.get(entry.getKey());
            if (consumedOffset != null) {
                records += Math.max(0, consumedOffset - entry.getValue());
            }
        }
        active.record(records);
    }

    /** For a sink task built outside a worker (tests): records into a registry nobody reports. */
    public static SinkTaskMetrics unreported(ConnectorTaskId id) {
        WorkerMetrics metrics = WorkerMetrics.unreported();
        return new SinkTaskMetrics(metrics, id, new TaskMetrics(metrics, id, TaskPluginInfo.UNKNOWN, false));
    }

    /** The current value of one of these metrics, by its name ({@code source-record-poll-total}...). */
    public double value(String name) {
        return group.value(name);
    }

    @Override
    public void close() {
        group.close();
    }
}

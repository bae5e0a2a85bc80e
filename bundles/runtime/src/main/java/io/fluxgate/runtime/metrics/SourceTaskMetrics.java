package io.fluxgate.runtime.metrics;

import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Min;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.metrics.ConnectMetricNames.SourceTask;

/**
 * One source task's {@code source-task-metrics}, as Kafka Connect's: records polled (before transformations) and
 * written (acknowledged by Kafka, after transformations, without those filtered out), poll times, and the records
 * polled but not yet done with; and the task-level figures a source records through them (batch sizes, commit times).
 * An exactly-once task also has the sizes of the transactions it committed ({@code transaction-size-min/max/avg},
 * Apache's {@code TransactionMetricsGroup}), in the same group. Recorded by the task's thread, its producer's callbacks
 * and the worker's committer.
 */
public final class SourceTaskMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final TaskMetrics task;
    private final Sensor poll;
    private final Sensor write;
    private final Sensor pollTime;
    private final Sensor active;
    private final LongAdder written = new LongAdder();
    private final LongAdder done = new LongAdder();
    private long activeRecords; // guarded by this
    private volatile Sensor transactionSize; // exactly-once tasks only

    public SourceTaskMetrics(WorkerMetrics metrics, ConnectorTaskId id, TaskMetrics task) {
        this.task = task;
        group = metrics.group(SourceTask.GROUP, ConnectMetricNames.CONNECTOR_TAG, id.connector(),
                ConnectMetricNames.TASK_TAG, Integer.toString(id.task()));
        group.removeLeftovers();
        poll = group.sensor("source-record-poll");
        poll.add(group.name(SourceTask.SOURCE_RECORD_POLL_RATE), new Rate());
        poll.add(group.name(SourceTask.SOURCE_RECORD_POLL_TOTAL), new CumulativeSum());
        write = group.sensor("source-record-write");
        write.add(group.name(SourceTask.SOURCE_RECORD_WRITE_RATE), new Rate());
        write.add(group.name(SourceTask.SOURCE_RECORD_WRITE_TOTAL), new CumulativeSum());
        pollTime = group.sensor("poll-batch-time");
        pollTime.add(group.name(SourceTask.POLL_BATCH_MAX_TIME_MS), new Max());
        pollTime.add(group.name(SourceTask.POLL_BATCH_AVG_TIME_MS), new Avg());
        active = group.sensor("source-record-active-count");
        active.add(group.name(SourceTask.SOURCE_RECORD_ACTIVE_COUNT), new Value());
        active.add(group.name(SourceTask.SOURCE_RECORD_ACTIVE_COUNT_MAX), new Max());
        active.add(group.name(SourceTask.SOURCE_RECORD_ACTIVE_COUNT_AVG), new Avg());
    }

    /** The task's poll() returned {@code records} records after {@code durationMs}. */
    public void recordPoll(int records, long durationMs) {
        poll.record(records);
        task.recordBatch(records);
        pollTime.record(durationMs);
        update(records);
    }

    /**
     * A polled record is done with: written to Kafka ({@code written}), or filtered out or dropped. Called by the
     * producer's thread for every record, so it only counts; {@link #update()} records.
     */
    public void recordDone(boolean written) {
        if (written) {
            this.written.increment();
        }
        done.increment();
    }

    /** Records what was done with since the last call: the task calls it as it polls and as offsets are committed. */
    public void update() {
        update(0);
    }

    private synchronized void update(int polled) {
        long newlyWritten = written.sumThenReset();
        if (newlyWritten > 0) {
            write.record(newlyWritten);
        }
        long newlyDone = done.sumThenReset();
        if (polled > 0 || newlyDone > 0) {
            activeRecords = Math.max(0, activeRecords + polled - newlyDone);
            active.record(activeRecords);
        }
    }

    /** Adds the transaction sizes, which only exactly-once tasks have; idempotent. */
    public synchronized void trackTransactionSizes() {
        if (transactionSize == null) {
            Sensor sensor = group.sensor("transaction-size");
            sensor.add(group.name(SourceTask.TRANSACTION_SIZE_AVG), new Avg());
            sensor.add(group.name(SourceTask.TRANSACTION_SIZE_MIN), new Min());
            sensor.add(group.name(SourceTask.TRANSACTION_SIZE_MAX), new Max());
            transactionSize = sensor;
        }
    }

    /** An exactly-once task committed a transaction of {@code records} records (those sent, not those dropped). */
    public void recordTransactionSize(int records) {
        Sensor sensor = transactionSize;
        if (sensor != null) {
            sensor.record(records);
        }
    }

    /** Offsets committed, or not, after {@code durationMs}. */
    public void recordCommit(long durationMs, boolean success) {
        update();
        task.recordCommit(durationMs, success);
    }

    /** For a source task built outside a worker (tests): records into a registry nobody reports. */
    public static SourceTaskMetrics unreported(ConnectorTaskId id) {
        WorkerMetrics metrics = WorkerMetrics.unreported();
        return new SourceTaskMetrics(metrics, id, new TaskMetrics(metrics, id, TaskPluginInfo.UNKNOWN, false));
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

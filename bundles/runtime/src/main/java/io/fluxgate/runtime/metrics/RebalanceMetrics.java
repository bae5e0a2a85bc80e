package io.fluxgate.runtime.metrics;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;

import io.fluxgate.runtime.metrics.ConnectMetricNames.Rebalance;

/**
 * A distributed worker's {@code connect-worker-rebalance-metrics}, as Kafka Connect's herder records them: the
 * protocol, the leader, the generation, whether a rebalance is under way, how many completed and how long they took.
 * A rebalance starts when the worker's work is revoked (every rebalance, incremental or not) and completes with the
 * assignment.
 */
public final class RebalanceMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final Sensor completed;
    private final Sensor time;
    private volatile boolean rebalancing;
    private volatile long startedMs;
    private volatile long lastCompletedMs = Long.MIN_VALUE;

    /**
     * @param protocol   the Connect protocol in use, named as Apache names it ({@code SESSIONED}...)
     * @param leaderUrl  the leader's REST URL, null while unknown
     * @param generation the group generation this worker is in
     */
    public RebalanceMetrics(WorkerMetrics metrics, Supplier<String> protocol, Supplier<String> leaderUrl,
            IntSupplier generation) {
        group = metrics.group(Rebalance.GROUP);
        group.gauge(Rebalance.CONNECT_PROTOCOL, now -> protocol.get());
        group.gauge(Rebalance.LEADER_NAME, now -> leaderUrl.get());
        group.gauge(Rebalance.EPOCH, now -> (double) generation.getAsInt());
        group.gauge(Rebalance.REBALANCING, now -> rebalancing ? 1.0 : 0.0);
        completed = group.sensor("completed-rebalance-count");
        completed.add(group.name(Rebalance.COMPLETED_REBALANCES_TOTAL), new CumulativeSum());
        time = group.sensor("rebalance-time");
        time.add(group.name(Rebalance.REBALANCE_MAX_TIME_MS), new Max());
        time.add(group.name(Rebalance.REBALANCE_AVG_TIME_MS), new Avg());
        group.gauge(Rebalance.TIME_SINCE_LAST_REBALANCE_MS, now -> lastCompletedMs == Long.MIN_VALUE
                ? Double.POSITIVE_INFINITY : (double) (now - lastCompletedMs));
    }

    public void rebalanceStarted() {
        if (!rebalancing) {
            startedMs = System.currentTimeMillis();
            rebalancing = true;
        }
    }

    public void rebalanceCompleted() {
        long now = System.currentTimeMillis();
        rebalancing = false;
        completed.record(1.0);
        time.record(Math.max(0, now - startedMs));
        lastCompletedMs = now;
    }

    @Override
    public void close() {
        group.close();
    }
}

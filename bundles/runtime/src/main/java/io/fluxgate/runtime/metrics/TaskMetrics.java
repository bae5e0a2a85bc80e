package io.fluxgate.runtime.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Frequencies;
import org.apache.kafka.common.metrics.stats.Max;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.metrics.ConnectMetricNames.Predicate;
import io.fluxgate.runtime.metrics.ConnectMetricNames.Task;
import io.fluxgate.runtime.metrics.ConnectMetricNames.Transform;
import io.fluxgate.runtime.status.StatusListener;

/**
 * One task's {@code connector-task-metrics} (status, running and pause ratios, offset commits, batch sizes, what the
 * task is made of) and the groups of its transformations and predicates, as Kafka Connect's
 * {@code TaskMetricsGroup}. The status follows what the task reports to its listener; the groups stay until the worker
 * removes the task, so a failed task is seen failed.
 */
public final class TaskMetrics implements AutoCloseable {

    private final StateTracker states = new StateTracker();
    private final MetricGroup group;
    private final List<MetricGroup> pluginGroups = new ArrayList<>();
    private final Sensor commitTime;
    private final Sensor batchSize;
    private final Sensor commitResults;
    /** When, in epoch milliseconds, the task stopped making progress, if it is reported stalled; else 0. */
    private volatile long stalledSinceMs;

    public TaskMetrics(WorkerMetrics metrics, ConnectorTaskId id, TaskPluginInfo plugins, boolean startsPaused) {
        String connector = id.connector();
        String task = Integer.toString(id.task());
        group = metrics.group(Task.GROUP, ConnectMetricNames.CONNECTOR_TAG, connector, ConnectMetricNames.TASK_TAG,
                task);
        group.removeLeftovers();
        // As Kafka Connect: a task counts as running (or paused) from its creation, before its plugin has started.
        states.changeState(startsPaused ? State.PAUSED : State.RUNNING, System.currentTimeMillis());
        group.gauge(Task.STATUS, now -> states.state().name().toLowerCase(Locale.ROOT));
        group.gauge(Task.RUNNING_RATIO, now -> states.ratio(State.RUNNING, now));
        group.gauge(Task.PAUSE_RATIO, now -> states.ratio(State.PAUSED, now));
        group.gauge(Task.STALLED_TIME_MS, now -> {
            long since = stalledSinceMs;
            return since == 0 ? 0.0 : (double) Math.max(0, now - since);
        });
        commitTime = group.sensor("commit-time");
        commitTime.add(group.name(Task.OFFSET_COMMIT_MAX_TIME_MS), new Max());
        commitTime.add(group.name(Task.OFFSET_COMMIT_AVG_TIME_MS), new Avg());
        batchSize = group.sensor("batch-size");
        batchSize.add(group.name(Task.BATCH_SIZE_MAX), new Max());
        batchSize.add(group.name(Task.BATCH_SIZE_AVG), new Avg());
        commitResults = group.sensor("offset-commit-completion");
        commitResults.add(Frequencies.forBooleanValues(group.name(Task.OFFSET_COMMIT_FAILURE_PERCENTAGE),
                group.name(Task.OFFSET_COMMIT_SUCCESS_PERCENTAGE)));
        group.constant(Task.CONNECTOR_CLASS, plugins.connectorClass());
        group.constant(Task.CONNECTOR_VERSION, plugins.connectorVersion());
        group.constant(Task.CONNECTOR_TYPE, plugins.connectorType());
        group.constant(Task.TASK_CLASS, plugins.taskClass());
        group.constant(Task.TASK_VERSION, plugins.taskVersion());
        group.constant(Task.KEY_CONVERTER_CLASS, plugins.keyConverterClass());
        group.constant(Task.KEY_CONVERTER_VERSION, plugins.keyConverterVersion());
        group.constant(Task.VALUE_CONVERTER_CLASS, plugins.valueConverterClass());
        group.constant(Task.VALUE_CONVERTER_VERSION, plugins.valueConverterVersion());
        group.constant(Task.HEADER_CONVERTER_CLASS, plugins.headerConverterClass());
        group.constant(Task.HEADER_CONVERTER_VERSION, plugins.headerConverterVersion());
        for (AliasedPlugin transformation : plugins.transformations()) {
            MetricGroup info = metrics.group(Transform.GROUP, ConnectMetricNames.CONNECTOR_TAG, connector,
                    ConnectMetricNames.TASK_TAG, task, ConnectMetricNames.TRANSFORM_TAG, transformation.alias());
            info.constant(Transform.TRANSFORM_CLASS, transformation.className());
            info.constant(Transform.TRANSFORM_VERSION, transformation.version());
            pluginGroups.add(info);
        }
        for (AliasedPlugin predicate : plugins.predicates()) {
            MetricGroup info = metrics.group(Predicate.GROUP, ConnectMetricNames.CONNECTOR_TAG, connector,
                    ConnectMetricNames.TASK_TAG, task, ConnectMetricNames.PREDICATE_TAG, predicate.alias());
            info.constant(Predicate.PREDICATE_CLASS, predicate.className());
            info.constant(Predicate.PREDICATE_VERSION, predicate.version());
            pluginGroups.add(info);
        }
    }

    /** The task's state as these metrics last saw it. */
    public State state() {
        return states.state();
    }

    /** The task is reported stalled: it has made no progress since {@code sinceMs} (epoch milliseconds). */
    public void stalled(long sinceMs) {
        stalledSinceMs = Math.max(1, sinceMs);
    }

    /** The task makes progress again, or is no longer running. */
    public void stallEnded() {
        stalledSinceMs = 0;
    }

    /** Whether the task is reported stalled. */
    public boolean isStalled() {
        return stalledSinceMs != 0;
    }

    /** An offset commit that took {@code durationMs}: successful, or failed (its time is then not counted). */
    public void recordCommit(long durationMs, boolean success) {
        if (success) {
            commitTime.record(durationMs);
        }
        commitResults.record(success ? 1.0 : 0.0);
    }

    /** A batch of {@code size} records polled (source) or put (sink). */
    public void recordBatch(int size) {
        batchSize.record(size);
    }

    /** {@code listener}, telling these metrics each state first. */
    public StatusListener<ConnectorTaskId> tracking(StatusListener<ConnectorTaskId> listener) {
        return new StateReporting<>(listener, this::change);
    }

    private void change(State state) {
        stallEnded(); // any state reported ends a stall: a paused, failed or restarted task is not stalled
        states.changeState(state, System.currentTimeMillis());
    }

    @Override
    public void close() {
        group.close();
        pluginGroups.forEach(MetricGroup::close);
    }
}

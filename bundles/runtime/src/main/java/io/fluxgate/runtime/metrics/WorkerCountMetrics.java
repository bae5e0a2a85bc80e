package io.fluxgate.runtime.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Frequencies;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.metrics.ConnectMetricNames.Worker;
import io.fluxgate.runtime.status.StatusListener;

/**
 * {@code connect-worker-metrics}: how many connectors and tasks the worker runs, how their start-ups went, and per
 * connector how many of its tasks here are in each state (the series Strimzi's alerts watch:
 * {@code connector-failed-task-count}...) and, beyond Apache, how many are stalled (docs/bulkheads.md). The
 * per-connector counts exist while the worker runs a task of it; beside them, {@code connector-lingering-thread-count}
 * exists while the worker counts threads the connector's stopped instances and tasks left running, whether it still
 * runs any of them or not (the connector deleted included: the threads are still counted against its name).
 */
public final class WorkerCountMetrics implements AutoCloseable {

    private final WorkerMetrics metrics;
    private final MetricGroup group;
    private final Map<String, MetricGroup> perConnector = new ConcurrentHashMap<>();
    /** The same MBeans as {@link #perConnector}'s, with a life of their own. */
    private final Map<String, MetricGroup> lingering = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, TaskMetrics> tasks;
    private final Sensor connectorAttempts;
    private final Sensor connectorSuccesses;
    private final Sensor connectorFailures;
    private final Sensor connectorResults;
    private final Sensor taskAttempts;
    private final Sensor taskSuccesses;
    private final Sensor taskFailures;
    private final Sensor taskResults;

    /**
     * @param connectorCount the number of connector instances the worker runs
     * @param tasks          the metrics of the tasks the worker runs, by id: read when reported
     */
    public WorkerCountMetrics(WorkerMetrics metrics, IntSupplier connectorCount,
            Map<ConnectorTaskId, TaskMetrics> tasks) {
        this.metrics = metrics;
        this.tasks = tasks;
        this.group = metrics.group(Worker.GROUP);
        group.gauge(Worker.CONNECTOR_COUNT, now -> (double) connectorCount.getAsInt());
        group.gauge(Worker.TASK_COUNT, now -> (double) tasks.size());
        group.gauge(Worker.STALLED_TASK_COUNT,
                now -> (double) tasks.values().stream().filter(TaskMetrics::isStalled).count());
        connectorAttempts = total("connector-startup-attempts", Worker.CONNECTOR_STARTUP_ATTEMPTS_TOTAL);
        connectorSuccesses = total("connector-startup-successes", Worker.CONNECTOR_STARTUP_SUCCESS_TOTAL);
        connectorFailures = total("connector-startup-failures", Worker.CONNECTOR_STARTUP_FAILURE_TOTAL);
        connectorResults = group.sensor("connector-startup-results");
        connectorResults.add(Frequencies.forBooleanValues(group.name(Worker.CONNECTOR_STARTUP_FAILURE_PERCENTAGE),
                group.name(Worker.CONNECTOR_STARTUP_SUCCESS_PERCENTAGE)));
        taskAttempts = total("task-startup-attempts", Worker.TASK_STARTUP_ATTEMPTS_TOTAL);
        taskSuccesses = total("task-startup-successes", Worker.TASK_STARTUP_SUCCESS_TOTAL);
        taskFailures = total("task-startup-failures", Worker.TASK_STARTUP_FAILURE_TOTAL);
        taskResults = group.sensor("task-startup-results");
        taskResults.add(Frequencies.forBooleanValues(group.name(Worker.TASK_STARTUP_FAILURE_PERCENTAGE),
                group.name(Worker.TASK_STARTUP_SUCCESS_PERCENTAGE)));
    }

    private Sensor total(String sensorName, MetricNameTemplate template) {
        Sensor sensor = group.sensor(sensorName);
        sensor.add(group.name(template), new CumulativeSum());
        return sensor;
    }

    /** {@code listener}, counting the connector's start-up as Kafka Connect does: success once started, else failed. */
    public StatusListener<String> countingStartup(StatusListener<String> listener) {
        return new StartupCounting<>(listener, this::connectorStarted);
    }

    /** {@code listener}, counting the task's start-up. */
    public StatusListener<ConnectorTaskId> countingTaskStartup(StatusListener<ConnectorTaskId> listener) {
        return new StartupCounting<>(listener, this::taskStarted);
    }

    /** A connector instance that could not even be created: a failed start-up. */
    public void connectorStarted(boolean success) {
        record(success, connectorAttempts, connectorSuccesses, connectorFailures, connectorResults);
    }

    /** A task that could not even be created: a failed start-up. */
    public void taskStarted(boolean success) {
        record(success, taskAttempts, taskSuccesses, taskFailures, taskResults);
    }

    private static void record(boolean success, Sensor attempts, Sensor successes, Sensor failures,
            Sensor results) {
        attempts.record(1.0);
        (success ? successes : failures).record(1.0);
        results.record(success ? 1.0 : 0.0);
    }

    /** The worker now runs a task of {@code connector}: its per-connector counts exist. */
    public void taskAdded(String connector) {
        perConnector.computeIfAbsent(connector, name -> {
            MetricGroup counts = metrics.group(Worker.GROUP, ConnectMetricNames.CONNECTOR_TAG, name);
            counts.gauge(Worker.CONNECTOR_TOTAL_TASK_COUNT, now -> (double) count(name, null));
            counts.gauge(Worker.CONNECTOR_RUNNING_TASK_COUNT, now -> (double) count(name, State.RUNNING));
            counts.gauge(Worker.CONNECTOR_PAUSED_TASK_COUNT, now -> (double) count(name, State.PAUSED));
            counts.gauge(Worker.CONNECTOR_FAILED_TASK_COUNT, now -> (double) count(name, State.FAILED));
            counts.gauge(Worker.CONNECTOR_UNASSIGNED_TASK_COUNT, now -> (double) count(name, State.UNASSIGNED));
            counts.gauge(Worker.CONNECTOR_RESTARTING_TASK_COUNT, now -> (double) count(name, State.RESTARTING));
            counts.gauge(Worker.CONNECTOR_STALLED_TASK_COUNT, now -> (double) tasks.entrySet().stream()
                    .filter(e -> e.getKey().connector().equals(name) && e.getValue().isStalled()).count());
            // No task of Fluxgate is ever DESTROYED (a deleted connector's tasks are removed): always 0, as Apache's
            // count of tasks whose status reads "destroyed" is.
            counts.gauge(Worker.CONNECTOR_DESTROYED_TASK_COUNT, now -> 0.0);
            return counts;
        });
    }

    /** A task of {@code connector} was removed; the per-connector counts go with its last one. */
    public void taskRemoved(String connector) {
        if (tasks.keySet().stream().noneMatch(id -> id.connector().equals(connector))) {
            MetricGroup counts = perConnector.remove(connector);
            if (counts != null) {
                counts.close();
            }
        }
    }

    /**
     * The worker counts threads that stopped instances or tasks of {@code connector} left running: its
     * {@code connector-lingering-thread-count} exists, reading {@code count}, until {@link #lingeringThreadsEnded}.
     */
    public void lingeringThreadsCounted(String connector, IntSupplier count) {
        lingering.computeIfAbsent(connector, name -> {
            MetricGroup threads = metrics.group(Worker.GROUP, ConnectMetricNames.CONNECTOR_TAG, name);
            threads.gauge(Worker.CONNECTOR_LINGERING_THREAD_COUNT, now -> (double) count.getAsInt());
            return threads;
        });
    }

    /** The threads {@code connector} left have all ended: its lingering thread count goes. */
    public void lingeringThreadsEnded(String connector) {
        MetricGroup threads = lingering.remove(connector);
        if (threads != null) {
            threads.close();
        }
    }

    private long count(String connector, State state) {
        return tasks.entrySet().stream()
                .filter(e -> e.getKey().connector().equals(connector))
                .filter(e -> state == null || e.getValue().state() == state)
                .count();
    }

    @Override
    public void close() {
        perConnector.values().forEach(MetricGroup::close);
        perConnector.clear();
        lingering.values().forEach(MetricGroup::close);
        lingering.clear();
        group.close();
    }

    /** Counts a start-up once: success when started, failure when it fails first. */
    private static final class StartupCounting<K> implements StatusListener<K> {

        private final StatusListener<K> delegate;
        private final Consumer<Boolean> outcome;
        private volatile boolean decided;

        StartupCounting(StatusListener<K> delegate, Consumer<Boolean> outcome) {
            this.delegate = delegate;
            this.outcome = outcome;
        }

        private void decide(boolean success) {
            if (!decided) {
                decided = true;
                outcome.accept(success);
            }
        }

        @Override
        public void onStartup(K id) {
            decide(true);
            delegate.onStartup(id);
        }

        @Override
        public void onResume(K id) {
            delegate.onResume(id);
        }

        @Override
        public void onPause(K id) {
            delegate.onPause(id);
        }

        @Override
        public void onStop(K id) {
            delegate.onStop(id);
        }

        @Override
        public void onFailure(K id, Throwable cause) {
            decide(false);
            delegate.onFailure(id, cause);
        }

        @Override
        public void onShutdown(K id) {
            delegate.onShutdown(id);
        }

        @Override
        public void onStalled(K id, String reason) {
            delegate.onStalled(id, reason);
        }

        @Override
        public void onStallEnded(K id) {
            delegate.onStallEnded(id);
        }

        @Override
        public void onStalledStarting(K id, String reason) {
            delegate.onStalledStarting(id, reason);
        }
    }
}

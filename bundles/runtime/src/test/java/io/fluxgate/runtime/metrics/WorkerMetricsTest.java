package io.fluxgate.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.status.StatusListener;

/**
 * The worker's metrics registry as operators reach it: JMX under {@code kafka.connect} with Apache's names, the
 * {@code metrics.*} settings and {@code metric.reporters}, and what bad settings or a bad reporter do.
 */
class WorkerMetricsTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Test
    void groupsAreMBeansUnderKafkaConnectAndGoWhenClosed() throws Exception {
        try (WorkerMetrics metrics = WorkerMetrics.of("127.0.0.1:18083", Map.of())) {
            assertTrue(JMX.isRegistered(new ObjectName("kafka.connect:type=app-info,id=" + ObjectName.quote("127.0.0.1:18083"))));
            ConnectorMetrics connector = new ConnectorMetrics(metrics, "orders", "com.example.OrdersSource",
                    "source", "1.2");
            StatusListener<String> listener = connector.tracking(StatusListener.ignoring());
            ObjectName name = new ObjectName("kafka.connect:type=connector-metrics,connector=orders");
            assertEquals("unassigned", JMX.getAttribute(name, "status"));
            listener.onStartup("orders");
            assertEquals("running", JMX.getAttribute(name, "status"));
            listener.onPause("orders");
            assertEquals("paused", JMX.getAttribute(name, "status"));
            assertEquals("com.example.OrdersSource", JMX.getAttribute(name, "connector-class"));
            assertEquals("1.2", JMX.getAttribute(name, "connector-version"));
            connector.close();
            assertFalse(JMX.isRegistered(name), "a removed connector leaves no MBean");
        }
        assertFalse(JMX.isRegistered(new ObjectName("kafka.connect:type=app-info,id=" + ObjectName.quote("127.0.0.1:18083"))));
    }

    /**
     * Exporter rules match the MBean name as written, keys in order (Strimzi's: {@code connector=(.+), task=(.+)}):
     * the tags come in Apache's order, connector then task, in every JVM.
     */
    @Test
    void taskMBeansNameTheConnectorBeforeTheTaskAsApacheDoes() throws Exception {
        try (WorkerMetrics metrics = WorkerMetrics.of("127.0.0.1:18086", Map.of())) {
            ConnectorTaskId id = new ConnectorTaskId("orders", 3);
            try (TaskMetrics task = new TaskMetrics(metrics, id, TaskPluginInfo.UNKNOWN, false);
                    ErrorMetrics errors = new ErrorMetrics(metrics, id)) {
                for (String group : List.of("connector-task-metrics", "task-error-metrics")) {
                    var names = JMX.queryNames(new ObjectName("kafka.connect:type=" + group + ",*"), null);
                    assertEquals(1, names.size(), group);
                    assertEquals("type=" + group + ",connector=orders,task=3",
                            names.iterator().next().getKeyPropertyListString());
                }
            }
        }
    }

    @Test
    void taskCountsFollowTheTasksStates() throws Exception {
        try (WorkerMetrics metrics = WorkerMetrics.of("127.0.0.1:18084", Map.of())) {
            Map<ConnectorTaskId, TaskMetrics> tasks = new ConcurrentHashMap<>();
            WorkerCountMetrics counts = new WorkerCountMetrics(metrics, () -> 1, tasks);
            ConnectorTaskId first = new ConnectorTaskId("orders", 0);
            ConnectorTaskId second = new ConnectorTaskId("orders", 1);
            TaskMetrics firstMetrics = new TaskMetrics(metrics, first, TaskPluginInfo.UNKNOWN, false);
            TaskMetrics secondMetrics = new TaskMetrics(metrics, second, TaskPluginInfo.UNKNOWN, false);
            tasks.put(first, firstMetrics);
            tasks.put(second, secondMetrics);
            counts.taskAdded("orders");
            StatusListener<ConnectorTaskId> firstListener = counts.countingTaskStartup(
                    firstMetrics.tracking(StatusListener.ignoring()));
            StatusListener<ConnectorTaskId> secondListener = counts.countingTaskStartup(
                    secondMetrics.tracking(StatusListener.ignoring()));
            firstListener.onStartup(first);
            secondListener.onFailure(second, new IllegalStateException("boom"));
            ObjectName perConnector = new ObjectName("kafka.connect:type=connect-worker-metrics,connector=orders");
            assertEquals(2.0, JMX.getAttribute(perConnector, "connector-total-task-count"));
            assertEquals(1.0, JMX.getAttribute(perConnector, "connector-running-task-count"));
            assertEquals(1.0, JMX.getAttribute(perConnector, "connector-failed-task-count"));
            firstListener.onPause(first);
            assertEquals(1.0, JMX.getAttribute(perConnector, "connector-paused-task-count"));
            ObjectName worker = new ObjectName("kafka.connect:type=connect-worker-metrics");
            assertEquals(2.0, JMX.getAttribute(worker, "task-count"));
            assertEquals(2.0, JMX.getAttribute(worker, "task-startup-attempts-total"));
            assertEquals(1.0, JMX.getAttribute(worker, "task-startup-failure-total"));
            assertEquals(0.5, JMX.getAttribute(worker, "task-startup-success-percentage"));
            assertEquals("failed", JMX.getAttribute(new ObjectName(
                    "kafka.connect:type=connector-task-metrics,connector=orders,task=1"), "status"));

            tasks.clear();
            firstMetrics.close();
            secondMetrics.close();
            counts.taskRemoved("orders");
            assertFalse(JMX.isRegistered(perConnector), "the per-connector counts go with its last task");
            counts.close();
        }
    }

    @Test
    void aRecordingLevelOtherThanInfoDebugOrTraceIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkerMetrics.of("w", Map.of("metrics.recording.level", "VERBOSE")));
        assertTrue(e.getMessage().contains("metrics.recording.level"), e.getMessage());
        WorkerMetrics.of("w", Map.of("metrics.recording.level", "TRACE")).close();
    }

    @Test
    void anUnknownReporterClassIsRefusedByName() {
        KafkaException e = assertThrows(KafkaException.class,
                () -> WorkerMetrics.of("w", Map.of("metric.reporters", "com.example.NoSuchReporter")));
        assertTrue(String.valueOf(e.getMessage()).contains("com.example.NoSuchReporter")
                || String.valueOf(e.getCause()).contains("com.example.NoSuchReporter"), String.valueOf(e));
    }

    @Test
    void aReporterThatThrowsInConfigureStopsTheStart() {
        assertThrows(RuntimeException.class, () -> WorkerMetrics.of("w",
                Map.of("metric.reporters", ThrowingInConfigure.class.getName())));
    }

    @Test
    void aReporterThatThrowsOnEveryUpdateDoesNotStopTheOthers() throws Exception {
        Counting.seen.set(0);
        try (WorkerMetrics metrics = WorkerMetrics.of("127.0.0.1:18085", Map.of("metric.reporters",
                ThrowingOnUpdate.class.getName() + "," + Counting.class.getName()))) {
            ConnectorMetrics connector = new ConnectorMetrics(metrics, "orders", "C", "sink", "1");
            assertTrue(Counting.seen.get() >= 4, "the reporter after the failing one is told every metric");
            connector.close();
        }
    }

    @Test
    void runningAndPauseRatiosShareTheTime() {
        StateTracker tracker = new StateTracker();
        tracker.changeState(State.RUNNING, 1_000);
        tracker.changeState(State.PAUSED, 4_000);
        assertEquals(0.75, tracker.ratio(State.RUNNING, 5_000), 1e-9);
        assertEquals(0.25, tracker.ratio(State.PAUSED, 5_000), 1e-9);
        assertEquals(State.PAUSED, tracker.state());
    }

    /** Throws as it is configured. */
    public static final class ThrowingInConfigure extends Counting {
        @Override
        public void configure(Map<String, ?> configs) {
            throw new IllegalStateException("bad reporter");
        }
    }

    /** Throws on every metric change. */
    public static final class ThrowingOnUpdate extends Counting {
        @Override
        public void metricChange(KafkaMetric metric) {
            throw new IllegalStateException("bad reporter");
        }
    }

    /** Counts the metrics it is told of. */
    public static class Counting implements MetricsReporter {
        static final AtomicInteger seen = new AtomicInteger();

        @Override
        public void init(List<KafkaMetric> metrics) {
        }

        @Override
        public void metricChange(KafkaMetric metric) {
            seen.incrementAndGet();
        }

        @Override
        public void metricRemoval(KafkaMetric metric) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}

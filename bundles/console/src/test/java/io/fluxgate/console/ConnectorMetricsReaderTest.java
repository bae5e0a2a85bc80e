package io.fluxgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reader against the platform MBeanServer, where Kafka's own {@link JmxReporter} registers metrics of Kafka's own
 * {@link Metrics} registry, in the groups, names and tags Kafka Connect's workers use. The clock stands still, so that
 * a rate is what was recorded per second of Kafka's smallest window.
 */
class ConnectorMetricsReaderTest {

    private static final Time FROZEN = new Time() {
        @Override
        public long milliseconds() {
            return 1_000_000L;
        }

        @Override
        public long nanoseconds() {
            return TimeUnit.MILLISECONDS.toNanos(milliseconds());
        }

        @Override
        public void sleep(long ms) {
        }

        @Override
        public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        }
    };

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ConnectorMetricsReader reader = new ConnectorMetricsReader(server);
    /** Names no other test of this JVM uses. */
    private final String prefix = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Metrics metrics = workerMetrics();

    /** As a worker's registry: JMX under Kafka Connect's namespace; 2 windows of 1 s, so rates are per second. */
    private static Metrics workerMetrics() {
        JmxReporter jmx = new JmxReporter();
        jmx.configure(Map.of());
        MetricConfig config = new MetricConfig().samples(2).timeWindow(1, TimeUnit.SECONDS);
        return new Metrics(config, List.of(jmx), FROZEN, new KafkaMetricsContext("kafka.connect"));
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aSourceConnectorsRatesAndErrorTotalsAreSummedOverItsTasks() throws Exception {
        String connector = prefix + "source";
        task("source-task-metrics", connector, 0, Map.of("source-record-poll", 10.0, "source-record-write", 8.0));
        task("source-task-metrics", connector, 1, Map.of("source-record-poll", 30.0, "source-record-write", 20.5));
        errors(connector, 0, 1, 3, 2);
        errors(connector, 1, 0, 1, 1);
        assertTrue(server.isRegistered(new ObjectName("kafka.connect:type=source-task-metrics,connector=" + connector
                + ",task=1")), "Kafka's reporter names the MBean as a worker's");

        ConnectorMetricsSample sample = reader.read().get(connector);
        assertEquals(new ConnectorMetricsSample(40.0, 28.5, 1.0, 4.0, 3.0, null), sample);
    }

    @Test
    void aSinksLagIsTheLargestOfItsTasksAndWhatIsMissingIsNull() {
        String connector = prefix + "sink";
        task("sink-task-metrics", connector, 0, Map.of("sink-record-read", 7.0, "sink-record-send", 6.0));
        task("sink-task-metrics", connector, 1, Map.of("sink-record-read", 5.0, "sink-record-send", 4.0));
        // The runtime's lag is a gauge; Kafka's Max without a sample is NaN, which is no value.
        metrics.addMetric(name("sink-record-lag-max", "sink-task-metrics", connector, 0),
                (Gauge<Double>) (c, now) -> 5.0);
        metrics.addMetric(name("sink-record-lag-max", "sink-task-metrics", connector, 1),
                (Gauge<Double>) (c, now) -> 12.0);
        Sensor unsampled = metrics.sensor(connector + "-2-lag");
        unsampled.add(name("sink-record-lag-max", "sink-task-metrics", connector, 2), new Max());

        ConnectorMetricsSample sample = reader.read().get(connector);
        assertEquals(12.0, sample.lag());
        assertEquals(12.0, sample.recordsIn());
        assertEquals(10.0, sample.recordsOut());
        assertNull(sample.recordErrors(), "no task-error-metrics registered");
        assertNull(sample.recordFailures());
        assertNull(sample.recordsSkipped());
    }

    @Test
    void aNameThatJmxQuotesIsReadBackAsTheConnectorsName() throws Exception {
        String connector = prefix + "odd,name:with=\"quotes\"*";
        task("source-task-metrics", connector, 0, Map.of("source-record-poll", 3.0, "source-record-write", 3.0));
        assertTrue(server.queryNames(new ObjectName("kafka.connect:type=source-task-metrics,*"), null).stream()
                .anyMatch(n -> n.getKeyProperty("connector").equals(ObjectName.quote(connector))), "quoted in JMX");

        assertEquals(3.0, reader.read().get(connector).recordsIn());
    }

    @Test
    void aConnectorWithoutTaskMetricsOrWithItsTasksGoneIsAbsent() {
        String connector = prefix + "idle";
        // The connector's own groups are not read: neither its status nor its task's batch sizes.
        Sensor batch = metrics.sensor(connector + "-batch");
        batch.add(name("batch-size-max", "connector-task-metrics", connector, 0), new Max());
        batch.record(100);
        metrics.addMetric(metrics.metricName("status", "connector-metrics", "", Map.of("connector", connector)),
                (Gauge<String>) (c, now) -> "running");
        assertFalse(reader.read().containsKey(connector));

        String removed = prefix + "removed";
        task("source-task-metrics", removed, 0, Map.of("source-record-poll", 1.0, "source-record-write", 1.0));
        assertTrue(reader.read().containsKey(removed));
        metrics.removeSensor(removed + "-0-source-record-poll");
        metrics.removeSensor(removed + "-0-source-record-write");
        assertFalse(reader.read().containsKey(removed), "a removed task leaves no MBean, nor a value");
    }

    @Test
    void metricsNotReportedToJmxGiveNothing() {
        String connector = prefix + "unreported";
        try (Metrics unreported = new Metrics(new MetricConfig(), List.of(), FROZEN,
                new KafkaMetricsContext("kafka.connect"))) {
            Sensor sensor = unreported.sensor("poll");
            sensor.add(unreported.metricName("source-record-poll-rate", "source-task-metrics", "",
                    Map.of("connector", connector, "task", "0")), new Rate());
            sensor.record(5);
            assertFalse(reader.read().containsKey(connector));
        }
    }

    /** A task's sensors, each with a rate and a total as the runtime's, recorded once with the given value. */
    private void task(String group, String connector, int task, Map<String, Double> recorded) {
        recorded.forEach((sensorName, value) -> {
            Sensor sensor = metrics.sensor(connector + "-" + task + "-" + sensorName);
            sensor.add(name(sensorName + "-rate", group, connector, task), new Rate());
            sensor.add(name(sensorName + "-total", group, connector, task), new CumulativeSum());
            sensor.record(value);
        });
    }

    /** A task's task-error-metrics totals, recorded one by one as the runtime's ErrorMetrics records them. */
    private void errors(String connector, int task, int errors, int failures, int skipped) {
        Map<String, Integer> totals = Map.of("total-record-errors", errors, "total-record-failures", failures,
                "total-records-skipped", skipped);
        totals.forEach((metric, times) -> {
            Sensor sensor = metrics.sensor(connector + "-" + task + "-" + metric);
            sensor.add(name(metric, "task-error-metrics", connector, task), new CumulativeSum());
            for (int i = 0; i < times; i++) {
                sensor.record();
            }
        });
    }

    private MetricName name(String metric, String group, String connector, int task) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", connector);
        tags.put("task", Integer.toString(task));
        return metrics.metricName(metric, group, "", tags);
    }
}

package io.fluxgate.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.management.ObjectName;

import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics registered by Kafka's own {@link JmxReporter} in the platform MBeanServer, as a client registers them, read
 * back as families.
 */
class MBeanCollectorTest {

    private final MBeanCollector collector =
            MBeanCollector.strimziConnectRules(ManagementFactory.getPlatformMBeanServer());
    private Metrics metrics;

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Test
    void aClientsMetricsAsTheExporterNamesThem() {
        // A client id with a colon, which Kafka's JmxReporter quotes in the MBean's name: the quotes stay in the
        // label, as the exporter keeps them.
        metrics = clientMetrics("kafka.producer", "collector-test:1");
        Sensor sends = metrics.sensor("sends");
        sends.add(metrics.metricName("record-send-total", "producer-metrics", "sent", tags("collector-test:1")),
                new CumulativeSum());
        sends.record(3);
        sends.record(4);
        metrics.addMetric(metrics.metricName("connection-count", "producer-metrics", "open",
                tags("collector-test:1")), new Value());

        MetricFamily sent = family("kafka_producer_record_send");
        assertEquals(MetricType.COUNTER, sent.type());
        Sample sample = only(sent, "\"collector-test:1\"");
        assertEquals(7.0, sample.value());
        assertEquals(Map.of("clientid", "\"collector-test:1\""), sample.labels());
        assertEquals(MetricType.GAUGE, family("kafka_producer_connection_count").type());
    }

    @Test
    void otherDomainsAreNotRead() throws Exception {
        ObjectName runtime = new ObjectName("java.lang:type=Runtime");
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(runtime));
        assertTrue(collector.collect().stream().noneMatch(f -> !f.name().startsWith("kafka_")));
    }

    @Test
    void anMBeanGoneBetweenTwoScrapesIsGoneFromTheSecond() {
        metrics = clientMetrics("kafka.consumer", "collector-test-gone");
        metrics.addMetric(metrics.metricName("last-poll-seconds-ago", "consumer-metrics", "", tags(
                "collector-test-gone")), new Value());
        assertTrue(find("kafka_consumer_last_poll_seconds_ago").isPresent());
        metrics.close();
        metrics = null;
        assertTrue(find("kafka_consumer_last_poll_seconds_ago").stream().flatMap(f -> f.samples().stream())
                .noneMatch(s -> s.labels().get("clientid").equals("collector-test-gone")));
    }

    private static Metrics clientMetrics(String prefix, String clientId) {
        return new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext(prefix, Map.of("client.id", clientId)));
    }

    private static Map<String, String> tags(String clientId) {
        return Map.of("client-id", clientId);
    }

    private MetricFamily family(String name) {
        return find(name).orElseThrow(() -> new AssertionError("no family " + name));
    }

    private Optional<MetricFamily> find(String name) {
        return collector.collect().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private static Sample only(MetricFamily family, String clientId) {
        List<Sample> samples = family.samples().stream().filter(s -> clientId.equals(s.labels().get("clientid")))
                .toList();
        assertEquals(1, samples.size(), samples.toString());
        return samples.get(0);
    }
}

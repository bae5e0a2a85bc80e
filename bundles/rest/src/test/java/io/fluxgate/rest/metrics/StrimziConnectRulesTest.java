package io.fluxgate.rest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The translation of Strimzi's rules, on attributes named as the JMX exporter names them, with the names, labels,
 * types and values the exporter 1.0.1 serves for them with Strimzi's file (the end-to-end comparison with the real
 * agent is {@code PrometheusEndpointTest} in the itests).
 */
class StrimziConnectRulesTest {

    private final ExportRules rules = StrimziConnectRules.rules();

    @Test
    void twentyOneRulesLowercasingNamesAndLabelNames() {
        assertEquals(21, rules.rules().size());
        assertTrue(rules.lowercaseOutputName());
        assertTrue(rules.lowercaseOutputLabelNames());
    }

    @Test
    void appInfoStartTimeIsInSecondsAndVersionsAreLabels() {
        Sample start = sample("kafka.producer<type=app-info, client-id=p-1><>", "start-time-ms", 1796641118243L);
        assertEquals("kafka_producer_start_time_seconds", start.family());
        assertEquals(MetricType.GAUGE, start.type());
        assertEquals(Map.of("clientid", "p-1"), start.labels());
        assertEquals(1796641118243L * 0.001, start.value());

        // _info is one of the suffixes the exporter's client strips.
        Sample version = sample("kafka.consumer<type=app-info, client-id=c-1><>", "version", "4.3.1");
        assertEquals("kafka_consumer_version", version.family());
        assertEquals(MetricType.UNTYPED, version.type());
        assertEquals(Map.of("clientid", "c-1", "version", "4.3.1"), version.labels());
        assertEquals(1.0, version.value());
        assertEquals(Map.of("clientid", "c-1", "commit_id", "26b251a451ce941d"),
                sample("kafka.consumer<type=app-info, client-id=c-1><>", "commit-id", "26b251a451ce941d").labels());
    }

    @Test
    void clientMetricsByTheirSuffix() {
        Sample sent = sample("kafka.producer<type=producer-metrics, client-id=p-1><>", "record-send-total", 12.0);
        assertEquals("kafka_producer_record_send", sent.family());
        assertEquals(MetricType.COUNTER, sent.type());
        assertEquals("Kafka producer JMX metric type producer", sent.help());

        assertEquals(MetricType.GAUGE,
                sample("kafka.producer<type=producer-metrics, client-id=p-1><>", "batch-size-avg", 10.0).type());
        // The pattern may stop anywhere in the name: (.+-total) takes "buffer-total" of buffer-total-bytes.
        Sample buffer = sample("kafka.producer<type=producer-metrics, client-id=p-1><>", "buffer-total-bytes", 2e6);
        assertEquals("kafka_producer_buffer", buffer.family());
        assertEquals(MetricType.COUNTER, buffer.type());
        // No rule names a "-rate" of a client's own metrics: not served.
        assertEquals(Optional.empty(), rules.sample(new BeanAttribute(
                "kafka.producer<type=producer-metrics, client-id=p-1><>", "record-send-rate", 1.5)));
    }

    @Test
    void perNodePartitionAndTopicMetricsCarryTheirLabels() {
        Sample node = sample("kafka.consumer<type=consumer-node-metrics, client-id=c-1, node-id=node-1><>",
                "request-total", 3.0);
        assertEquals("kafka_consumer_node_request", node.family());
        assertEquals(Map.of("clientid", "c-1", "nodeid", "node-1"), node.labels());

        Sample lag = sample("kafka.consumer<type=consumer-fetch-manager-metrics, client-id=c-1, topic=t, "
                + "partition=0><>", "records-lag-max", 0.0);
        assertEquals("kafka_consumer_fetch_manager_records_lag", lag.family());
        assertEquals(Map.of("clientid", "c-1", "topic", "t", "partition", "0"), lag.labels());

        Sample topic = sample("kafka.producer<type=producer-topic-metrics, client-id=p-1, topic=t><>",
                "record-send-rate", 2.0);
        assertEquals("kafka_producer_topic_record_send_rate", topic.family());
        assertEquals(MetricType.GAUGE, topic.type());
    }

    @Test
    void connectStatusesAreLabelsOfAConstantOne() {
        Sample connector = sample("kafka.connect<type=connector-metrics, connector=local-file-source><>", "status",
                "running");
        assertEquals("kafka_connect_connector_status", connector.family());
        assertEquals(MetricType.GAUGE, connector.type());
        assertEquals(Map.of("connector", "local-file-source", "status", "running"), connector.labels());
        assertEquals(1.0, connector.value());

        Sample task = sample("kafka.connect<type=connector-task-metrics, connector=sink, task=0><>", "status",
                "failed");
        assertEquals("kafka_connect_connector_task_status", task.family());
        assertEquals(Map.of("connector", "sink", "task", "0", "status", "failed"), task.labels());

        assertEquals(Map.of("connector", "c", "connector_class", "FileStreamSource"),
                sample("kafka.connect<type=connector-metrics, connector=c><>", "connector-class", "FileStreamSource")
                        .labels());
    }

    @Test
    void connectWorkerAndTaskMetrics() {
        Sample count = sample("kafka.connect<type=connect-worker-metrics><>", "connector-count", 2.0);
        assertEquals("kafka_connect_worker_connector_count", count.family());
        assertEquals(MetricType.GAUGE, count.type());
        assertEquals(Map.of(), count.labels());

        Sample attempts = sample("kafka.connect<type=connect-worker-metrics><>", "connector-startup-attempts-total",
                2.0);
        assertEquals("kafka_connect_worker_connector_startup_attempts", attempts.family());
        assertEquals(MetricType.COUNTER, attempts.type());

        Sample perConnector = sample("kafka.connect<type=connect-worker-metrics, connector=c><>",
                "connector-running-task-count", 1.0);
        assertEquals("kafka_connect_worker_connector_running_task_count", perConnector.family());
        assertEquals("Kafka Connect JMX metric c", perConnector.help());

        Sample polled = sample("kafka.connect<type=source-task-metrics, connector=c, task=0><>",
                "source-record-poll-total", 500.0);
        assertEquals("kafka_connect_source_task_source_record_poll", polled.family());
        assertEquals(Map.of("connector", "c", "task", "0"), polled.labels());
        assertEquals(MetricType.COUNTER, polled.type());

        Sample batch = sample("kafka.connect<type=connector-task-metrics, connector=c, task=0><>",
                "batch-size-max", 100.0);
        assertEquals("kafka_connect_connector_task_batch_size_max", batch.family());
        assertEquals(MetricType.GAUGE, batch.type());
    }

    @Test
    void fluxgateStallMetricsAreServedByStrimzisGenericRules() {
        // Named with endings Strimzi's rules already take (-ms, -count), so that no rule of Fluxgate's own is needed.
        Sample stalledTime = sample("kafka.connect<type=connector-task-metrics, connector=c, task=0><>",
                "stalled-time-ms", 62_000.0);
        assertEquals("kafka_connect_connector_task_stalled_time_ms", stalledTime.family());
        assertEquals(MetricType.GAUGE, stalledTime.type());
        assertEquals(Map.of("connector", "c", "task", "0"), stalledTime.labels());
        assertEquals(62_000.0, stalledTime.value());

        Sample perConnector = sample("kafka.connect<type=connect-worker-metrics, connector=c><>",
                "connector-stalled-task-count", 1.0);
        assertEquals("kafka_connect_worker_connector_stalled_task_count", perConnector.family());
        assertEquals(Map.of("connector", "c"), perConnector.labels());
        Sample worker = sample("kafka.connect<type=connect-worker-metrics><>", "stalled-task-count", 1.0);
        assertEquals("kafka_connect_worker_stalled_task_count", worker.family());
        assertEquals(MetricType.GAUGE, worker.type());
    }

    @Test
    void theLingeringThreadCountOfEveryWorkerIsServedByStrimzisGenericRules() {
        // On every worker that counts them (connect-worker-metrics), not only where the connector's instance runs.
        Sample lingering = sample("kafka.connect<type=connect-worker-metrics, connector=c><>",
                "connector-lingering-thread-count", 2.0);
        assertEquals("kafka_connect_worker_connector_lingering_thread_count", lingering.family());
        assertEquals(MetricType.GAUGE, lingering.type());
        assertEquals(Map.of("connector", "c"), lingering.labels());
        assertEquals(2.0, lingering.value());
    }

    @Test
    void theFirstMatchingRuleDecidesEvenToDrop() {
        // leader-name is empty on a worker that has not joined: the text-labelled rule needs text, and the next
        // matching rule takes it as a gauge, whose text value the exporter cannot serve.
        assertEquals(Optional.empty(), rules.sample(new BeanAttribute(
                "kafka.connect<type=connect-worker-rebalance-metrics><>", "leader-name", "")));
        Sample leader = sample("kafka.connect<type=connect-worker-rebalance-metrics><>", "leader-name",
                "http://w1:8083/");
        assertEquals("kafka_connect_worker_rebalance_leader_name", leader.family());
        assertEquals(MetricType.UNTYPED, leader.type());
        assertEquals(Map.of("leader_name", "http://w1:8083/"), leader.labels());
    }

    @Test
    void attributesOutsideTheRulesAreNotServed() {
        assertEquals(Optional.empty(), rules.sample(new BeanAttribute("java.lang<type=Runtime><>", "Uptime", 5L)));
        assertEquals(Optional.empty(), rules.sample(new BeanAttribute(
                "kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>", "Count", 5L)));
    }

    @Test
    void twoAttributesOneNameAreToldApartByTheirObjectName() {
        String bean = "kafka.consumer<type=consumer-fetch-manager-metrics, client-id=c-1, topic=t, partition=0><>";
        List<MetricFamily> families = MetricFamilies.of(List.of(sample(bean, "records-lag", 0.0),
                sample(bean, "records-lag-max", 3.0), sample(bean, "records-lag-avg", 1.0)));
        assertEquals(List.of("kafka_consumer_fetch_manager_records_lag", "kafka_consumer_fetch_manager_records_lag_avg"),
                families.stream().map(MetricFamily::name).toList());
        List<Sample> lag = families.get(0).samples();
        assertEquals(List.of(bean + "records-lag", bean + "records-lag-max"),
                lag.stream().map(s -> s.labels().get("_objectname")).toList());
        assertEquals(null, families.get(1).samples().get(0).labels().get("_objectname"));
    }

    private Sample sample(String bean, String attribute, Object value) {
        return rules.sample(new BeanAttribute(bean, attribute, value))
                .orElseThrow(() -> new AssertionError("not served: " + bean + attribute + ": " + value));
    }
}

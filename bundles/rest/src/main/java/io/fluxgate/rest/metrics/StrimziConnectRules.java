package io.fluxgate.rest.metrics;

import static io.fluxgate.rest.metrics.MetricType.COUNTER;
import static io.fluxgate.rest.metrics.MetricType.GAUGE;
import static io.fluxgate.rest.metrics.MetricType.UNTYPED;

import java.util.List;

/**
 * Strimzi's JMX exporter rules for Kafka Connect, translated rule for rule, in their order (which matters: the first
 * match decides). They are the {@code metrics-config.yml} of {@code packaging/examples/metrics/kafka-connect-metrics.yaml}
 * in strimzi/strimzi-kafka-operator (Apache License 2.0; the version of commit 147169b5bf7e, for Kafka 3.9), which
 * operators give the Prometheus JMX exporter agent; dashboards and alerts for Kafka Connect are written against the
 * series they make. The patterns, names, labels, help texts and types are Strimzi's, unchanged, so that the series are
 * the same; {@code PrometheusEndpointTest} in the itests checks it against the real agent configured with that file.
 */
final class StrimziConnectRules {

    private static final String CONNECT_TASK_GAUGES = "(.+-count|.+-ms|.+-ratio|.+-seq-no|.+-rate|.+-max|.+-avg"
            + "|.+-failures|.+-requests|.+-timestamp|.+-logged|.+-errors|.+-retries|.+-skipped)";
    private static final String CLIENT_GAUGES = "(.+-avg|.+-bytes|.+-count|.+-ratio|.+-age|.+-flight|.+-threads"
            + "|.+-connectors|.+-tasks|.+-ago)";

    private StrimziConnectRules() {
    }

    /** The rules, with Strimzi's {@code lowercaseOutputName: true} and {@code lowercaseOutputLabelNames: true}. */
    static ExportRules rules() {
        return new ExportRules(List.of(
                // Every client's app-info (kafka.connect, kafka.consumer, kafka.producer, kafka.admin.client...)
                ExportRule.pattern("kafka.(.+)<type=app-info, client-id=(.+)><>start-time-ms")
                        .name("kafka_$1_start_time_seconds").label("clientId", "$2")
                        .help("Kafka $1 JMX metric start time seconds").type(GAUGE).valueFactor(0.001).build(),
                ExportRule.pattern("kafka.(.+)<type=app-info, client-id=(.+)><>(commit-id|version): (.+)")
                        .name("kafka_$1_$3_info").value("1").label("clientId", "$2").label("$3", "$4")
                        .help("Kafka $1 JMX metric info version and commit-id").type(UNTYPED).build(),

                // The consumer's per-partition fetch metrics
                ExportRule.pattern("kafka.consumer<type=consumer-fetch-manager-metrics, client-id=(.+), topic=(.+), "
                        + "partition=(.+)><>(.+-total)")
                        .name("kafka_consumer_fetch_manager_$4")
                        .label("clientId", "$1").label("topic", "$2").label("partition", "$3")
                        .help("Kafka Consumer JMX metric type consumer-fetch-manager-metrics").type(COUNTER).build(),
                ExportRule.pattern("kafka.consumer<type=consumer-fetch-manager-metrics, client-id=(.+), topic=(.+), "
                        + "partition=(.+)><>(compression-rate|.+-avg|.+-replica|.+-lag|.+-lead)")
                        .name("kafka_consumer_fetch_manager_$4")
                        .label("clientId", "$1").label("topic", "$2").label("partition", "$3")
                        .help("Kafka Consumer JMX metric type consumer-fetch-manager-metrics").type(GAUGE).build(),

                // The producer's per-topic metrics
                ExportRule.pattern("kafka.producer<type=producer-topic-metrics, client-id=(.+), topic=(.+)><>"
                        + "(.+-total)")
                        .name("kafka_producer_topic_$3").label("clientId", "$1").label("topic", "$2")
                        .help("Kafka Producer JMX metric type producer-topic-metrics").type(COUNTER).build(),
                ExportRule.pattern("kafka.producer<type=producer-topic-metrics, client-id=(.+), topic=(.+)><>"
                        + "(compression-rate|.+-avg|.+rate)")
                        .name("kafka_producer_topic_$3").label("clientId", "$1").label("topic", "$2")
                        .help("Kafka Producer JMX metric type producer-topic-metrics").type(GAUGE).build(),

                // Every client's per-broker (node) metrics
                ExportRule.pattern("kafka.(.+)<type=(.+)-metrics, client-id=(.+), node-id=(.+)><>(.+-total)")
                        .name("kafka_$2_$5").label("clientId", "$3").label("nodeId", "$4")
                        .help("Kafka $1 JMX metric type $2").type(COUNTER).build(),
                ExportRule.pattern("kafka.(.+)<type=(.+)-metrics, client-id=(.+), node-id=(.+)><>(.+-avg|.+-rate)")
                        .name("kafka_$2_$5").label("clientId", "$3").label("nodeId", "$4")
                        .help("Kafka $1 JMX metric type $2").type(GAUGE).build(),

                // Every client's own metrics (consumer, coordinator, fetch manager, producer, admin, Connect's
                // worker group client)
                ExportRule.pattern("kafka.(.+)<type=(.+)-metrics, client-id=(.*)><>(.+-total)")
                        .name("kafka_$2_$4").label("clientId", "$3")
                        .help("Kafka $1 JMX metric type $2").type(COUNTER).build(),
                ExportRule.pattern("kafka.(.+)<type=(.+)-metrics, client-id=(.*)><>" + CLIENT_GAUGES)
                        .name("kafka_$2_$4").label("clientId", "$3")
                        .help("Kafka $1 JMX metric type $2").type(GAUGE).build(),

                // Kafka Connect: a connector's class, type, version and status, as labels of a constant 1
                ExportRule.pattern("kafka.connect<type=connector-metrics, connector=(.+)><>"
                        + "(connector-class|connector-type|connector-version|status): (.+)")
                        .name("kafka_connect_connector_$2").value("1").label("connector", "$1").label("$2", "$3")
                        .help("Kafka Connect $2 JMX metric type connector").type(GAUGE).build(),

                // Kafka Connect: a task's status, as a label of a constant 1
                ExportRule.pattern("kafka.connect<type=connector-task-metrics, connector=(.+), task=(.+)><>"
                        + "status: ([a-z-]+)")
                        .name("kafka_connect_connector_task_status").value("1")
                        .label("connector", "$1").label("task", "$2").label("status", "$3")
                        .help("Kafka Connect JMX Connector task status").type(GAUGE).build(),

                // Kafka Connect: task metrics (connector-task, source-task, sink-task, task-error)
                ExportRule.pattern("kafka.connect<type=(.+)-metrics, connector=(.+), task=(.+)><>(.+-total)")
                        .name("kafka_connect_$1_$4").label("connector", "$2").label("task", "$3")
                        .help("Kafka Connect JMX metric type $1").type(COUNTER).build(),
                ExportRule.pattern("kafka.connect<type=(.+)-metrics, connector=(.+), task=(.+)><>"
                        + CONNECT_TASK_GAUGES)
                        .name("kafka_connect_$1_$4").label("connector", "$2").label("task", "$3")
                        .help("Kafka Connect JMX metric type $1").type(GAUGE).build(),

                // Kafka Connect: the worker's per-connector metrics
                ExportRule.pattern("kafka.connect<type=connect-worker-metrics, connector=(.+)><>([a-z-]+)")
                        .name("kafka_connect_worker_$2").label("connector", "$1")
                        .help("Kafka Connect JMX metric $1").type(GAUGE).build(),

                // Kafka Connect: the worker's metrics
                ExportRule.pattern("kafka.connect<type=connect-worker-metrics><>([a-z-]+-total)")
                        .name("kafka_connect_worker_$1")
                        .help("Kafka Connect JMX metric worker").type(COUNTER).build(),
                ExportRule.pattern("kafka.connect<type=connect-worker-metrics><>([a-z-]+)")
                        .name("kafka_connect_worker_$1")
                        .help("Kafka Connect JMX metric worker").type(GAUGE).build(),

                // Kafka Connect: the worker's rebalances (distributed mode)
                ExportRule.pattern("kafka.connect<type=connect-worker-rebalance-metrics><>"
                        + "(leader-name|connect-protocol): (.+)")
                        .name("kafka_connect_worker_rebalance_$1").value("1").label("$1", "$2")
                        .help("Kafka Connect $2 JMX metric type worker rebalance").type(UNTYPED).build(),
                ExportRule.pattern("kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+-total)")
                        .name("kafka_connect_worker_rebalance_$1")
                        .help("Kafka Connect JMX metric rebalance information").type(COUNTER).build(),
                ExportRule.pattern("kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+)")
                        .name("kafka_connect_worker_rebalance_$1")
                        .help("Kafka Connect JMX metric rebalance information").type(GAUGE).build(),

                // Kafka Connect: the worker's assignment (distributed mode)
                ExportRule.pattern("kafka.connect<type=connect-coordinator-metrics><>"
                        + "(assigned-connectors|assigned-tasks)")
                        .name("kafka_connect_coordinator_$1")
                        .help("Kafka Connect JMX metric assignment information").type(GAUGE).build()),
                true, true);
    }
}

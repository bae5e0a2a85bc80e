package io.fluxgate.runtime.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.MetricNameTemplate;

/**
 * Apache Kafka Connect 4.3.1's metric names, groups, tags and descriptions (its {@code ConnectMetricsRegistry}), one
 * nested class per group. JMX publishes each metric as an attribute of the MBean
 * {@code kafka.connect:type=<group>,<tags>}, and the description is what the Prometheus JMX exporter serves as help:
 * dashboards, alerts and exporter rules written for Apache find them here unchanged.
 */
public final class ConnectMetricNames {

    public static final String CONNECTOR_TAG = "connector";
    public static final String TASK_TAG = "task";
    public static final String TRANSFORM_TAG = "transform";
    public static final String PREDICATE_TAG = "predicate";

    private static final Set<String> NO_TAGS = Set.of();
    private static final Set<String> CONNECTOR_TAGS = tags(CONNECTOR_TAG);
    private static final Set<String> TASK_TAGS = tags(CONNECTOR_TAG, TASK_TAG);
    private static final Set<String> TRANSFORM_TAGS = tags(CONNECTOR_TAG, TASK_TAG, TRANSFORM_TAG);
    private static final Set<String> PREDICATE_TAGS = tags(CONNECTOR_TAG, TASK_TAG, PREDICATE_TAG);

    private ConnectMetricNames() {
    }

    private static Set<String> tags(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    private static MetricNameTemplate template(String name, String group, String description, Set<String> tags) {
        return new MetricNameTemplate(name, group, description, tags);
    }

    /** The connector-metrics group. */
    public static final class Connector {
        public static final String GROUP = "connector-metrics";
        public static final MetricNameTemplate STATUS = template("status", GROUP,
                "The status of the connector. One of 'unassigned', 'running', 'paused', 'stopped', "
                        + "'failed', or 'restarting'.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_TYPE = template("connector-type", GROUP,
                "The type of the connector. One of 'source' or 'sink'.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_CLASS = template("connector-class", GROUP,
                "The name of the connector class.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_VERSION = template("connector-version", GROUP,
                "The version of the connector class, as reported by the connector.", CONNECTOR_TAGS);
        /** Fluxgate's, beyond Kafka Connect: what {@code fluxgate.plugin.lingering.threads.max} limits. */
        public static final MetricNameTemplate LINGERING_THREADS = template("lingering-threads", GROUP,
                "The number of threads the connector's stopped instances and tasks left running, still alive.",
                CONNECTOR_TAGS);

        private Connector() {
        }
    }

    /** The connector-task-metrics group. */
    public static final class Task {
        public static final String GROUP = "connector-task-metrics";
        public static final MetricNameTemplate STATUS = template("status", GROUP,
                "The status of the connector task. One of 'unassigned', 'running', 'paused', "
                        + "'failed', or 'restarting'.", TASK_TAGS);
        public static final MetricNameTemplate RUNNING_RATIO = template("running-ratio", GROUP,
                "The fraction of time this task has spent in the running state.", TASK_TAGS);
        public static final MetricNameTemplate PAUSE_RATIO = template("pause-ratio", GROUP,
                "The fraction of time this task has spent in the pause state.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_MAX_TIME_MS =
                template("offset-commit-max-time-ms", GROUP,
                "The maximum time in milliseconds taken by this task to commit offsets.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_AVG_TIME_MS =
                template("offset-commit-avg-time-ms", GROUP,
                "The average time in milliseconds taken by this task to commit offsets.", TASK_TAGS);
        public static final MetricNameTemplate BATCH_SIZE_MAX = template("batch-size-max", GROUP,
                "The number of records in the largest batch the task has processed so far.", TASK_TAGS);
        public static final MetricNameTemplate BATCH_SIZE_AVG = template("batch-size-avg", GROUP,
                "The average number of records in the batches the task has processed so far.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_FAILURE_PERCENTAGE =
                template("offset-commit-failure-percentage", GROUP,
                "The average percentage of this task's offset commit attempts that failed.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_SUCCESS_PERCENTAGE =
                template("offset-commit-success-percentage", GROUP,
                "The average percentage of this task's offset commit attempts that succeeded.", TASK_TAGS);
        public static final MetricNameTemplate CONNECTOR_CLASS = template("connector-class", GROUP,
                "The name of the connector class.", TASK_TAGS);
        public static final MetricNameTemplate CONNECTOR_VERSION = template("connector-version", GROUP,
                "The version of the connector class, as reported by the connector.", TASK_TAGS);
        public static final MetricNameTemplate CONNECTOR_TYPE = template("connector-type", GROUP,
                "The type of the connector. One of 'source' or 'sink'.", TASK_TAGS);
        public static final MetricNameTemplate TASK_CLASS = template("task-class", GROUP,
                "The class name of the task.", TASK_TAGS);
        public static final MetricNameTemplate TASK_VERSION = template("task-version", GROUP,
                "The version of the task.", TASK_TAGS);
        public static final MetricNameTemplate KEY_CONVERTER_CLASS = template("key-converter-class", GROUP,
                "The fully qualified class name from key.converter", TASK_TAGS);
        public static final MetricNameTemplate VALUE_CONVERTER_CLASS = template("value-converter-class", GROUP,
                "The fully qualified class name from value.converter", TASK_TAGS);
        public static final MetricNameTemplate KEY_CONVERTER_VERSION = template("key-converter-version", GROUP,
                "The version instantiated for key.converter. May be undefined", TASK_TAGS);
        public static final MetricNameTemplate VALUE_CONVERTER_VERSION = template("value-converter-version", GROUP,
                "The version instantiated for value.converter. May be undefined", TASK_TAGS);
        public static final MetricNameTemplate HEADER_CONVERTER_CLASS = template("header-converter-class", GROUP,
                "The fully qualified class name from header.converter", TASK_TAGS);
        public static final MetricNameTemplate HEADER_CONVERTER_VERSION = template("header-converter-version", GROUP,
                "The version instantiated for header.converter. May be undefined", TASK_TAGS);
        /**
         * Fluxgate's, beyond Apache: named with the {@code -ms} ending that Strimzi's rules serve as a task gauge
         * ({@code kafka_connect_connector_task_stalled_time_ms}).
         */
        public static final MetricNameTemplate STALLED_TIME_MS = template("stalled-time-ms", GROUP,
                "How long in milliseconds this running task has made no progress while it had work (a plugin call "
                        + "that has not returned, or records waiting and none put); 0 unless it is reported "
                        + "stalled (fluxgate.task.stall.timeout.ms).", TASK_TAGS);

        private Task() {
        }
    }

    /** The connector-transform-metrics group. */
    public static final class Transform {
        public static final String GROUP = "connector-transform-metrics";
        public static final MetricNameTemplate TRANSFORM_CLASS = template("transform-class", GROUP,
                "The class name of the transformation class", TRANSFORM_TAGS);
        public static final MetricNameTemplate TRANSFORM_VERSION = template("transform-version", GROUP,
                "The version of the transformation class", TRANSFORM_TAGS);

        private Transform() {
        }
    }

    /** The connector-predicate-metrics group. */
    public static final class Predicate {
        public static final String GROUP = "connector-predicate-metrics";
        public static final MetricNameTemplate PREDICATE_CLASS = template("predicate-class", GROUP,
                "The class name of the predicate class", PREDICATE_TAGS);
        public static final MetricNameTemplate PREDICATE_VERSION = template("predicate-version", GROUP,
                "The version of the predicate class", PREDICATE_TAGS);

        private Predicate() {
        }
    }

    /** The source-task-metrics group. */
    public static final class SourceTask {
        public static final String GROUP = "source-task-metrics";
        public static final MetricNameTemplate SOURCE_RECORD_POLL_RATE = template("source-record-poll-rate", GROUP,
                "The average per-second number of records produced/polled (before transformation) by "
                        + "this task belonging to the named source connector in this worker.", TASK_TAGS);
        public static final MetricNameTemplate SOURCE_RECORD_POLL_TOTAL = template("source-record-poll-total", GROUP,
                "The total number of records produced/polled (before transformation) by this task "
                        + "belonging to the named source connector in this worker.", TASK_TAGS);
        public static final MetricNameTemplate SOURCE_RECORD_WRITE_RATE = template("source-record-write-rate", GROUP,
                "The average per-second number of records written to Kafka for this task belonging to"
                        + " the named source connector in this worker, since the task was last restarted. This "
                        + "is after transformations are applied, and excludes any records filtered out by the "
                        + "transformations.", TASK_TAGS);
        public static final MetricNameTemplate SOURCE_RECORD_WRITE_TOTAL =
                template("source-record-write-total", GROUP,
                "The number of records output written to Kafka for this task belonging to the named "
                        + "source connector in this worker, since the task was last restarted. This is after "
                        + "transformations are applied, and excludes any records filtered out by the "
                        + "transformations.", TASK_TAGS);
        public static final MetricNameTemplate POLL_BATCH_MAX_TIME_MS = template("poll-batch-max-time-ms", GROUP,
                "The maximum time in milliseconds taken by this task to poll for a batch of source "
                        + "records.", TASK_TAGS);
        public static final MetricNameTemplate POLL_BATCH_AVG_TIME_MS = template("poll-batch-avg-time-ms", GROUP,
                "The average time in milliseconds taken by this task to poll for a batch of source "
                        + "records.", TASK_TAGS);
        public static final MetricNameTemplate SOURCE_RECORD_ACTIVE_COUNT =
                template("source-record-active-count", GROUP,
                "The number of records that have been produced by this task but not yet completely "
                        + "written to Kafka.", TASK_TAGS);
        public static final MetricNameTemplate SOURCE_RECORD_ACTIVE_COUNT_MAX =
                template("source-record-active-count-max", GROUP,
                "The maximum number of records that have been produced by this task but not yet "
                        + "completely written to Kafka.", TASK_TAGS);
        public static final MetricNameTemplate SOURCE_RECORD_ACTIVE_COUNT_AVG =
                template("source-record-active-count-avg", GROUP,
                "The average number of records that have been produced by this task but not yet "
                        + "completely written to Kafka.", TASK_TAGS);
        public static final MetricNameTemplate TRANSACTION_SIZE_MIN = template("transaction-size-min", GROUP,
                "The number of records in the smallest transaction the task has committed so far. ", TASK_TAGS);
        public static final MetricNameTemplate TRANSACTION_SIZE_MAX = template("transaction-size-max", GROUP,
                "The number of records in the largest transaction the task has committed so far.", TASK_TAGS);
        public static final MetricNameTemplate TRANSACTION_SIZE_AVG = template("transaction-size-avg", GROUP,
                "The average number of records in the transactions the task has committed so far.", TASK_TAGS);

        private SourceTask() {
        }
    }

    /** The sink-task-metrics group. */
    public static final class SinkTask {
        public static final String GROUP = "sink-task-metrics";
        public static final MetricNameTemplate SINK_RECORD_READ_RATE = template("sink-record-read-rate", GROUP,
                "The average per-second number of records read from Kafka for this task belonging to "
                        + "the named sink connector in this worker. This is before transformations are "
                        + "applied.", TASK_TAGS);
        public static final MetricNameTemplate SINK_RECORD_READ_TOTAL = template("sink-record-read-total", GROUP,
                "The total number of records read from Kafka by this task belonging to the named sink"
                        + " connector in this worker, since the task was last restarted.", TASK_TAGS);
        public static final MetricNameTemplate SINK_RECORD_SEND_RATE = template("sink-record-send-rate", GROUP,
                "The average per-second number of records output from the transformations and "
                        + "sent/put to this task belonging to the named sink connector in this worker. This is "
                        + "after transformations are applied and excludes any records filtered out by the "
                        + "transformations.", TASK_TAGS);
        public static final MetricNameTemplate SINK_RECORD_SEND_TOTAL = template("sink-record-send-total", GROUP,
                "The total number of records output from the transformations and sent/put to this "
                        + "task belonging to the named sink connector in this worker, since the task was last "
                        + "restarted.", TASK_TAGS);
        public static final MetricNameTemplate SINK_RECORD_LAG_MAX = template("sink-record-lag-max", GROUP,
                "The maximum lag in terms of number of records that the sink task is behind the "
                        + "consumer's position for any topic partitions.", TASK_TAGS);
        public static final MetricNameTemplate PARTITION_COUNT = template("partition-count", GROUP,
                "The number of topic partitions assigned to this task belonging to the named sink "
                        + "connector in this worker.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_SEQ_NO = template("offset-commit-seq-no", GROUP,
                "The current sequence number for offset commits.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_COMPLETION_RATE =
                template("offset-commit-completion-rate", GROUP,
                "The average per-second number of offset commit completions that were completed "
                        + "successfully.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_COMPLETION_TOTAL =
                template("offset-commit-completion-total", GROUP,
                "The total number of offset commit completions that were completed successfully.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_SKIP_RATE = template("offset-commit-skip-rate", GROUP,
                "The average per-second number of offset commit completions that were received too "
                        + "late and skipped/ignored.", TASK_TAGS);
        public static final MetricNameTemplate OFFSET_COMMIT_SKIP_TOTAL = template("offset-commit-skip-total", GROUP,
                "The total number of offset commit completions that were received too late and "
                        + "skipped/ignored.", TASK_TAGS);
        public static final MetricNameTemplate PUT_BATCH_MAX_TIME_MS = template("put-batch-max-time-ms", GROUP,
                "The maximum time taken by this task to put a batch of sinks records.", TASK_TAGS);
        public static final MetricNameTemplate PUT_BATCH_AVG_TIME_MS = template("put-batch-avg-time-ms", GROUP,
                "The average time taken by this task to put a batch of sinks records.", TASK_TAGS);
        public static final MetricNameTemplate SINK_RECORD_ACTIVE_COUNT = template("sink-record-active-count", GROUP,
                "The number of records that have been read from Kafka but not yet completely "
                        + "committed/flushed/acknowledged by the sink task.", TASK_TAGS);
        public static final MetricNameTemplate SINK_RECORD_ACTIVE_COUNT_MAX =
                template("sink-record-active-count-max", GROUP,
                "The maximum number of records that have been read from Kafka but not yet completely "
                        + "committed/flushed/acknowledged by the sink task.", TASK_TAGS);
        public static final MetricNameTemplate SINK_RECORD_ACTIVE_COUNT_AVG =
                template("sink-record-active-count-avg", GROUP,
                "The average number of records that have been read from Kafka but not yet completely "
                        + "committed/flushed/acknowledged by the sink task.", TASK_TAGS);

        private SinkTask() {
        }
    }

    /** The connect-worker-metrics group. */
    public static final class Worker {
        public static final String GROUP = "connect-worker-metrics";
        public static final MetricNameTemplate CONNECTOR_COUNT = template("connector-count", GROUP,
                "The number of connectors run in this worker.", NO_TAGS);
        public static final MetricNameTemplate TASK_COUNT = template("task-count", GROUP,
                "The number of tasks run in this worker.", NO_TAGS);
        public static final MetricNameTemplate CONNECTOR_STARTUP_ATTEMPTS_TOTAL =
                template("connector-startup-attempts-total", GROUP,
                "The total number of connector startups that this worker has attempted.", NO_TAGS);
        public static final MetricNameTemplate CONNECTOR_STARTUP_SUCCESS_TOTAL =
                template("connector-startup-success-total", GROUP,
                "The total number of connector starts that succeeded.", NO_TAGS);
        public static final MetricNameTemplate CONNECTOR_STARTUP_SUCCESS_PERCENTAGE =
                template("connector-startup-success-percentage", GROUP,
                "The average percentage of this worker's connectors starts that succeeded.", NO_TAGS);
        public static final MetricNameTemplate CONNECTOR_STARTUP_FAILURE_TOTAL =
                template("connector-startup-failure-total", GROUP,
                "The total number of connector starts that failed.", NO_TAGS);
        public static final MetricNameTemplate CONNECTOR_STARTUP_FAILURE_PERCENTAGE =
                template("connector-startup-failure-percentage", GROUP,
                "The average percentage of this worker's connectors starts that failed.", NO_TAGS);
        public static final MetricNameTemplate TASK_STARTUP_ATTEMPTS_TOTAL =
                template("task-startup-attempts-total", GROUP,
                "The total number of task startups that this worker has attempted.", NO_TAGS);
        public static final MetricNameTemplate TASK_STARTUP_SUCCESS_TOTAL =
                template("task-startup-success-total", GROUP,
                "The total number of task starts that succeeded.", NO_TAGS);
        public static final MetricNameTemplate TASK_STARTUP_SUCCESS_PERCENTAGE =
                template("task-startup-success-percentage", GROUP,
                "The average percentage of this worker's tasks starts that succeeded.", NO_TAGS);
        public static final MetricNameTemplate TASK_STARTUP_FAILURE_TOTAL =
                template("task-startup-failure-total", GROUP,
                "The total number of task starts that failed.", NO_TAGS);
        public static final MetricNameTemplate TASK_STARTUP_FAILURE_PERCENTAGE =
                template("task-startup-failure-percentage", GROUP,
                "The average percentage of this worker's tasks starts that failed.", NO_TAGS);
        public static final MetricNameTemplate CONNECTOR_TOTAL_TASK_COUNT =
                template("connector-total-task-count", GROUP,
                "The number of tasks of the connector on the worker.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_RUNNING_TASK_COUNT =
                template("connector-running-task-count", GROUP,
                "The number of running tasks of the connector on the worker.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_PAUSED_TASK_COUNT =
                template("connector-paused-task-count", GROUP,
                "The number of paused tasks of the connector on the worker.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_FAILED_TASK_COUNT =
                template("connector-failed-task-count", GROUP,
                "The number of failed tasks of the connector on the worker.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_UNASSIGNED_TASK_COUNT =
                template("connector-unassigned-task-count", GROUP,
                "The number of unassigned tasks of the connector on the worker.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_DESTROYED_TASK_COUNT =
                template("connector-destroyed-task-count", GROUP,
                "The number of destroyed tasks of the connector on the worker.", CONNECTOR_TAGS);
        public static final MetricNameTemplate CONNECTOR_RESTARTING_TASK_COUNT =
                template("connector-restarting-task-count", GROUP,
                "The number of restarting tasks of the connector on the worker.", CONNECTOR_TAGS);
        /** Fluxgate's, beyond Apache: beside the counts by state, as Strimzi's alerts read them. */
        public static final MetricNameTemplate CONNECTOR_STALLED_TASK_COUNT =
                template("connector-stalled-task-count", GROUP,
                "The number of running tasks of the connector on the worker that are stalled: no progress while "
                        + "they have work for fluxgate.task.stall.timeout.ms.", CONNECTOR_TAGS);
        /**
         * Fluxgate's, beyond Apache: {@code connector-metrics}' {@code lingering-threads} on every worker that counts
         * them, the connector's instance running there or not.
         */
        public static final MetricNameTemplate CONNECTOR_LINGERING_THREAD_COUNT =
                template("connector-lingering-thread-count", GROUP,
                "The number of threads the connector's stopped instances and tasks left running on the worker, still "
                        + "alive, which fluxgate.plugin.lingering.threads.max limits.", CONNECTOR_TAGS);
        /** Fluxgate's, beyond Apache. */
        public static final MetricNameTemplate STALLED_TASK_COUNT = template("stalled-task-count", GROUP,
                "The number of running tasks on the worker that are stalled: no progress while they have work "
                        + "for fluxgate.task.stall.timeout.ms.", NO_TAGS);

        private Worker() {
        }
    }

    /** The connect-worker-rebalance-metrics group. */
    public static final class Rebalance {
        public static final String GROUP = "connect-worker-rebalance-metrics";
        public static final MetricNameTemplate CONNECT_PROTOCOL = template("connect-protocol", GROUP,
                "The Connect protocol used by this cluster", NO_TAGS);
        public static final MetricNameTemplate LEADER_NAME = template("leader-name", GROUP,
                "The name of the group leader.", NO_TAGS);
        public static final MetricNameTemplate EPOCH = template("epoch", GROUP,
                "The epoch or generation number of this worker.", NO_TAGS);
        public static final MetricNameTemplate COMPLETED_REBALANCES_TOTAL =
                template("completed-rebalances-total", GROUP,
                "The total number of rebalances completed by this worker.", NO_TAGS);
        public static final MetricNameTemplate REBALANCING = template("rebalancing", GROUP,
                "Whether this worker is currently rebalancing.", NO_TAGS);
        public static final MetricNameTemplate REBALANCE_MAX_TIME_MS = template("rebalance-max-time-ms", GROUP,
                "The maximum time in milliseconds spent by this worker to rebalance.", NO_TAGS);
        public static final MetricNameTemplate REBALANCE_AVG_TIME_MS = template("rebalance-avg-time-ms", GROUP,
                "The average time in milliseconds spent by this worker to rebalance.", NO_TAGS);
        public static final MetricNameTemplate TIME_SINCE_LAST_REBALANCE_MS =
                template("time-since-last-rebalance-ms", GROUP,
                "The time in milliseconds since this worker completed the most recent rebalance.", NO_TAGS);

        private Rebalance() {
        }
    }

    /** The task-error-metrics group. */
    public static final class TaskErrors {
        public static final String GROUP = "task-error-metrics";
        public static final MetricNameTemplate TOTAL_RECORD_FAILURES = template("total-record-failures", GROUP,
                "The number of record processing failures in this task.", TASK_TAGS);
        public static final MetricNameTemplate TOTAL_RECORD_ERRORS = template("total-record-errors", GROUP,
                "The number of record processing errors in this task. ", TASK_TAGS);
        public static final MetricNameTemplate TOTAL_RECORDS_SKIPPED = template("total-records-skipped", GROUP,
                "The number of records skipped due to errors.", TASK_TAGS);
        public static final MetricNameTemplate TOTAL_RETRIES = template("total-retries", GROUP,
                "The number of operations retried.", TASK_TAGS);
        public static final MetricNameTemplate TOTAL_ERRORS_LOGGED = template("total-errors-logged", GROUP,
                "The number of errors that were logged.", TASK_TAGS);
        public static final MetricNameTemplate DEADLETTERQUEUE_PRODUCE_REQUESTS =
                template("deadletterqueue-produce-requests", GROUP,
                "The number of attempted writes to the dead letter queue.", TASK_TAGS);
        public static final MetricNameTemplate DEADLETTERQUEUE_PRODUCE_FAILURES =
                template("deadletterqueue-produce-failures", GROUP,
                "The number of failed writes to the dead letter queue.", TASK_TAGS);
        public static final MetricNameTemplate LAST_ERROR_TIMESTAMP = template("last-error-timestamp", GROUP,
                "The epoch timestamp when this task last encountered an error.", TASK_TAGS);

        private TaskErrors() {
        }
    }
}

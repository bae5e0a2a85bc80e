package io.fluxgate.runtime.metrics;

import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.metrics.ConnectMetricNames.TaskErrors;

/**
 * One task's {@code task-error-metrics}, as Kafka Connect's {@code ErrorHandlingMetrics}: failures of an operation on a
 * record (each attempt), retries, records skipped within tolerance, failures beyond it, errors logged, and writes to
 * the dead letter queue.
 */
public final class ErrorMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final Sensor failures;
    private final Sensor errors;
    private final Sensor skipped;
    private final Sensor retries;
    private final Sensor logged;
    private final Sensor dlqRequests;
    private final Sensor dlqFailures;
    private volatile long lastErrorTimestamp;

    public ErrorMetrics(WorkerMetrics metrics, ConnectorTaskId id) {
        group = metrics.group(TaskErrors.GROUP, ConnectMetricNames.CONNECTOR_TAG, id.connector(),
                ConnectMetricNames.TASK_TAG, Integer.toString(id.task()));
        group.removeLeftovers();
        failures = total("total-record-failures", TaskErrors.TOTAL_RECORD_FAILURES);
        errors = total("total-record-errors", TaskErrors.TOTAL_RECORD_ERRORS);
        skipped = total("total-records-skipped", TaskErrors.TOTAL_RECORDS_SKIPPED);
        retries = total("total-retries", TaskErrors.TOTAL_RETRIES);
        logged = total("total-errors-logged", TaskErrors.TOTAL_ERRORS_LOGGED);
        dlqRequests = total("deadletterqueue-produce-requests", TaskErrors.DEADLETTERQUEUE_PRODUCE_REQUESTS);
        dlqFailures = total("deadletterqueue-produce-failures", TaskErrors.DEADLETTERQUEUE_PRODUCE_FAILURES);
        group.gauge(TaskErrors.LAST_ERROR_TIMESTAMP, now -> lastErrorTimestamp);
    }

    private Sensor total(String sensorName, MetricNameTemplate template) {
        Sensor sensor = group.sensor(sensorName);
        sensor.add(group.name(template), new CumulativeSum());
        return sensor;
    }

    /** An operation on a record failed (one attempt). */
    public void recordFailure() {
        failures.record();
        lastErrorTimestamp = System.currentTimeMillis();
    }

    /** A failure beyond tolerance: the task fails. */
    public void recordError() {
        errors.record();
    }

    /** A record dropped within tolerance. */
    public void recordSkipped() {
        skipped.record();
    }

    public void recordRetry() {
        retries.record();
    }

    public void recordErrorLogged() {
        logged.record();
    }

    public void recordDeadLetterQueueRequest() {
        dlqRequests.record();
    }

    public void recordDeadLetterQueueFailure() {
        dlqFailures.record();
    }

    @Override
    public void close() {
        group.close();
    }
}

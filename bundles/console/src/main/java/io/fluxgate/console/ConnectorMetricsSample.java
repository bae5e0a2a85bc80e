package io.fluxgate.console;

/**
 * One connector's throughput, errors and lag at one moment, over the tasks this worker runs; a value is null when no
 * MBean gives it (no tasks here, metrics not reported to JMX, a source's lag).
 *
 * @param recordsIn records per second into the tasks: polled from the source system, or read from Kafka by a sink
 * @param recordsOut records per second out of them: written to Kafka, or put to the sink system (after the
 *        transformations, without the records they dropped)
 * @param recordErrors failures beyond {@code errors.tolerance}, since the tasks started
 * @param recordFailures failed attempts of an operation on a record, retries included, since the tasks started
 * @param recordsSkipped records dropped within {@code errors.tolerance}, since the tasks started
 * @param lag a sink's largest number of records behind the end of any of its partitions
 */
record ConnectorMetricsSample(Double recordsIn, Double recordsOut, Double recordErrors, Double recordFailures,
        Double recordsSkipped, Double lag) {

    /** Nothing known. */
    static final ConnectorMetricsSample NONE = new ConnectorMetricsSample(null, null, null, null, null, null);
}

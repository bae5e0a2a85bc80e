package io.fluxgate.runtime.errors;

/** Where in a record's journey an operation runs; reported in error logs and DLQ headers with Kafka's names. */
public enum Stage {
    TASK_POLL, TASK_PUT, TRANSFORMATION, KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER, KAFKA_PRODUCE, KAFKA_CONSUME
}

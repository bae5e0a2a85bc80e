package io.fluxgate.boot.config;

/**
 * The defaults of worker settings that components read themselves, in one place: {@link WorkerConfigDef} defines the
 * settings with them, and the components' typed configurations (annotation defaults, which must be constants) and the
 * few readers of the raw properties take them from here.
 *
 * @since 1.4
 */
public final class WorkerConfigDefaults {

    /** Kafka Connect's default {@code listeners}: http on port 8083, every interface. */
    public static final String LISTENERS = "http://:8083";
    /** {@code fluxgate.kafka.connect.timeout.ms}: how long the worker waits for the Kafka cluster at start. */
    public static final long KAFKA_CONNECT_TIMEOUT_MS = 30_000L;
    /** {@code fluxgate.metrics.endpoint.enable}: served unless turned off, as scraping needs no agent then. */
    public static final boolean METRICS_ENDPOINT_ENABLE = true;
    /** {@code console.username}: the Web Console's user name unless set. */
    public static final String CONSOLE_USERNAME = "admin";
    /** {@code fluxgate.mode}, which the launcher always sets: standalone where nothing says otherwise. */
    public static final String MODE = "standalone";
    /**
     * {@code fluxgate.source.task.max.unacknowledged.records}: about what the producer's default two-megabyte buffer
     * holds of records of a hundred bytes, so that the limit rarely binds before the buffer does, and a task's
     * unacknowledged {@code SourceRecord}s stay within tens of megabytes.
     */
    public static final int SOURCE_TASK_MAX_UNACKNOWLEDGED_RECORDS = 20_000;

    private WorkerConfigDefaults() {
    }
}

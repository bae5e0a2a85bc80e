package io.fluxgate.boot.config;

/**
 * Names of the worker settings. Kafka Connect's keys keep their Kafka names; Fluxgate's own carry the
 * {@code fluxgate.} prefix so that they can never collide with a future Kafka key.
 */
public final class WorkerConfigKeys {

    /** The ConfigAdmin PID under which the launcher publishes the whole worker configuration. */
    public static final String PID = "io.fluxgate.worker";

    // Kafka Connect's worker keys
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String OFFSET_FLUSH_INTERVAL_MS = "offset.flush.interval.ms";
    public static final String OFFSET_FLUSH_TIMEOUT_MS = "offset.flush.timeout.ms";
    public static final String TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS = "task.shutdown.graceful.timeout.ms";
    public static final String LISTENERS = "listeners";
    public static final String REST_ADVERTISED_HOST_NAME = "rest.advertised.host.name";
    public static final String REST_ADVERTISED_PORT = "rest.advertised.port";
    public static final String REST_ADVERTISED_LISTENER = "rest.advertised.listener";
    public static final String ACCESS_CONTROL_ALLOW_ORIGIN = "access.control.allow.origin";
    public static final String ACCESS_CONTROL_ALLOW_METHODS = "access.control.allow.methods";
    public static final String RESPONSE_HTTP_HEADERS_CONFIG = "response.http.headers.config";
    public static final String REST_EXTENSION_CLASSES = "rest.extension.classes";
    /** Kafka's {@code BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG}: none, requested or required. */
    public static final String SSL_CLIENT_AUTH = "ssl.client.auth";
    /**
     * The prefix of the SSL settings of https listeners. As in Kafka Connect, when any key carries it, only the
     * prefixed keys count; otherwise the worker's own {@code ssl.*} keys do.
     */
    public static final String LISTENERS_HTTPS_PREFIX = "listeners.https.";
    /**
     * Kafka Connect's {@code admin.listeners}: the admin endpoints' own listeners; unset, they are on
     * {@code listeners}; empty, they are served nowhere.
     *
     * @since 1.4
     */
    public static final String ADMIN_LISTENERS = "admin.listeners";
    /**
     * The prefix of the SSL settings of https admin listeners; as {@link #LISTENERS_HTTPS_PREFIX}.
     *
     * @since 1.4
     */
    public static final String ADMIN_LISTENERS_HTTPS_PREFIX = "admin.listeners.https.";
    public static final String PLUGIN_PATH = "plugin.path";
    public static final String PLUGIN_DISCOVERY = "plugin.discovery";
    public static final String CONFIG_PROVIDERS = "config.providers";
    public static final String CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY = "connector.client.config.override.policy";
    public static final String TOPIC_CREATION_ENABLE = "topic.creation.enable";
    public static final String OFFSET_STORAGE_FILE_FILENAME = "offset.storage.file.filename";
    public static final String GROUP_ID = "group.id";
    public static final String CONFIG_STORAGE_TOPIC = "config.storage.topic";
    public static final String OFFSET_STORAGE_TOPIC = "offset.storage.topic";
    public static final String STATUS_STORAGE_TOPIC = "status.storage.topic";
    public static final String CONFIG_STORAGE_REPLICATION_FACTOR = "config.storage.replication.factor";
    public static final String OFFSET_STORAGE_PARTITIONS = "offset.storage.partitions";
    public static final String OFFSET_STORAGE_REPLICATION_FACTOR = "offset.storage.replication.factor";
    public static final String STATUS_STORAGE_PARTITIONS = "status.storage.partitions";
    public static final String STATUS_STORAGE_REPLICATION_FACTOR = "status.storage.replication.factor";
    // Distributed mode's group membership (Apache's DistributedConfig names)
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String REBALANCE_TIMEOUT_MS = "rebalance.timeout.ms";
    public static final String CONNECT_PROTOCOL = "connect.protocol";
    /**
     * KIP-415's wait for departed workers. Unset by default in Fluxgate (see
     * {@link WorkerConfigDef#groupMembership()}); any value set behaves as in Apache Kafka Connect.
     */
    public static final String SCHEDULED_REBALANCE_MAX_DELAY_MS = "scheduled.rebalance.max.delay.ms";

    // Fluxgate's keys
    /** Starts a single-node Kafka broker inside the worker process (for a laptop or a demo). */
    public static final String EMBEDDED_BROKER_ENABLE = "fluxgate.embedded.broker.enable";
    /** The embedded broker's client port, on 127.0.0.1. */
    public static final String EMBEDDED_BROKER_PORT = "fluxgate.embedded.broker.port";
    /** Where the embedded broker keeps its log; relative paths are under the distribution's directory. */
    public static final String EMBEDDED_BROKER_DIR = "fluxgate.embedded.broker.dir";
    /**
     * The largest request body the REST API reads, in bytes; a larger one is refused with 413 and the error body.
     * Kafka Connect has no limit.
     */
    public static final String REST_REQUEST_MAX_BYTES = "fluxgate.rest.request.max.bytes";
    /**
     * Whether the REST listeners serve {@code GET /metrics}: the worker's Kafka metrics in Prometheus' text format,
     * the series the Prometheus JMX exporter serves with Strimzi's Kafka Connect rules.
     *
     * @since 1.4
     */
    public static final String METRICS_ENDPOINT_ENABLE = "fluxgate.metrics.endpoint.enable";
    /**
     * How long the herder waits for a connector's {@code taskConfigs()}, which it needs an answer to; past it the
     * connector is FAILED with a trace naming the call, its thread abandoned, and the herder goes on.
     *
     * @since 1.4
     */
    public static final String CONNECTOR_CALL_TIMEOUT_MS = "fluxgate.connector.call.timeout.ms";
    /**
     * How long a RUNNING task may make no progress while it has work (a plugin call such as {@code poll()} or
     * {@code put()} that has not returned, or a sink with records waiting and none put) before its status says it is
     * stalled. It stays RUNNING; the stall is reported in its trace, in its metrics and on the console.
     *
     * @since 1.4
     */
    public static final String TASK_STALL_TIMEOUT_MS = "fluxgate.task.stall.timeout.ms";
    /**
     * How many threads a connector (its instances and tasks, over their restarts) may leave running after they
     * stopped; past it they are logged and interrupted, and the connector is not started again while they still run.
     *
     * @since 1.5
     */
    public static final String PLUGIN_LINGERING_THREADS_MAX = "fluxgate.plugin.lingering.threads.max";
    /**
     * How many records each source task may have handed to its producer and not yet seen acknowledged; at the limit
     * the task stops polling until the broker acknowledges some. Each such record keeps its {@code SourceRecord}
     * alive (its offset is committed once acknowledged), so the limit bounds a task's memory where the producer's
     * {@code buffer.memory} bounds only the serialized bytes.
     *
     * @since 1.6
     */
    public static final String SOURCE_TASK_MAX_UNACKNOWLEDGED_RECORDS = "fluxgate.source.task.max.unacknowledged.records";
    /** How long the launcher waits for the Kafka cluster to answer before giving up. */
    public static final String KAFKA_CONNECT_TIMEOUT_MS = "fluxgate.kafka.connect.timeout.ms";
    /**
     * Distributed mode: whether the leader refuses task configurations handed over without Fluxgate's signed context
     * (the connector and the generation of its configuration), which Apache Kafka Connect's workers do not send.
     */
    public static final String INTER_WORKER_CONTEXT_REQUIRED = "fluxgate.inter.worker.context.required";
    /**
     * Distributed mode: Apache Kafka Connect's {@code exactly.once.source.support} (KIP-618): {@code disabled},
     * {@code preparing} or {@code enabled}. Fluxgate refuses {@code enabled} at start-up until it delivers exactly once
     * (docs/exactly-once.md).
     *
     * @since 1.4
     */
    public static final String EXACTLY_ONCE_SOURCE_SUPPORT = "exactly.once.source.support";

    // The Felix Web Console (off unless console.password is set)
    /** Where the Web Console listens: {@code http://host:port}. */
    public static final String CONSOLE_LISTENER = "console.listener";
    /** The user name the Web Console asks for. */
    public static final String CONSOLE_USERNAME = "console.username";
    /** The Web Console's password (a config-provider reference is allowed); without one the console is off. */
    public static final String CONSOLE_PASSWORD = "console.password";

    // Set by the launcher, never by the user
    /** {@link WorkerMode#key()} of the running worker. */
    public static final String MODE = "fluxgate.mode";
    /** The distribution's directory. */
    public static final String HOME = "fluxgate.home";
    /** Standalone mode: the connector files named on the command line, separated by the path separator. */
    public static final String CONNECTOR_FILES = "fluxgate.connector.files";

    private WorkerConfigKeys() {
    }
}

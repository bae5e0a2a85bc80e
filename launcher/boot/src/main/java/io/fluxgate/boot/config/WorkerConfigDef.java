package io.fluxgate.boot.config;

import static io.fluxgate.boot.config.WorkerConfigKeys.*;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.Sensor;

/**
 * The worker settings Fluxgate reads, defined with Kafka's own {@link ConfigDef} so that a missing key or a bad value
 * is reported with the same words as Apache Kafka Connect. Keys that are not defined here are passed on untouched
 * (client settings, converter settings, future keys), as Kafka does.
 *
 * <p>Converters are defined as strings, not classes: they may live in plugin bundles that the launcher cannot see.
 */
public final class WorkerConfigDef {

    private static final String GROUP_WORKER = "Worker";
    private static final String GROUP_REST = "REST";
    private static final String GROUP_EMBEDDED = "Embedded broker";
    private static final String GROUP_CONSOLE = "Web Console";
    private static final String GROUP_METRICS = "Metrics";
    /** Where the Web Console listens unless {@code console.listener} says otherwise: this machine only. */
    public static final String CONSOLE_LISTENER_DEFAULT = "http://127.0.0.1:8084";

    private WorkerConfigDef() {
    }

    /** The definitions that hold for the given mode. */
    public static ConfigDef forMode(WorkerMode mode) {
        ConfigDef def = common();
        if (mode == WorkerMode.STANDALONE) {
            def.define(OFFSET_STORAGE_FILE_FILENAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The file where source connectors' offsets are kept between runs.");
        } else {
            def.define(GROUP_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                            Importance.HIGH, "The Kafka group the workers of one cluster join.")
                    .define(CONFIG_STORAGE_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(), Importance.HIGH,
                            "The compacted topic holding connector configurations.")
                    .define(OFFSET_STORAGE_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(), Importance.HIGH,
                            "The compacted topic holding source offsets.")
                    .define(STATUS_STORAGE_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(), Importance.HIGH,
                            "The compacted topic holding connector and task statuses.")
                    // Apache's defaults (DistributedConfig); the config topic always has one partition.
                    .define(CONFIG_STORAGE_REPLICATION_FACTOR, Type.SHORT, (short) 3, new TopicSize(),
                            Importance.LOW, "Replication factor used when creating the configuration storage topic")
                    .define(OFFSET_STORAGE_PARTITIONS, Type.INT, 25, new TopicSize(), Importance.LOW,
                            "The number of partitions used when creating the offset storage topic")
                    .define(OFFSET_STORAGE_REPLICATION_FACTOR, Type.SHORT, (short) 3, new TopicSize(),
                            Importance.LOW, "Replication factor used when creating the offset storage topic")
                    .define(STATUS_STORAGE_PARTITIONS, Type.INT, 5, new TopicSize(), Importance.LOW,
                            "The number of partitions used when creating the status storage topic")
                    .define(STATUS_STORAGE_REPLICATION_FACTOR, Type.SHORT, (short) 3, new TopicSize(),
                            Importance.LOW, "Replication factor used when creating the status storage topic")
                    .define(EXACTLY_ONCE_SOURCE_SUPPORT, Type.STRING, "disabled", ConfigDef.CaseInsensitiveValidString.in("disabled", "preparing", "enabled"),
                            Importance.HIGH, "Whether to enable exactly-once support for source connectors in the "
                                    + "cluster by using transactions to write source records and their source "
                                    + "offsets, and by proactively fencing out old task generations before bringing "
                                    + "up new ones.");
        }
        if (mode == WorkerMode.DISTRIBUTED) {
            groupMembership().configKeys().values().forEach(def::define);
        }
        return def;
    }

    /**
     * Distributed mode's group membership settings, with Apache Kafka Connect's names, validators and defaults, except
     * {@code scheduled.rebalance.max.delay.ms}: Apache's 300,000 ms keeps a dead follower's tasks unassigned for five
     * minutes. Fluxgate leaves it unset by default, which means: a worker that stops does not leave the group, so a
     * stopped worker and a killed one are told apart by nobody and both keep their place for one
     * {@code session.timeout.ms} (a restart within it moves the work once, onto the restarted worker); once the
     * coordinator has removed a worker, its work is reassigned at once (tasks back within about 15 s of a kill -9 with
     * the default timeouts). Set to any value, it means what it means in Apache Kafka Connect: a stopping worker
     * leaves the group and its work waits up to that long for it to return.
     */
    public static ConfigDef groupMembership() {
        return new ConfigDef()
                .define(SESSION_TIMEOUT_MS, Type.INT, 10_000, Importance.HIGH, "The timeout used to detect worker "
                        + "failures. The worker sends periodic heartbeats to indicate its liveness to the broker. If no "
                        + "heartbeats are received by the broker before the expiration of this session timeout, then "
                        + "the broker will remove the worker from the group and initiate a rebalance. Note that the "
                        + "value must be in the allowable range as configured in the broker configuration by "
                        + "group.min.session.timeout.ms and group.max.session.timeout.ms.")
                .define(REBALANCE_TIMEOUT_MS, Type.INT, 60_000, Importance.HIGH, "The maximum allowed time for each "
                        + "worker to join the group once a rebalance has begun. This is basically a limit on the "
                        + "amount of time needed for all tasks to flush any pending data and commit offsets. If the "
                        + "timeout is exceeded, then the worker will be removed from the group, which will cause "
                        + "offset commit failures.")
                .define(HEARTBEAT_INTERVAL_MS, Type.INT, 3_000, Importance.HIGH, "The expected time between "
                        + "heartbeats to the group coordinator when using Kafka's group management facilities. The "
                        + "value must be set lower than session.timeout.ms, but typically should be set no higher "
                        + "than 1/3 of that value.")
                .define(CONNECT_PROTOCOL, Type.STRING, "sessioned",
                        ConfigDef.CaseInsensitiveValidString.in("eager", "compatible", "sessioned"), Importance.LOW,
                        "Compatibility mode for Kafka Connect Protocol")
                .define(SCHEDULED_REBALANCE_MAX_DELAY_MS, Type.INT, null, ConfigDef.LambdaValidator.with(
                        (name, value) -> {
                            if (value != null && (Integer) value < 0) {
                                throw new ConfigException(name, value, "Value must be at least 0");
                            }
                        }, () -> "null or [0,...]"), Importance.LOW,
                        "The maximum delay that is scheduled in order to wait for the return of one or more departed "
                                + "workers before rebalancing and reassigning their connectors and tasks to the "
                                + "group. During this period the connectors and tasks of the departed workers remain "
                                + "unassigned. Unset (Fluxgate's default), a stopping worker does not leave the group "
                                + "and departed workers' work is reassigned as soon as the group coordinator has "
                                + "removed them, one session timeout after they were last heard from.")
                .define(INTER_WORKER_CONTEXT_REQUIRED, Type.BOOLEAN, true, Importance.LOW,
                        "Whether the leader refuses the task configurations a follower hands over (POST "
                                + "/connectors/{c}/tasks) unless they carry Fluxgate's signed context: the connector "
                                + "and the generation of its configuration they were generated from. Kafka Connect "
                                + "signs the body only, so a captured request could be replayed at another "
                                + "connector's path or after the connector changed. Apache Kafka Connect's workers do "
                                + "not send the context: set false while a group mixes them with Fluxgate's.");
    }

    /** A partition count or replication factor: positive, or -1 for the broker's default (as Kafka Connect). */
    static final class TopicSize implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            long size = ((Number) value).longValue();
            if (size != -1 && size < 1) {
                throw new ConfigException(name, value, "Must be positive, or -1 to use the broker's default");
            }
        }

        @Override
        public String toString() {
            return "Positive number, or -1 to use the broker's default";
        }
    }

    /**
     * The worker's own metrics, as Apache Kafka Connect defines them, except that {@code metrics.recording.level}
     * takes TRACE too, as Kafka's clients do (Kafka Connect records its own sensors at INFO, so the levels differ only
     * for what plugins record). An unknown level or reporter class stops the start with the key's name.
     */
    public static ConfigDef metrics() {
        return new ConfigDef()
                .define(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(0),
                        Importance.LOW, CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_DOC, GROUP_METRICS, 1,
                        ConfigDef.Width.SHORT, "Metrics sample window")
                .define(CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG, Type.INT, 2, Range.atLeast(1),
                        Importance.LOW, CommonClientConfigs.METRICS_NUM_SAMPLES_DOC, GROUP_METRICS, 2,
                        ConfigDef.Width.SHORT, "Metrics samples")
                .define(CommonClientConfigs.METRICS_RECORDING_LEVEL_CONFIG, Type.STRING,
                        Sensor.RecordingLevel.INFO.toString(), ValidString.in(Sensor.RecordingLevel.INFO.toString(),
                                Sensor.RecordingLevel.DEBUG.toString(), Sensor.RecordingLevel.TRACE.toString()),
                        Importance.LOW, CommonClientConfigs.METRICS_RECORDING_LEVEL_DOC, GROUP_METRICS, 3,
                        ConfigDef.Width.SHORT, "Metrics recording level")
                .define(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, Type.LIST, JmxReporter.class.getName(),
                        ConfigDef.CompositeValidator.of(ConfigDef.ValidList.anyNonDuplicateValues(true, false),
                                new OnClassPath()), Importance.LOW,
                        CommonClientConfigs.METRIC_REPORTER_CLASSES_DOC, GROUP_METRICS, 4, ConfigDef.Width.LONG,
                        "Metric reporters");
    }

    /** Parses and validates {@code props}; throws {@link ConfigException} naming the first bad key. */
    public static Map<String, Object> validate(WorkerMode mode, Map<String, String> props) {
        return forMode(mode).parse(props);
    }

    private static ConfigDef common() {
        // withClientSslSupport(): the worker's ssl.* keys, as Kafka Connect defines them. They serve the Kafka clients
        // and, unless listeners.https.* keys are given, the REST API's https listeners.
        ConfigDef def = new ConfigDef().withClientSslSupport();
        metrics().configKeys().values().forEach(def::define);
        return def
                .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyList(),
                        Importance.HIGH, "The Kafka cluster the worker connects to, as host:port pairs.", GROUP_WORKER,
                        1, ConfigDef.Width.LONG, "Bootstrap servers")
                .define(KEY_CONVERTER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Converter class for record keys (class name or alias).")
                .define(VALUE_CONVERTER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Converter class for record values (class name or alias).")
                .define(HEADER_CONVERTER, Type.STRING, "org.apache.kafka.connect.storage.SimpleHeaderConverter",
                        new ConfigDef.NonEmptyString(), Importance.LOW, "Converter class for record headers.")
                .define(OFFSET_FLUSH_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                        "Interval at which source offsets are committed.")
                .define(OFFSET_FLUSH_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                        "How long an offset flush may take before it is cancelled.")
                .define(TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                        "How long a task may take to stop before it is abandoned.")
                .define(CONNECTOR_CALL_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                        "How long the worker waits for a connector's start(), stop() or taskConfigs(); past it the "
                                + "connector is FAILED with a trace naming the call, and the worker goes on with the "
                                + "others. Also how long a validation waits for the connector's config() or "
                                + "validate(); past it the request is answered 500 naming the call.")
                .define(TASK_STALL_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        "How long a running task may make no progress while it has work (a plugin call such as "
                                + "poll() or put() that has not returned, or a sink with records waiting and none "
                                + "put) before its status reports it stalled; it stays RUNNING.")
                .define(PLUGIN_LINGERING_THREADS_MAX, Type.INT, 10, Range.atLeast(0), Importance.LOW,
                        "How many threads a connector and its tasks may leave running after they stopped, over "
                                + "their restarts; past it the threads are logged and interrupted, and the connector "
                                + "is not started again while they still run.")
                .define(SOURCE_TASK_MAX_UNACKNOWLEDGED_RECORDS, Type.INT,
                        WorkerConfigDefaults.SOURCE_TASK_MAX_UNACKNOWLEDGED_RECORDS, Range.atLeast(1), Importance.LOW,
                        "How many records each source task may have sent and not yet seen acknowledged by the "
                                + "broker; at the limit the task stops polling until some are acknowledged, so that "
                                + "a source faster than its Kafka cluster cannot fill the worker's memory.")
                .define(LISTENERS, Type.LIST, WorkerConfigDefaults.LISTENERS, new ListenersValidator(true),
                        Importance.LOW,
                        "The REST API's listeners, as http(s)://host:port; an empty host binds every interface.",
                        GROUP_REST, 1, ConfigDef.Width.LONG, "Listeners")
                .define(ADMIN_LISTENERS, Type.LIST, null, new ListenersValidator(false), Importance.LOW,
                        "List of comma-separated URIs the Admin REST API will listen on. The supported protocols "
                                + "are HTTP and HTTPS. An empty or blank string will disable this feature. The "
                                + "default behavior is to use the regular listener (specified by the 'listeners' "
                                + "property).", GROUP_REST, 7, ConfigDef.Width.LONG, "Admin listeners")
                .define(REST_ADVERTISED_HOST_NAME, Type.STRING, null, Importance.LOW,
                        "The host name other workers use to reach this one.")
                .define(REST_ADVERTISED_PORT, Type.INT, null, Importance.LOW,
                        "The port other workers use to reach this one.")
                .define(REST_ADVERTISED_LISTENER, Type.STRING, null, Importance.LOW,
                        "The listener other workers use to reach this one: http or https.")
                .define(ACCESS_CONTROL_ALLOW_ORIGIN, Type.STRING, "", Importance.LOW,
                        "Value to set the Access-Control-Allow-Origin header to for REST API requests. To enable "
                                + "cross origin access, set this to the domain of the application that should be "
                                + "permitted to access the API, or '*' to allow access from any domain. The default "
                                + "value only allows access from the domain of the REST API.",
                        GROUP_REST, 2, ConfigDef.Width.LONG, "Allowed origins")
                .define(ACCESS_CONTROL_ALLOW_METHODS, Type.STRING, "", Importance.LOW,
                        "Sets the methods supported for cross origin requests by setting the "
                                + "Access-Control-Allow-Methods header. The default value of the "
                                + "Access-Control-Allow-Methods header allows cross origin requests for GET, POST and "
                                + "HEAD.", GROUP_REST, 3, ConfigDef.Width.LONG, "Allowed methods")
                .define(RESPONSE_HTTP_HEADERS_CONFIG, Type.STRING, "", new ResponseHeaderRules.Validator(),
                        Importance.LOW, "Rules for REST API HTTP response headers", GROUP_REST, 4,
                        ConfigDef.Width.LONG, "Response headers")
                .define(REST_EXTENSION_CLASSES, Type.LIST, "", Importance.LOW,
                        "Comma-separated names of ConnectRestExtension classes, loaded and called in the order "
                                + "specified. Implementing the interface ConnectRestExtension allows you to inject "
                                + "into Connect's REST API user defined resources like filters. Typically used to "
                                + "add custom capability like logging, security, etc.",
                        GROUP_REST, 5, ConfigDef.Width.LONG, "REST extensions")
                .define(SSL_CLIENT_AUTH, Type.STRING, "none", ValidString.in("required", "requested", "none"),
                        Importance.MEDIUM, "Whether https listeners ask clients for a certificate: 'required' "
                                + "refuses clients without a valid one, 'requested' asks but accepts clients "
                                + "without, 'none' does not ask.")
                .define(REST_REQUEST_MAX_BYTES, Type.LONG, 4L * 1024 * 1024, Range.between(1_024L,
                        Integer.MAX_VALUE), Importance.LOW, "The largest REST request body accepted, in bytes; a "
                                + "larger one is answered 413.", GROUP_REST, 6, ConfigDef.Width.SHORT,
                        "Largest request body")
                .define(METRICS_ENDPOINT_ENABLE, Type.BOOLEAN, WorkerConfigDefaults.METRICS_ENDPOINT_ENABLE,
                        Importance.LOW, "Whether the REST listeners serve GET /metrics: the worker's Kafka metrics "
                                + "in Prometheus' text format (OpenMetrics when asked for), named as the Prometheus "
                                + "JMX exporter names them with Strimzi's Kafka Connect rules.", GROUP_REST, 8,
                        ConfigDef.Width.SHORT, "Metrics endpoint")
                .define(PLUGIN_PATH, Type.LIST, null, Importance.LOW,
                        "Further directories watched for plugins, besides the distribution's plugins/.")
                .define(PLUGIN_DISCOVERY, Type.STRING, "hybrid_warn",
                        ValidString.in("only_scan", "hybrid_warn", "hybrid_fail", "service_load"), Importance.LOW,
                        "How plugins are found in plain jars and plugin directories (KIP-898): only_scan (their "
                                + "class files), hybrid_warn (manifests, else the class files, with a warning), "
                                + "hybrid_fail (a jar whose plugins lack manifests is refused), service_load "
                                + "(manifests only).")
                .define(CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY, Type.STRING, "All", Importance.MEDIUM,
                        "Which client settings connectors may override.")
                .define(TOPIC_CREATION_ENABLE, Type.BOOLEAN, true, Importance.LOW,
                        "Whether source connectors may create their topics.")
                .define(EMBEDDED_BROKER_ENABLE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Start a single-node Kafka broker (KRaft) inside the worker process, on 127.0.0.1.",
                        GROUP_EMBEDDED, 1, ConfigDef.Width.SHORT, "Embedded broker")
                .define(EMBEDDED_BROKER_PORT, Type.INT, 9092, Range.between(1, 65535), Importance.LOW,
                        "The embedded broker's client port on 127.0.0.1.", GROUP_EMBEDDED, 2,
                        ConfigDef.Width.SHORT, "Embedded broker port")
                .define(EMBEDDED_BROKER_DIR, Type.STRING, "data/kafka", new ConfigDef.NonEmptyString(),
                        Importance.LOW, "The embedded broker's data directory; relative to the distribution.",
                        GROUP_EMBEDDED, 3, ConfigDef.Width.LONG, "Embedded broker directory")
                .define(KAFKA_CONNECT_TIMEOUT_MS, Type.LONG, WorkerConfigDefaults.KAFKA_CONNECT_TIMEOUT_MS,
                        Range.between(1_000, 60_000), Importance.LOW,
                        "How long the worker waits for the Kafka cluster to answer at start-up.")
                .define(CONSOLE_LISTENER, Type.STRING, CONSOLE_LISTENER_DEFAULT, new ConsoleListenerValidator(),
                        Importance.LOW, "Where the Felix Web Console listens, as http://host:port; an empty host "
                                + "binds every interface. Only used when console.password is set.",
                        GROUP_CONSOLE, 1, ConfigDef.Width.LONG, "Web Console listener")
                .define(CONSOLE_USERNAME, Type.STRING, WorkerConfigDefaults.CONSOLE_USERNAME, new ConfigDef.NonEmptyString(), Importance.LOW,
                        "The user name the Web Console asks for.", GROUP_CONSOLE, 2, ConfigDef.Width.SHORT,
                        "Web Console user")
                .define(CONSOLE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "The Web Console's password; a config-provider reference such as ${file:/path:key} or "
                                + "${env:VAR} is resolved with the worker's config.providers. Without a password "
                                + "the Web Console does not start.", GROUP_CONSOLE, 3, ConfigDef.Width.MEDIUM,
                        "Web Console password");
    }

    /**
     * Class names that the launcher's class path ({@code lib/}) holds, where Kafka's clients and the worker load
     * metric reporters from, as Apache Kafka Connect loads them from its class path: checked before anything starts,
     * so that a misspelt reporter stops the start with its name instead of failing the first Kafka client.
     */
    static final class OnClassPath implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            for (Object className : (List<?>) value) {
                try {
                    Class.forName(className.toString().trim(), false, WorkerConfigDef.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new ConfigException(name, className, "Class not found on the worker's class path (lib/)");
                }
            }
        }

        @Override
        public String toString() {
            return "classes on the worker's class path";
        }
    }

    /** A list with at least one non-blank element. */
    static final class NonEmptyList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> list = (List<?>) value;
            if (list == null || list.isEmpty() || list.stream().allMatch(v -> v.toString().isBlank())) {
                throw new ConfigException(name, value, "Must contain at least one host:port");
            }
        }

        @Override
        public String toString() {
            return "non-empty list";
        }
    }

    /** The Web Console's listener: one {@code http://host:port} (https is not offered). */
    static final class ConsoleListenerValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            RestListener listener = value == null ? null : RestListener.parse(value.toString()).orElse(null);
            if (listener == null || !listener.scheme().equals("http") || listener.port() == 0) {
                throw new ConfigException(name, value, "The Web Console listener must be http://host:port");
            }
        }

        @Override
        public String toString() {
            return "http://host:port";
        }
    }

    /**
     * REST listeners: each must parse as a {@link RestListener}. {@code listeners} needs one at least;
     * {@code admin.listeners} may be unset or empty.
     */
    static final class ListenersValidator implements ConfigDef.Validator {

        private final boolean required;

        ListenersValidator(boolean required) {
            this.required = required;
        }

        @Override
        public void ensureValid(String name, Object value) {
            List<?> list = (List<?>) value;
            if (list == null || list.isEmpty()) {
                if (required) {
                    throw new ConfigException(name, value, "At least one listener is required");
                }
                return;
            }
            for (Object listener : list) {
                if (RestListener.parse(listener.toString()).isEmpty()) {
                    throw new ConfigException(name, listener,
                            "Listeners must be http://host:port or https://host:port");
                }
            }
        }

        @Override
        public String toString() {
            return required ? "list of http(s)://host:port" : "list of http(s)://host:port, possibly empty";
        }
    }
}

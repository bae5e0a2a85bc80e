package io.fluxgate.runtime.config;

import static org.apache.kafka.common.config.ConfigDef.NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import io.fluxgate.runtime.errors.ToleranceType;

/**
 * The framework's connector settings, as Kafka Connect's {@code ConnectorConfig}, {@code SourceConnectorConfig} and
 * {@code SinkConnectorConfig} define them (names, types, defaults, groups). Converter classes are strings checked by
 * a validator given by the caller, not {@code Type.CLASS}: a plugin lives in its own bundle and is found through the
 * plugin registry, never through the caller's class loader.
 */
public final class ConnectorConfigDefs {

    public static final String NAME = "name";
    public static final String CONNECTOR_CLASS = "connector.class";
    public static final String CONNECTOR_VERSION = "connector.plugin.version";
    public static final String TASKS_MAX = "tasks.max";
    public static final String TASKS_MAX_ENFORCE = "tasks.max.enforce";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String PLUGIN_VERSION_SUFFIX = "plugin.version";
    public static final String TRANSFORMS = "transforms";
    public static final String PREDICATES = "predicates";
    public static final String CONFIG_RELOAD_ACTION = "config.action.reload";
    public static final String ERRORS_RETRY_TIMEOUT = "errors.retry.timeout";
    public static final String ERRORS_RETRY_MAX_DELAY = "errors.retry.delay.max.ms";
    public static final String ERRORS_TOLERANCE = "errors.tolerance";
    public static final String ERRORS_LOG_ENABLE = "errors.log.enable";
    public static final String ERRORS_LOG_INCLUDE_MESSAGES = "errors.log.include.messages";
    public static final String PRODUCER_OVERRIDE_PREFIX = "producer.override.";
    public static final String CONSUMER_OVERRIDE_PREFIX = "consumer.override.";
    public static final String ADMIN_OVERRIDE_PREFIX = "admin.override.";

    // Sinks
    public static final String TOPICS = "topics";
    public static final String TOPICS_REGEX = "topics.regex";
    public static final String DLQ_TOPIC_NAME = "errors.deadletterqueue.topic.name";
    public static final String DLQ_TOPIC_REPLICATION_FACTOR = "errors.deadletterqueue.topic.replication.factor";
    public static final String DLQ_CONTEXT_HEADERS_ENABLE = "errors.deadletterqueue.context.headers.enable";

    // Sources
    public static final String TOPIC_CREATION_GROUPS = "topic.creation.groups";
    public static final String EXACTLY_ONCE_SUPPORT = "exactly.once.support";
    public static final String TRANSACTION_BOUNDARY = "transaction.boundary";
    public static final String TRANSACTION_BOUNDARY_INTERVAL = "transaction.boundary.interval.ms";
    public static final String OFFSETS_TOPIC = "offsets.storage.topic";

    static final String COMMON_GROUP = "Common";
    static final String TRANSFORMS_GROUP = "Transforms";
    static final String PREDICATES_GROUP = "Predicates";
    static final String ERROR_GROUP = "Error Handling";
    static final String TOPIC_CREATION_GROUP = "Topic Creation";
    static final String EXACTLY_ONCE_GROUP = "Exactly Once Support";

    private ConnectorConfigDefs() {
    }

    /**
     * The settings every connector has. {@code converterValidator} and {@code headerConverterValidator} check a
     * converter named in the connector's configuration (null: no check).
     */
    public static ConfigDef common(ConfigDef.Validator converterValidator, ConfigDef.Validator headerConverterValidator) {
        int order = 0;
        int errorOrder = 0;
        return new ConfigDef()
                .define(NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, nonEmptyStringWithoutControlChars(),
                        Importance.HIGH, "Globally unique name to use for this connector.", COMMON_GROUP, ++order,
                        Width.MEDIUM, "Connector name")
                .define(CONNECTOR_CLASS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Name or alias of the class for this connector. Must be a subclass of "
                                + "org.apache.kafka.connect.connector.Connector. If the connector is "
                                + "org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this "
                                + "full name,  or use \"FileStreamSink\" or \"FileStreamSinkConnector\" to make the "
                                + "configuration a bit shorter", COMMON_GROUP, ++order, Width.LONG, "Connector class")
                .define(CONNECTOR_VERSION, Type.STRING, null, Importance.MEDIUM, "Version of the connector.",
                        COMMON_GROUP, ++order, Width.MEDIUM, "Connector version")
                .define(TASKS_MAX, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        "Maximum number of tasks to use for this connector.", COMMON_GROUP, ++order, Width.SHORT,
                        "Tasks max")
                .define(TASKS_MAX_ENFORCE, Type.BOOLEAN, true, Importance.LOW,
                        "(Deprecated) Whether to enforce that the tasks.max property is respected by the connector.",
                        COMMON_GROUP, ++order, Width.SHORT, "Enforce tasks max")
                .define(KEY_CONVERTER, Type.STRING, null, converterValidator, Importance.LOW,
                        "Converter class used to convert between Kafka Connect format and the serialized form that is "
                                + "written to Kafka. This controls the format of the keys in messages written to or "
                                + "read from Kafka.", COMMON_GROUP, ++order, Width.SHORT, "Key converter class")
                .define(KEY_CONVERTER + "." + PLUGIN_VERSION_SUFFIX, Type.STRING, null, Importance.LOW,
                        "Version of the key converter.", COMMON_GROUP, ++order, Width.SHORT, "Key converter version")
                .define(VALUE_CONVERTER, Type.STRING, null, converterValidator, Importance.LOW,
                        "Converter class used to convert between Kafka Connect format and the serialized form that is "
                                + "written to Kafka. This controls the format of the values in messages written to or "
                                + "read from Kafka.", COMMON_GROUP, ++order, Width.SHORT, "Value converter class")
                .define(VALUE_CONVERTER + "." + PLUGIN_VERSION_SUFFIX, Type.STRING, null, Importance.LOW,
                        "Version of the value converter.", COMMON_GROUP, ++order, Width.SHORT,
                        "Value converter version")
                .define(HEADER_CONVERTER, Type.STRING, null, headerConverterValidator, Importance.LOW,
                        "HeaderConverter class used to convert between Kafka Connect format and the serialized form "
                                + "that is written to Kafka. By default, the SimpleHeaderConverter is used.",
                        COMMON_GROUP, ++order, Width.SHORT, "Header converter class")
                .define(HEADER_CONVERTER + "." + PLUGIN_VERSION_SUFFIX, Type.STRING, null, Importance.LOW,
                        "Version of the header converter.", COMMON_GROUP, ++order, Width.SHORT,
                        "Header converter version")
                .define(TRANSFORMS, Type.LIST, List.of(), uniqueAliases("transformation"), Importance.LOW,
                        "Aliases for the transformations to be applied to records.", TRANSFORMS_GROUP, ++order,
                        Width.LONG, "Transforms")
                .define(PREDICATES, Type.LIST, List.of(), uniqueAliases("predicate"), Importance.LOW,
                        "Aliases for the predicates used by transformations.", PREDICATES_GROUP, ++order, Width.LONG,
                        "Predicates")
                .define(CONFIG_RELOAD_ACTION, Type.STRING, "restart", ConfigDef.ValidString.in("none", "restart"),
                        Importance.LOW, "The action that Connect should take on the connector when changes in "
                                + "external configuration providers result in a change in the connector's "
                                + "configuration properties.", COMMON_GROUP, ++order, Width.MEDIUM, "Reload Action")
                .define(ERRORS_RETRY_TIMEOUT, Type.LONG, 0L, Importance.MEDIUM, "The maximum duration in "
                                + "milliseconds that a failed operation will be reattempted. The default is 0, which "
                                + "means no retries will be attempted. Use -1 for infinite retries.", ERROR_GROUP,
                        ++errorOrder, Width.MEDIUM, "Retry Timeout for Errors")
                .define(ERRORS_RETRY_MAX_DELAY, Type.LONG, 60_000L, Importance.MEDIUM, "The maximum duration in "
                                + "milliseconds between consecutive retry attempts. Jitter will be added to the delay "
                                + "once this limit is reached to prevent thundering herd issues.", ERROR_GROUP,
                        ++errorOrder, Width.MEDIUM, "Maximum Delay Between Retries for Errors")
                .define(ERRORS_TOLERANCE, Type.STRING, ToleranceType.NONE.value(),
                        ConfigDef.ValidString.in(ToleranceType.NONE.value(), ToleranceType.ALL.value()),
                        Importance.MEDIUM, "Behavior for tolerating errors during connector operation. 'none' is the "
                                + "default value and signals that any error will result in an immediate connector "
                                + "task failure; 'all' changes the behavior to skip over problematic records.",
                        ERROR_GROUP, ++errorOrder, Width.SHORT, "Error Tolerance")
                .define(ERRORS_LOG_ENABLE, Type.BOOLEAN, false, Importance.MEDIUM, "If true, write each error and "
                                + "the details of the failed operation and problematic record to the Connect "
                                + "application log. This is 'false' by default, so that only errors that are not "
                                + "tolerated are reported.", ERROR_GROUP, ++errorOrder, Width.SHORT, "Log Errors")
                .define(ERRORS_LOG_INCLUDE_MESSAGES, Type.BOOLEAN, false, Importance.MEDIUM, "Whether to include in "
                                + "the log the Connect record that resulted in a failure.", ERROR_GROUP,
                        ++errorOrder, Width.SHORT, "Log Error Details");
    }

    /** The settings of a sink connector. */
    public static ConfigDef sink(ConfigDef common) {
        return new ConfigDef(common)
                .define(TOPICS, Type.LIST, "", Importance.HIGH, "List of topics to consume, separated by commas",
                        COMMON_GROUP, 4, Width.LONG, "Topics")
                .define(TOPICS_REGEX, Type.STRING, "", new RegexValidator(), Importance.HIGH, "Regular expression "
                                + "giving topics to consume. Under the hood, the regex is compiled to a "
                                + "<code>java.util.regex.Pattern</code>. Only one of topics or topics.regex should be "
                                + "specified.", COMMON_GROUP, 4, Width.LONG, "Topics regex")
                .define(DLQ_TOPIC_NAME, Type.STRING, "", Importance.MEDIUM, "The name of the topic to be used as the "
                                + "dead letter queue (DLQ) for messages that result in an error when processed by this "
                                + "sink connector, or its transformations or converters. The topic name is blank by "
                                + "default, which means that no messages are to be recorded in the DLQ.", ERROR_GROUP,
                        6, Width.MEDIUM, "Dead Letter Queue Topic Name")
                .define(DLQ_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 3, Importance.MEDIUM, "Replication factor "
                                + "used to create the dead letter queue topic when it doesn't already exist.",
                        ERROR_GROUP, 7, Width.MEDIUM, "Dead Letter Queue Topic Replication Factor")
                .define(DLQ_CONTEXT_HEADERS_ENABLE, Type.BOOLEAN, false, Importance.MEDIUM, "If true, add headers "
                                + "containing error context to the messages written to the dead letter queue. To avoid "
                                + "clashing with headers from the original record, all error context header keys, all "
                                + "error context header keys will start with <code>__connect.errors.</code>",
                        ERROR_GROUP, 8, Width.MEDIUM, "Enable Error Context Headers");
    }

    /** The settings of a source connector (topic creation groups are added by {@link TopicCreationGroups}). */
    public static ConfigDef source(ConfigDef common) {
        return new ConfigDef(common)
                .define(TOPIC_CREATION_GROUPS, Type.LIST, List.of(), uniqueAliases("topic creation group"),
                        Importance.LOW, "Groups of configurations for topics created by source connectors",
                        TOPIC_CREATION_GROUP, 1, Width.LONG, "Topic Creation Groups")
                .define(EXACTLY_ONCE_SUPPORT, Type.STRING, "requested", ConfigDef.ValidString.in("requested",
                        "required"), Importance.MEDIUM, "Permitted values are requested, required. If set to "
                                + "\"required\", forces a preflight check for the connector to ensure that it can "
                                + "provide exactly-once semantics with the given configuration.", EXACTLY_ONCE_GROUP,
                        1, Width.SHORT, "Exactly once support")
                .define(TRANSACTION_BOUNDARY, Type.STRING, "poll", ConfigDef.ValidString.in("poll", "interval",
                        "connector"), Importance.MEDIUM, "Permitted values are: poll, interval, connector.",
                        EXACTLY_ONCE_GROUP, 2, Width.SHORT, "Transaction Boundary")
                .define(TRANSACTION_BOUNDARY_INTERVAL, Type.LONG, null, Importance.LOW, "If 'transaction.boundary' "
                        + "is set to 'interval', determines the interval for producer transaction commits by "
                        + "connector tasks.", EXACTLY_ONCE_GROUP, 3, Width.SHORT, "Transaction boundary interval ms")
                .define(OFFSETS_TOPIC, Type.STRING, null, Importance.LOW, "The name of a separate offsets topic to "
                        + "use for this connector.", EXACTLY_ONCE_GROUP, 4, Width.LONG, "Offsets topic");
    }

    static ConfigDef.Validator uniqueAliases(String kind) {
        return ConfigDef.CompositeValidator.of(new ConfigDef.NonNullValidator(), ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    List<?> aliases = (List<?>) value;
                    if (aliases.size() > new HashSet<>(aliases).size()) {
                        throw new ConfigException(name, value, "Duplicate alias provided.");
                    }
                }, () -> "unique " + kind + " aliases"));
    }

    /** A valid {@link Pattern}, as connect-transforms' RegexValidator (empty allowed: not set). */
    static final class RegexValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                if (value != null) {
                    Pattern.compile((String) value);
                }
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, value, "Invalid regex: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "valid regex";
        }
    }
}

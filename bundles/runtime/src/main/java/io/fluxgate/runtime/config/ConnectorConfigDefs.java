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


/**
 * The framework's connector settings, as Kafka Connect 4.3's {@code ConnectorConfig}, {@code SinkConnectorConfig} and
 * {@code SourceConnectorConfig} define them: names, types, defaults, documentation, groups and order, so that
 * {@code GET /connector-plugins/{p}/config} and the validate endpoint describe them word for word. How the settings
 * naming plugins (converters and their versions) are defined depends on the reader: see {@link PluginKeys}.
 */
public final class ConnectorConfigDefs {

    public static final String NAME = "name";
    public static final String CONNECTOR_CLASS = "connector.class";
    public static final String PLUGIN_VERSION_SUFFIX = "plugin.version";
    public static final String CONNECTOR_VERSION = "connector." + PLUGIN_VERSION_SUFFIX;
    public static final String TASKS_MAX = "tasks.max";
    public static final String TASKS_MAX_ENFORCE = "tasks.max.enforce";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String KEY_CONVERTER_VERSION = KEY_CONVERTER + "." + PLUGIN_VERSION_SUFFIX;
    public static final String VALUE_CONVERTER_VERSION = VALUE_CONVERTER + "." + PLUGIN_VERSION_SUFFIX;
    public static final String HEADER_CONVERTER_VERSION = HEADER_CONVERTER + "." + PLUGIN_VERSION_SUFFIX;
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
    /** Sic: Kafka's group for the offsets topic is named after the setting's old name. */
    static final String OFFSETS_TOPIC_GROUP = "offsets.topic";

    private static final String CONVERTER_DOC = "Converter class used to convert between Kafka Connect format and "
            + "the serialized form that is written to Kafka. This controls the format of the %s in messages written to "
            + "or read from Kafka, and since this is independent of connectors it allows any connector to work with "
            + "any serialization format. Examples of common formats include JSON and Avro.";

    private ConnectorConfigDefs() {
    }

    /** The settings every connector has. */
    static ConfigDef common(PluginKeys keys) {
        int order = 0;
        int errorOrder = 0;
        return new ConfigDef()
                .define(NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, nonEmptyStringWithoutControlChars(),
                        Importance.HIGH, "Globally unique name to use for this connector.", COMMON_GROUP, ++order,
                        Width.MEDIUM, "Connector name")
                .define(CONNECTOR_CLASS, Type.STRING, Importance.HIGH, "Name or alias of the class for this "
                        + "connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. If the "
                        + "connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify "
                        + "this full name,  or use \"FileStreamSink\" or \"FileStreamSinkConnector\" to make the "
                        + "configuration a bit shorter", COMMON_GROUP, ++order, Width.LONG, "Connector class")
                .define(CONNECTOR_VERSION, Type.STRING, keys.connectorVersion(), keys.versionValidator(),
                        Importance.MEDIUM, "Version of the connector.", COMMON_GROUP, ++order, Width.MEDIUM,
                        "Connector version", keys.recommender(PluginKeys.Recommendation.CONNECTOR_VERSION))
                .define(TASKS_MAX, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        "Maximum number of tasks to use for this connector.", COMMON_GROUP, ++order, Width.SHORT,
                        "Tasks max")
                .define(TASKS_MAX_ENFORCE, Type.BOOLEAN, true, Importance.LOW, "(Deprecated) Whether to enforce that "
                        + "the tasks.max property is respected by the connector. By default, connectors that generate "
                        + "too many tasks will fail, and existing sets of tasks that exceed the tasks.max property "
                        + "will also be failed. If this property is set to false, then connectors will be allowed to "
                        + "generate more than the maximum number of tasks, and existing sets of tasks that exceed the "
                        + "tasks.max property will be allowed to run. This property is deprecated and will be removed "
                        + "in an upcoming major release.", COMMON_GROUP, ++order, Width.SHORT, "Enforce tasks max")
                .define(KEY_CONVERTER, keys.classType(), keys.keyConverter().type(), keys.converterValidator(),
                        Importance.LOW, String.format(CONVERTER_DOC, "keys"), COMMON_GROUP, ++order, Width.SHORT,
                        "Key converter class", keys.recommender(PluginKeys.Recommendation.CONVERTERS))
                .define(KEY_CONVERTER_VERSION, Type.STRING, keys.keyConverter().version(), keys.versionValidator(),
                        Importance.LOW, "Version of the key converter.", COMMON_GROUP, ++order, Width.SHORT,
                        "Key converter version", keys.recommender(PluginKeys.Recommendation.KEY_CONVERTER_VERSION))
                .define(VALUE_CONVERTER, keys.classType(), keys.valueConverter().type(), keys.converterValidator(),
                        Importance.LOW, String.format(CONVERTER_DOC, "values"), COMMON_GROUP, ++order, Width.SHORT,
                        "Value converter class", keys.recommender(PluginKeys.Recommendation.CONVERTERS))
                .define(VALUE_CONVERTER_VERSION, Type.STRING, keys.valueConverter().version(),
                        keys.versionValidator(), Importance.LOW, "Version of the value converter.", COMMON_GROUP,
                        ++order, Width.SHORT, "Value converter version",
                        keys.recommender(PluginKeys.Recommendation.VALUE_CONVERTER_VERSION))
                .define(HEADER_CONVERTER, keys.classType(), keys.headerConverter().type(),
                        keys.headerConverterValidator(), Importance.LOW, "HeaderConverter class used to convert "
                                + "between Kafka Connect format and the serialized form that is written to Kafka. "
                                + "This controls the format of the header values in messages written to or read from "
                                + "Kafka, and since this is independent of connectors it allows any connector to work "
                                + "with any serialization format. Examples of common formats include JSON and Avro. "
                                + "By default, the SimpleHeaderConverter is used to serialize header values to strings "
                                + "and deserialize them by inferring the schemas.", COMMON_GROUP, ++order,
                        Width.SHORT, "Header converter class",
                        keys.recommender(PluginKeys.Recommendation.HEADER_CONVERTERS))
                .define(HEADER_CONVERTER_VERSION, Type.STRING, keys.headerConverter().version(),
                        keys.versionValidator(), Importance.LOW, "Version of the header converter.", COMMON_GROUP,
                        ++order, Width.SHORT, "Header converter version",
                        keys.recommender(PluginKeys.Recommendation.HEADER_CONVERTER_VERSION))
                .define(TRANSFORMS, Type.LIST, List.of(), uniqueAliases("transformation"), Importance.LOW,
                        "Aliases for the transformations to be applied to records.", TRANSFORMS_GROUP, ++order,
                        Width.LONG, "Transforms")
                .define(PREDICATES, Type.LIST, List.of(), uniqueAliases("predicate"), Importance.LOW,
                        "Aliases for the predicates used by transformations.", PREDICATES_GROUP, ++order, Width.LONG,
                        "Predicates")
                .define(CONFIG_RELOAD_ACTION, Type.STRING, "restart", ConfigDef.ValidString.in("none", "restart"),
                        Importance.LOW, "The action that Connect should take on the connector when changes in "
                                + "external configuration providers result in a change in the connector's "
                                + "configuration properties. A value of 'none' indicates that Connect will do "
                                + "nothing. A value of 'restart' indicates that Connect should restart/reload the "
                                + "connector with the updated configuration properties.The restart may actually be "
                                + "scheduled in the future if the external configuration provider indicates that a "
                                + "configuration value will expire in the future.", COMMON_GROUP, ++order,
                        Width.MEDIUM, "Reload Action")
                .define(ERRORS_RETRY_TIMEOUT, Type.LONG, 0, Importance.MEDIUM, "The maximum duration in "
                                + "milliseconds that a failed operation will be reattempted. The default is 0, which "
                                + "means no retries will be attempted. Use -1 for infinite retries.", ERROR_GROUP,
                        ++errorOrder, Width.MEDIUM, "Retry Timeout for Errors")
                .define(ERRORS_RETRY_MAX_DELAY, Type.LONG, 60000, Importance.MEDIUM, "The maximum duration in "
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
                                + "the log the Connect record that resulted in a failure. For sink records, the topic, "
                                + "partition, offset, and timestamp will be logged. For source records, the key and "
                                + "value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka "
                                + "partition, source partition, and source offset will be logged. This is 'false' by "
                                + "default, which will prevent record keys, values, and headers from being written to "
                                + "log files.", ERROR_GROUP, ++errorOrder, Width.SHORT, "Log Error Details");
    }

    /** The settings of a sink connector. */
    public static ConfigDef sink(ConfigDef common) {
        return new ConfigDef(common)
                .define(TOPICS, Type.LIST, List.of(), ConfigDef.ValidList.anyNonDuplicateValues(true, false),
                        Importance.HIGH, "List of topics to consume, separated by commas", COMMON_GROUP, 4, Width.LONG,
                        "Topics")
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
        ConfigDef.Validator atLeastZero = ConfigDef.Range.atLeast(0);
        int order = 0;
        return new ConfigDef(common)
                .define(TOPIC_CREATION_GROUPS, Type.LIST, List.of(), uniqueAliases("topic creation groups",
                        "unique topic creation groups"), Importance.LOW, "Groups of configurations for topics "
                                + "created by source connectors", TOPIC_CREATION_GROUP, ++order, Width.LONG,
                        "Topic Creation Groups")
                .define(EXACTLY_ONCE_SUPPORT, Type.STRING, "requested",
                        ConfigDef.CaseInsensitiveValidString.in("requested", "required"), Importance.MEDIUM,
                        "Permitted values are requested, required. If set to \"required\", forces a preflight check "
                                + "for the connector to ensure that it can provide exactly-once semantics with the "
                                + "given configuration. Some connectors may be capable of providing exactly-once "
                                + "semantics but not signal to Connect that they support this; in that case, "
                                + "documentation for the connector should be consulted carefully before creating it, "
                                + "and the value for this property should be set to \"requested\". Additionally, if "
                                + "the value is set to \"required\" but the worker that performs preflight validation "
                                + "does not have exactly-once support enabled for source connectors, requests to "
                                + "create or validate the connector will fail.", EXACTLY_ONCE_GROUP, ++order,
                        Width.SHORT, "Exactly once support")
                .define(TRANSACTION_BOUNDARY, Type.STRING, "poll",
                        ConfigDef.CaseInsensitiveValidString.in("poll", "interval", "connector"), Importance.MEDIUM,
                        "Permitted values are: poll, interval, connector. If set to 'poll', a new producer "
                                + "transaction will be started and committed for every batch of records that each "
                                + "task from this connector provides to Connect. If set to 'connector', relies on "
                                + "connector-defined transaction boundaries; note that not all connectors are capable "
                                + "of defining their own transaction boundaries, and in that case, attempts to "
                                + "instantiate a connector with this value will fail. Finally, if set to 'interval', "
                                + "commits transactions only after a user-defined time interval has passed.",
                        EXACTLY_ONCE_GROUP, ++order, Width.SHORT, "Transaction Boundary")
                .define(TRANSACTION_BOUNDARY_INTERVAL, Type.LONG, null, ConfigDef.LambdaValidator.with(
                        (name, value) -> {
                            if (value != null) {
                                atLeastZero.ensureValid(name, value);
                            }
                        }, atLeastZero::toString), Importance.LOW, "If 'transaction.boundary' is set to 'interval', "
                                + "determines the interval for producer transaction commits by connector tasks. If "
                                + "unset, defaults to the value of the worker-level 'offset.flush.interval.ms' "
                                + "property. It has no effect if a different transaction.boundary is specified.",
                        EXACTLY_ONCE_GROUP, ++order, Width.SHORT, "Transaction boundary interval")
                .define(OFFSETS_TOPIC, Type.STRING, null, new ConfigDef.NonEmptyString(), Importance.LOW,
                        "The name of a separate offsets topic to use for this connector. If empty or not specified, "
                                + "the worker\u2019s global offsets topic name will be used. If specified, the offsets "
                                + "topic will be created if it does not already exist on the Kafka cluster targeted by "
                                + "this connector (which may be different from the one used for the worker's global "
                                + "offsets topic if the bootstrap.servers property of the connector's producer has "
                                + "been overridden from the worker's). Only applicable in distributed mode; in "
                                + "standalone mode, setting this property will have no effect.", OFFSETS_TOPIC_GROUP,
                        1, Width.LONG, "Offsets topic");
    }

    static ConfigDef.Validator uniqueAliases(String kind) {
        return uniqueAliases(kind, "unique " + kind + " aliases");
    }

    private static ConfigDef.Validator uniqueAliases(String kind, String description) {
        return ConfigDef.CompositeValidator.of(new ConfigDef.NonNullValidator(), ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    List<?> aliases = (List<?>) value;
                    if (aliases.size() > new HashSet<>(aliases).size()) {
                        throw new ConfigException(name, value, "Duplicate alias provided.");
                    }
                }, () -> description));
    }

    /** A valid {@link Pattern}, as connect-runtime's RegexValidator (empty allowed: not set). */
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

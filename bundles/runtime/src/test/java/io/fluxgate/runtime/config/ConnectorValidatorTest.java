package io.fluxgate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.boot.config.WorkerMode;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/** Connector configurations are checked as Kafka Connect checks them, with its messages. */
class ConnectorValidatorTest {

    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins();
    static final WorkerConverters WORKER_CONVERTERS = new WorkerConverters(
            "org.apache.kafka.connect.json.JsonConverter", null, "org.apache.kafka.connect.json.JsonConverter", null,
            "org.apache.kafka.connect.storage.SimpleHeaderConverter", null);
    private final ConnectorValidator validator = new ConnectorValidator(registry,
            ClientOverridePolicy.of("All", Map.of(), registry), true, WORKER_CONVERTERS,
            new ExactlyOnceValidation(WorkerMode.DISTRIBUTED));

    private static Map<String, String> fileSource(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("name", "src", "connector.class", "FileStreamSource",
                "file", "/tmp/in.txt", "topic", "t"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    private static Map<String, String> fileSink(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("name", "sink",
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector", "file", "/tmp/out.txt"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    void aValidConfigurationHasNoErrors() {
        ConfigValidation result = validator.validate(fileSource("tasks.max", "1"));
        assertEquals(List.of(), result.errors());
        assertEquals(ConnectorType.SOURCE, result.type());
        assertEquals("org.apache.kafka.connect.file.FileStreamSourceConnector", result.connectorClass());
        result.throwIfInvalid();
    }

    @Test
    void aSourceThatRequiresExactlyOnceIsRefusedWithApachesMessages() {
        assertEquals(List.of("This worker does not have exactly-once source support enabled."),
                validator.validate(fileSource("exactly.once.support", "required")).errors());
        assertEquals(List.of("The connector does not support connector-defined transaction boundaries with the given "
                + "configuration. Please reconfigure it to use a different transaction boundary definition."),
                validator.validate(fileSource("transaction.boundary", "connector")).errors());
        assertEquals(List.of(), validator.validate(fileSource("exactly.once.support", "Requested",
                "transaction.boundary", "interval")).errors(), "requested runs at least once, as in Apache");

        ClasspathPluginRegistry withTestSource = ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class);
        ConnectorValidator distributed = new ConnectorValidator(withTestSource, ClientOverridePolicy.of("All",
                Map.of(), withTestSource), true, WORKER_CONVERTERS, new ExactlyOnceValidation(WorkerMode.DISTRIBUTED));
        assertEquals(List.of("This worker does not have exactly-once source support enabled.", "The connector does "
                + "not implement the API required for preflight validation of exactly-once source support. Please "
                + "consult the documentation for the connector to determine whether it supports exactly-once "
                + "semantics, and then consider reconfiguring the connector to use the value \"requested\" for this "
                + "property (which will disable this preflight check and allow the connector to be created)."),
                distributed.validate(Map.of("name", "t", "connector.class", TestSourceConnector.class.getName(),
                        "exactly.once.support", "required")).errors(), "the connector's own answer (none) counts");

        ConnectorValidator enabled = new ConnectorValidator(withTestSource, ClientOverridePolicy.of("All",
                Map.of(), withTestSource), true, WORKER_CONVERTERS,
                new ExactlyOnceValidation(WorkerMode.DISTRIBUTED, true));
        assertEquals(List.of("The connector does not implement the API required for preflight validation of "
                + "exactly-once source support. Please consult the documentation for the connector to determine "
                + "whether it supports exactly-once semantics, and then consider reconfiguring the connector to use "
                + "the value \"requested\" for this property (which will disable this preflight check and allow the "
                + "connector to be created)."),
                enabled.validate(Map.of("name", "t", "connector.class", TestSourceConnector.class.getName(),
                        "exactly.once.support", "required")).errors(),
                "with the worker's support enabled, only the connector's own answer counts");

        ConnectorValidator standalone = new ConnectorValidator(registry, ClientOverridePolicy.of("All", Map.of(),
                registry), true, WORKER_CONVERTERS, new ExactlyOnceValidation(WorkerMode.STANDALONE));
        assertEquals(List.of("Kafka Connect in standalone mode does not support exactly-once source connectors."),
                standalone.validate(fileSource("exactly.once.support", "REQUIRED")).errors());
        assertEquals(List.of(), standalone.validate(fileSource("transaction.boundary", "connector")).errors(),
                "standalone mode ignores transaction boundaries, as Apache's");
    }

    @Test
    void noConnectorClassIsRefusedOutright() {
        HerderException e = assertThrows(HerderException.class,
                () -> validator.validate(Map.of("name", "x")));
        assertEquals(400, e.status());
        assertEquals("Connector config {name=x} contains no connector type", e.getMessage());
    }

    @Test
    void anUnknownConnectorIsRefusedOutright() {
        HerderException e = assertThrows(HerderException.class,
                () -> validator.validate(fileSource("connector.class", "com.example.Nope")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("com.example.Nope"), e.getMessage());
    }

    @Test
    void everyErrorIsListedWithKafkasWording() {
        Map<String, String> config = fileSink("tasks.max", "0", "errors.tolerance", "some",
                "key.converter", "NoSuchConverter");
        HerderException e = assertThrows(HerderException.class, () -> validator.validate(config).throwIfInvalid());
        assertEquals(400, e.status());
        String message = e.getMessage();
        assertTrue(message.startsWith("Connector configuration is invalid and contains the following 5 error(s):\n"),
                message);
        assertTrue(message.contains("\nInvalid value 0 for configuration tasks.max: Value must be at least 1\n"),
                message);
        assertTrue(message.contains("\nInvalid value NoSuchConverter for configuration key.converter: Class "
                + "NoSuchConverter could not be found.\n"), message);
        assertTrue(message.contains("\nInvalid value some for configuration errors.tolerance: String must be one of: "
                + "none, all\n"), message);
        // topics and topics.regex both carry Kafka's sink error
        assertEquals(2, message.split("Must configure one of topics or topics.regex", -1).length - 1, message);
        assertTrue(message.endsWith("\nYou can also find the above list of errors at the endpoint "
                + "`/connector-plugins/{connectorType}/config/validate`"), message);
    }

    @Test
    void sinkTopicsRules() {
        assertEquals(List.of("topics and topics.regex are mutually exclusive options, but both are set.",
                "topics and topics.regex are mutually exclusive options, but both are set."),
                validator.validate(fileSink("topics", "a", "topics.regex", "a.*")).errors());
        assertEquals(List.of("The DLQ topic 'dlq' may not be included in the list of topics ('topics=[a, dlq]') "
                + "consumed by the connector"),
                validator.validate(fileSink("topics", "a,dlq", "errors.deadletterqueue.topic.name", "dlq"))
                        .errors());
        assertEquals(List.of(), validator.validate(fileSink("topics.regex", "orders-.*")).errors());
    }

    @Test
    void theConnectorsOwnConfigDefIsChecked() {
        ConfigValidation result = validator.validate(fileSource("batch.size", "lots"));
        assertEquals(List.of("Invalid value lots for configuration batch.size: Not a number of type INT"),
                result.errors());
    }

    @Test
    void transformationsAndPredicatesAreEnrichedWithTheirOwnSettings() {
        ConfigValidation ok = validator.validate(fileSource("transforms", "route",
                "transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.route.regex", "(.*)", "transforms.route.replacement", "copy-$1",
                "transforms.route.predicate", "isT", "predicates", "isT",
                "predicates.isT.type", "TopicNameMatches", "predicates.isT.pattern", "t"));
        assertEquals(List.of(), ok.errors());
        assertTrue(valueNames(ok).contains("transforms.route.regex"));
        assertTrue(valueNames(ok).contains("predicates.isT.pattern"));

        List<String> errors = validator.validate(fileSource("transforms", "route,missing",
                "transforms.route.type", "RegexRouter", "transforms.route.negate", "true",
                "transforms.missing.type", "com.example.Nope")).errors();
        assertTrue(errors.contains("Missing required configuration \"transforms.route.regex\" which has no default "
                + "value."), errors.toString());
        assertTrue(errors.contains("Config 'transforms.route.negate' was provided but there is no config "
                + "'transforms.route.predicate' defining a predicate to be negated."), errors.toString());
        assertTrue(errors.contains("Invalid value com.example.Nope for configuration transforms.missing.type: Class "
                + "com.example.Nope could not be found."), errors.toString());
    }

    @Test
    void aConverterTheConnectorNamesIsValidatedWithItsOwnSettings() {
        List<String> errors = validator.validate(fileSource("value.converter", "JsonConverter",
                "value.converter.schemas.enable", "maybe")).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("schemas.enable"), errors.toString());
    }

    @Test
    void clientOverridesFollowTheWorkersPolicy() {
        ConnectorValidator strict = new ConnectorValidator(registry, ClientOverridePolicy.of("None", Map.of(),
                registry), true, WORKER_CONVERTERS,
            new ExactlyOnceValidation(WorkerMode.DISTRIBUTED));
        assertEquals(List.of("The 'None' policy does not allow 'linger.ms' to be overridden in the connector "
                + "configuration."), strict.validate(fileSource("producer.override.linger.ms", "10")).errors());
        ConnectorValidator allowlist = new ConnectorValidator(registry, ClientOverridePolicy.of("Allowlist",
                Map.of(ClientOverridePolicy.ALLOWLIST_CONFIG, "linger.ms, batch.size"), registry), true,
                WORKER_CONVERTERS,
            new ExactlyOnceValidation(WorkerMode.DISTRIBUTED));
        assertEquals(List.of(), allowlist.validate(fileSource("producer.override.linger.ms", "10")).errors());
        assertEquals(1, allowlist.validate(fileSink("topics", "a", "consumer.override.max.poll.records", "5"))
                .errorCount());
    }

    @Test
    void topicCreationNeedsTheDefaultGroupsCounts() {
        List<String> errors = validator.validate(fileSource("topic.creation.groups", "compacted",
                "topic.creation.compacted.include", "t.*", "topic.creation.compacted.partitions", "0")).errors();
        // as in Kafka, an embedded validator names the setting without its group prefix
        assertEquals(java.util.Set.of("Missing required configuration \"topic.creation.default.replication.factor\" "
                + "which has no default value.", "Missing required configuration \"topic.creation.default.partitions\" "
                + "which has no default value.", "Invalid value 0 for configuration partitions: Value must be -1 or at "
                + "least 1"), java.util.Set.copyOf(errors));
        assertEquals(3, errors.size());
        assertEquals(List.of(), validator.validate(fileSource("topic.creation.default.replication.factor", "-1",
                "topic.creation.default.partitions", "3")).errors());
        ConnectorValidator disabled = new ConnectorValidator(registry, ClientOverridePolicy.of("All", Map.of(),
                registry), false, WORKER_CONVERTERS,
            new ExactlyOnceValidation(WorkerMode.DISTRIBUTED));
        assertEquals(List.of(), disabled.validate(fileSource("topic.creation.groups", "g")).errors(),
                "ignored when the worker does not create topics");
    }

    @Test
    void nullValuesAreErrors() {
        Map<String, String> config = fileSource();
        config.put("errors.log.enable", null);
        config.put("undefined.setting", null);
        assertEquals(List.of("Null value can not be supplied as the configuration value.",
                "Null value can not be supplied as the configuration value."), validator.validate(config).errors());
        // As in Kafka: the connector's own validation of a setting replaces the framework's, null error included.
        config = fileSource();
        config.put("file", null);
        assertEquals(List.of(), validator.validate(config).errors());
    }

    static List<String> valueNames(ConfigValidation result) {
        return result.infos().configs().stream().filter(c -> c.value() != null).map(c -> c.value().name()).toList();
    }
}

package io.fluxgate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConfigInfo;
import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConfigValueInfo;
import io.fluxgate.boot.config.WorkerMode;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.SecretSourceConnector;

/**
 * The validation result as Kafka Connect 4.3 renders it for {@code PUT /connector-plugins/{p}/config/validate}:
 * groups, definitions (types, defaults, groups, order), values, recommendations, visibility and error counts.
 */
class ConfigInfosTest {

    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins(
            SecretSourceConnector.class);
    private final ConnectorValidator validator = new ConnectorValidator(registry,
            ClientOverridePolicy.of("All", Map.of(), registry), true, ConnectorValidatorTest.WORKER_CONVERTERS,
            new ExactlyOnceValidation(WorkerMode.DISTRIBUTED));

    private static Map<String, String> config(String... pairs) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    private static ConfigInfo info(ConfigInfos infos, String name) {
        return infos.configs().stream()
                .filter(c -> (c.definition() != null ? c.definition().name() : c.value().name()).equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + infos));
    }

    @Test
    void aSourceHasKafkasGroupsInOrderAndIsNamedAsGiven() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "FileStreamSource",
                "topic", "t")).infos();
        assertEquals("FileStreamSource", infos.name(), "the class as the request gave it");
        assertEquals(0, infos.errorCount(), infos.errors().toString());
        assertEquals(List.of("Common", "Transforms", "Predicates", "Error Handling", "Topic Creation",
                "Exactly Once Support", "offsets.topic"), infos.groups());
        List<String> names = infos.configs().stream().map(c -> c.definition().name()).toList();
        assertEquals(List.of("name", "connector.class", "connector.plugin.version", "tasks.max", "tasks.max.enforce",
                "key.converter", "key.converter.plugin.version", "value.converter", "value.converter.plugin.version",
                "header.converter", "header.converter.plugin.version", "transforms", "predicates",
                "config.action.reload", "errors.retry.timeout", "errors.retry.delay.max.ms", "errors.tolerance",
                "errors.log.enable", "errors.log.include.messages", "topic.creation.groups", "exactly.once.support",
                "transaction.boundary", "transaction.boundary.interval.ms", "offsets.storage.topic"),
                names.subList(0, 24));
        assertTrue(names.containsAll(List.of("file", "topic", "batch.size")), names.toString());
    }

    @Test
    void aSinkHasTheCommonGroupsOnly() {
        ConfigInfos infos = validator.validate(config("name", "s", "connector.class", "FileStreamSink",
                "topics", "a")).infos();
        assertEquals(List.of("Common", "Transforms", "Predicates", "Error Handling"), infos.groups());
        ConfigKeyInfo topics = info(infos, "topics").definition();
        assertEquals(new ConfigKeyInfo("topics", "LIST", false, "", "HIGH", "List of topics to consume, separated "
                + "by commas", "Common", 4, "LONG", "Topics", List.of()), topics);
        assertEquals("a", info(infos, "topics").value().value());
    }

    @Test
    void convertersAreClassesWithTheWorkersAsDefaultsAndTheInstalledOnesRecommended() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "FileStreamSource",
                "value.converter", "StringConverter")).infos();
        ConfigInfo key = info(infos, "key.converter");
        assertEquals("CLASS", key.definition().type());
        assertEquals("org.apache.kafka.connect.json.JsonConverter", key.definition().defaultValue());
        assertFalse(key.definition().required());
        assertEquals("org.apache.kafka.connect.json.JsonConverter", key.value().value(), "the worker's, inherited");
        assertEquals(List.of("org.apache.kafka.connect.json.JsonConverter",
                "org.apache.kafka.connect.storage.StringConverter"), key.value().recommendedValues());
        assertEquals("org.apache.kafka.connect.storage.StringConverter",
                info(infos, "value.converter").value().value(), "an alias reads as the class it names");
        ConfigInfo headerVersion = info(infos, "header.converter.plugin.version");
        assertEquals("1.0.0-test", headerVersion.definition().defaultValue());
        assertEquals(List.of("1.0.0-test"), headerVersion.value().recommendedValues());
        assertTrue(headerVersion.value().visible());
        // The connector's own converter is validated with its own settings, under its prefix.
        assertTrue(infos.configs().stream().anyMatch(c -> c.definition() != null
                && c.definition().name().equals("value.converter.converter.encoding")), infos.toString());
    }

    @Test
    void theConnectorsVersionDefaultsToTheNewestAndRecommendsTheInstalledOnes() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "FileStreamSource")).infos();
        ConfigInfo version = info(infos, "connector.plugin.version");
        assertEquals(new ConfigKeyInfo("connector.plugin.version", "STRING", false, "1.0.0-test", "MEDIUM",
                "Version of the connector.", "Common", 3, "MEDIUM", "Connector version", List.of()),
                version.definition());
        assertEquals(new ConfigValueInfo("connector.plugin.version", "1.0.0-test", List.of("1.0.0-test"), List.of(),
                true), version.value());
    }

    @Test
    void aVersionThatIsNotInstalledIsReportedOnTheClassAndVersion() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "FileStreamSource",
                "connector.plugin.version", "[2.0,3.0)")).infos();
        String message = "Plugin org.apache.kafka.connect.file.FileStreamSourceConnector not found that matches the "
                + "version range [2.0,3.0), available versions: [1.0.0-test]";
        assertEquals(2, infos.errorCount());
        assertEquals(List.of(message), info(infos, "connector.class").value().errors());
        assertEquals(List.of(message), info(infos, "connector.plugin.version").value().errors());
        assertEquals(List.of("1.0.0-test"), info(infos, "connector.plugin.version").value().recommendedValues());
        assertEquals(List.of("Common", "Transforms", "Predicates", "Error Handling"), infos.groups(),
                "only the common settings, as Kafka");

        ConfigInfos unreadable = validator.validate(config("name", "src", "connector.class", "FileStreamSource",
                "connector.plugin.version", "[2.0")).infos();
        assertTrue(unreadable.errorCount() >= 1);
    }

    @Test
    void passwordsAreHiddenAndTheConnectorsGroupsFollowTheFrameworks() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "SecretSource",
                "secret", "s3cr3t-value")).infos();
        assertEquals(0, infos.errorCount(), infos.errors().toString());
        ConfigInfo secret = info(infos, "secret");
        assertEquals("PASSWORD", secret.definition().type());
        assertEquals("[hidden]", secret.value().value());
        assertEquals("Credentials", infos.groups().get(infos.groups().size() - 1));
        assertFalse(infos.toString().contains("s3cr3t-value"));

        ConfigInfos invalid = validator.validate(config("name", "src", "connector.class", "SecretSource",
                "secret", "abc")).infos();
        assertEquals(List.of("Invalid value [hidden] for configuration secret: Password too short"),
                invalid.errors());
        assertFalse(invalid.toString().contains("abc"));
    }

    @Test
    void transformationsGetKafkasClassAndVersionSettings() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "FileStreamSource",
                "topic", "t",
                "transforms", "route", "transforms.route.type", "RegexRouter", "transforms.route.regex", "(.*)",
                "transforms.route.replacement", "x-$1")).infos();
        assertEquals(0, infos.errorCount(), infos.errors().toString());
        assertTrue(infos.groups().contains("Transforms: route"), infos.groups().toString());
        ConfigInfo type = info(infos, "transforms.route.type");
        assertEquals(new ConfigKeyInfo("transforms.route.type", "CLASS", true, null, "HIGH",
                "Class for the 'route' transformation.", "Transforms: route", 0, "LONG",
                "Transformation type for route", List.of()), type.definition());
        assertEquals("org.apache.kafka.connect.transforms.RegexRouter", type.value().value());
        assertTrue(type.value().recommendedValues().contains("org.apache.kafka.connect.transforms.RegexRouter"));
        ConfigInfo version = info(infos, "transforms.route.plugin.version");
        assertEquals("1.0.0-test", version.definition().defaultValue());
        assertEquals(1, version.definition().orderInGroup());
        assertEquals("Transforms: route", info(infos, "transforms.route.predicate").definition().group());
    }

    @Test
    void aConvertersFailingSettingCountsOnce() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "FileStreamSource",
                "topic", "t",
                "key.converter", "JsonConverter", "key.converter.schemas.enable", "maybe")).infos();
        assertEquals(1, infos.errorCount());
        ConfigInfo schemas = info(infos, "key.converter.schemas.enable");
        assertEquals("BOOLEAN", schemas.definition().type());
        assertEquals(1, schemas.value().errors().size());
    }

    @Test
    void anUndefinedValueHasNoDefinition() {
        ConfigInfos infos = validator.validate(config("name", "src", "connector.class", "FileStreamSource",
                "topic", "t",
                "no.such.setting", null)).infos();
        ConfigInfo undefined = infos.configs().get(0);
        assertNull(undefined.definition());
        assertEquals("no.such.setting", undefined.value().name());
        assertEquals(1, infos.errorCount());
    }
}

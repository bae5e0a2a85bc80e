package io.fluxgate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.SecretSourceConnector;

/** {@code GET /connector-plugins/{p}/config}, as Kafka Connect's {@code connectorPluginConfig} answers it. */
class PluginConfigDescriberTest {

    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins()
            .withVersion(SecretSourceConnector.class, "2.1.0");
    private final PluginConfigDescriber describer = new PluginConfigDescriber(registry);

    private static List<String> names(List<ConfigKeyInfo> keys) {
        return keys.stream().map(ConfigKeyInfo::name).toList();
    }

    @Test
    void aConnectorsOwnSettingsComeFirstThenTheFrameworks() {
        List<ConfigKeyInfo> keys = describer.describe("SecretSource", null);
        assertEquals(List.of("mode", "secret", "name", "connector.class", "connector.plugin.version"),
                names(keys).subList(0, 5));
        assertEquals(new ConfigKeyInfo("secret", "PASSWORD", true, null, "HIGH", "The password", "Credentials", 1,
                "MEDIUM", "Secret", List.of()), keys.get(1));
        ConfigKeyInfo version = keys.get(4);
        assertEquals("2.1.0", version.defaultValue(), "the newest installed version");
        ConfigKeyInfo keyConverter = keys.stream().filter(k -> k.name().equals("key.converter")).findFirst()
                .orElseThrow();
        assertEquals(new ConfigKeyInfo("key.converter", "CLASS", false, null, "LOW", "Converter class used to "
                + "convert between Kafka Connect format and the serialized form that is written to Kafka. This "
                + "controls the format of the keys in messages written to or read from Kafka, and since this is "
                + "independent of connectors it allows any connector to work with any serialization format. "
                + "Examples of common formats include JSON and Avro.", "Common", 6, "SHORT", "Key converter class",
                List.of()), keyConverter);
        assertEquals("offsets.storage.topic", keys.get(keys.size() - 1).name(), "a source's settings last");
        // no transformation settings: Kafka describes the connector, not a configuration of it
        assertEquals(List.of(), names(keys).stream().filter(n -> n.startsWith("transforms.")).toList());
    }

    @Test
    void aSinkHasTheSinkSettings() {
        List<String> names = names(describer.describe("org.apache.kafka.connect.file.FileStreamSinkConnector",
                "latest"));
        assertEquals("file", names.get(0));
        assertEquals(List.of("topics", "topics.regex", "errors.deadletterqueue.topic.name",
                "errors.deadletterqueue.topic.replication.factor", "errors.deadletterqueue.context.headers.enable"),
                names.subList(names.size() - 5, names.size()));
    }

    @Test
    void otherPluginsListTheirOwnSettings() {
        List<String> converter = names(describer.describe("JsonConverter", null));
        assertEquals(java.util.Set.of("schemas.enable", "schemas.cache.size", "decimal.format",
                "replace.null.with.default", "converter.type", "schema.content"), java.util.Set.copyOf(converter));
        assertEquals(List.of("regex", "replacement"), names(describer.describe("RegexRouter", null)));
        assertEquals(List.of("pattern"), names(describer.describe("TopicNameMatches", null)));
    }

    @Test
    void refusalsWithKafkasStatusesAndMessages() {
        HerderException unknown = assertThrows(HerderException.class, () -> describer.describe("Nope", null));
        assertEquals(404, unknown.status());
        assertEquals("Unknown plugin Nope.", unknown.getMessage());

        HerderException badSpec = assertThrows(HerderException.class,
                () -> describer.describe("SecretSource", "[1.0"));
        assertEquals(400, badSpec.status());
        assertEquals("Invalid version specification: [1.0", badSpec.getMessage());

        HerderException noSuchVersion = assertThrows(HerderException.class,
                () -> describer.describe("SecretSource", "1.0"));
        assertEquals(400, noSuchVersion.status());
        assertEquals("Plugin io.fluxgate.runtime.testing.plugins.SecretSourceConnector not found that matches the "
                + "version range [1.0,1.0], available versions: [2.1.0]", noSuchVersion.getMessage());

        HerderException provider = assertThrows(HerderException.class,
                () -> describer.describe("FileConfigProvider", null));
        assertEquals(400, provider.status());
        assertEquals("Invalid plugin class FileConfigProvider. Valid types are sink, source, converter, "
                + "header_converter, transformation, predicate.", provider.getMessage());
    }
}

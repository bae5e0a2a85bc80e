package io.fluxgate.plugins.registry;

import static io.fluxgate.plugins.registry.Plugins.isolated;
import static io.fluxgate.plugins.registry.Plugins.platform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.ExtractField;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginType;

/** Kafka Connect's aliases, on its own plugins ({@code PluginUtilsTest} gives the same answers). */
class AliasesTest {

    @Test
    void connectorsAnswerToTheirSimpleNameWithAndWithoutConnector() {
        Map<String, String> aliases = Aliases.of(List.of(
                isolated(FileStreamSourceConnector.class, PluginType.SOURCE, "4.3.1", "file:/plugins/a.jar"),
                isolated(FileStreamSinkConnector.class, PluginType.SINK, "4.3.1", "file:/plugins/a.jar")));

        assertEquals(Map.of(
                "FileStreamSourceConnector", FileStreamSourceConnector.class.getName(),
                "FileStreamSource", FileStreamSourceConnector.class.getName(),
                "FileStreamSinkConnector", FileStreamSinkConnector.class.getName(),
                "FileStreamSink", FileStreamSinkConnector.class.getName()), aliases);
    }

    @Test
    void eachTypePrunesItsOwnSuffix() {
        Map<String, String> aliases = Aliases.of(List.of(
                platform(JsonConverter.class, PluginType.CONVERTER, "4.3.1"),
                platform(JsonConverter.class, PluginType.HEADER_CONVERTER, "4.3.1"),
                platform(SimpleHeaderConverter.class, PluginType.HEADER_CONVERTER, "4.3.1"),
                platform(HasHeaderKey.class, PluginType.PREDICATE, "4.3.1")));

        assertEquals(JsonConverter.class.getName(), aliases.get("Json"));
        assertEquals(JsonConverter.class.getName(), aliases.get("JsonConverter"));
        assertEquals(SimpleHeaderConverter.class.getName(), aliases.get("Simple")); // "HeaderConverter" pruned
        assertEquals(HasHeaderKey.class.getName(), aliases.get("HasHeaderKey"));
    }

    @Test
    void anAliasOfTwoClassesIsNoAlias() {
        // Cast$Key and ExtractField$Key are both simply "Key", as in Kafka.
        Map<String, String> aliases = Aliases.of(List.of(
                platform(Cast.Key.class, PluginType.TRANSFORMATION, "4.3.1"),
                platform(ExtractField.Key.class, PluginType.TRANSFORMATION, "4.3.1")));

        assertFalse(aliases.containsKey("Key"));
        assertEquals(Map.of(), aliases);
    }

    @Test
    void versionsOfOneClassShareItsAliases() {
        Map<String, String> aliases = Aliases.of(List.of(
                isolated(FileStreamSinkConnector.class, PluginType.SINK, "4.2.0", "file:/plugins/old.jar"),
                isolated(FileStreamSinkConnector.class, PluginType.SINK, "4.3.1", "file:/plugins/new.jar")));

        assertEquals(FileStreamSinkConnector.class.getName(), aliases.get("FileStreamSink"));
    }

    @Test
    void aClassUnderTwoTypesKeepsItsAliases() {
        Map<String, String> aliases = Aliases.of(List.of(
                platform(StringConverter.class, PluginType.CONVERTER, "4.3.1"),
                platform(StringConverter.class, PluginType.HEADER_CONVERTER, "4.3.1")));

        assertEquals(Map.of("String", StringConverter.class.getName(),
                "StringConverter", StringConverter.class.getName()), aliases);
    }

    @Test
    void pruningCutsAtTheLastSuffixAndNeverToNothing() {
        assertEquals("Foo", Aliases.prunedName("FooConverterImpl", PluginType.CONVERTER));
        assertEquals("Converter", Aliases.prunedName("Converter", PluginType.CONVERTER));
        assertEquals("MyTransform", Aliases.prunedName("MyTransform", PluginType.TRANSFORMATION));
        assertEquals("Env", Aliases.prunedName("EnvConfigProvider", PluginType.CONFIG_PROVIDER));
        assertEquals("All", Aliases.prunedName("AllConnectorClientConfigOverridePolicy",
                PluginType.CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY));
    }
}

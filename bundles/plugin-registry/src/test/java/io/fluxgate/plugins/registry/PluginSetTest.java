package io.fluxgate.plugins.registry;

import static io.fluxgate.plugins.registry.Plugins.isolated;
import static io.fluxgate.plugins.registry.Plugins.platform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginType;

/** Picking a plugin by name, interface and version, as Kafka Connect does. */
class PluginSetTest {

    private static final String OLD = "file:/plugins/connect-file-4.2.0.jar";
    private static final String NEW = "file:/plugins/connect-file-4.3.1.jar";
    private static final String SOURCE = FileStreamSourceConnector.class.getName();

    private final PluginSet plugins = new PluginSet(List.of(
            isolated(FileStreamSourceConnector.class, PluginType.SOURCE, "4.3.1", NEW),
            isolated(FileStreamSinkConnector.class, PluginType.SINK, "4.3.1", NEW),
            isolated(FileStreamSourceConnector.class, PluginType.SOURCE, "4.2.0", OLD),
            isolated(FileStreamSinkConnector.class, PluginType.SINK, "4.2.0", OLD),
            platform(JsonConverter.class, PluginType.CONVERTER, "4.3.1"),
            platform(JsonConverter.class, PluginType.HEADER_CONVERTER, "4.3.1"),
            platform(StringConverter.class, PluginType.CONVERTER, "4.3.1")));

    @Test
    void listsEveryClassVersionAndTypeSortedByClassThenVersion() {
        List<String> listed = plugins.descriptors().stream()
                .map(d -> d.className().substring(d.className().lastIndexOf('.') + 1) + " " + d.version() + " "
                        + d.type().restName())
                .toList();
        assertEquals(List.of(
                "FileStreamSinkConnector 4.2.0 sink", "FileStreamSinkConnector 4.3.1 sink",
                "FileStreamSourceConnector 4.2.0 source", "FileStreamSourceConnector 4.3.1 source",
                "JsonConverter 4.3.1 converter", "JsonConverter 4.3.1 header_converter",
                "StringConverter 4.3.1 converter"), listed);
    }

    @Test
    void findsByFullNameAndBothAliasesTheNewestVersion() {
        for (String name : List.of(SOURCE, "FileStreamSourceConnector", "FileStreamSource")) {
            InstalledPlugin found = plugins.resolve(name, Connector.class, VersionRequirement.LATEST);
            assertEquals(SOURCE, found.className(), name);
            assertEquals("4.3.1", found.version(), name);
            assertEquals(NEW, found.descriptor().location(), name);
        }
    }

    @Test
    void connectorMatchesSourcesAndSinks() {
        assertEquals(PluginType.SINK,
                plugins.resolve("FileStreamSink", Connector.class, VersionRequirement.LATEST).descriptor().type());
        assertEquals(PluginType.SINK,
                plugins.resolve("FileStreamSink", SinkConnector.class, VersionRequirement.LATEST).descriptor().type());
        assertThrows(PluginNotFoundException.class,
                () -> plugins.resolve("FileStreamSink", SourceConnector.class, VersionRequirement.LATEST));
    }

    @Test
    void aVersionRangePicksTheNewestWithinIt() {
        assertEquals(OLD, plugins.resolve("FileStreamSource", Connector.class,
                VersionRequirement.parse("[4.0,4.3)", "FileStreamSource")).descriptor().location());
        assertEquals(OLD, plugins.resolve("FileStreamSource", Connector.class,
                VersionRequirement.parse("4.2.0", "FileStreamSource")).descriptor().location());
        assertEquals(NEW, plugins.resolve("FileStreamSource", Connector.class,
                VersionRequirement.parse("(,5.0]", "FileStreamSource")).descriptor().location());
    }

    @Test
    void noVersionInRangeSaysWhichThereAre() {
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class, () -> plugins.resolve(
                "FileStreamSource", Connector.class, VersionRequirement.parse("[5.0,)", "FileStreamSource")));
        assertEquals("Plugin " + SOURCE + " not found that matches the version range [5.0,), available versions: "
                + "[4.2.0, 4.3.1]", e.getMessage());
    }

    @Test
    void anUnknownConnectorGetsKafkasMessage() {
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> plugins.resolve("com.example.Missing", Connector.class, VersionRequirement.LATEST));
        assertTrue(e.getMessage().startsWith("Failed to find any class that implements Connector and which name "
                + "matches com.example.Missing, available connectors are: PluginDesc{klass=class "
                + FileStreamSinkConnector.class.getName() + ", name='" + FileStreamSinkConnector.class.getName()
                + "', version='4.2.0', encodedVersion=4.2.0, type=sink, typeName='sink', location='" + OLD + "'}, "),
                e.getMessage());
        assertTrue(!e.getMessage().contains("JsonConverter"), "only connectors are listed");
    }

    @Test
    void aPluginOfAnotherInterfaceIsNotFound() {
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> plugins.resolve("JsonConverter", Transformation.class, VersionRequirement.LATEST));
        assertEquals("Failed to find any class that implements Transformation and which name matches JsonConverter, "
                + "available plugins are: ", e.getMessage());
    }

    @Test
    void aClassDeclaredUnderTwoInterfacesIsDescribedAsTheOneAskedFor() {
        assertEquals(PluginType.CONVERTER,
                plugins.resolve("Json", Converter.class, VersionRequirement.LATEST).descriptor().type());
        assertEquals(PluginType.HEADER_CONVERTER,
                plugins.resolve("Json", HeaderConverter.class, VersionRequirement.LATEST).descriptor().type());
    }

    @Test
    void anIsolatedPluginWinsOverThePlatformsOfTheSameVersion() {
        PluginSet both = new PluginSet(List.of(platform(StringConverter.class, PluginType.CONVERTER, "4.3.1"),
                isolated(StringConverter.class, PluginType.CONVERTER, "4.3.1", NEW)));
        assertEquals(NEW, both.resolve("String", Converter.class, VersionRequirement.LATEST).descriptor().location());
    }

    @Test
    void twoConnectorsWithOneSimpleNameNeedTheirFullName() {
        // The same simple name in two packages: no alias, and Kafka's connector fallback says why.
        PluginSet clash = new PluginSet(List.of(
                isolated(FileStreamSourceConnector.class, PluginType.SOURCE, "4.3.1", NEW),
                isolated(io.fluxgate.plugins.registry.fixtures.FileStreamSourceConnector.class, PluginType.SOURCE,
                        "1.0", "file:/plugins/twin.jar")));
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> clash.resolve("FileStreamSource", Connector.class, VersionRequirement.LATEST));
        assertTrue(e.getMessage().startsWith("More than one connector matches alias FileStreamSource. Please use full "
                + "package and class name instead. Classes found: "), e.getMessage());
        assertEquals(SOURCE, clash.resolve(SOURCE, Connector.class, VersionRequirement.LATEST).className());
    }
}

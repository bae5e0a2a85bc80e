package io.fluxgate.plugins.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.registry.fixtures.BrokenStaticInitConverter;
import io.fluxgate.plugins.registry.fixtures.FailingVersionConverter;
import io.fluxgate.plugins.registry.fixtures.NullVersionConverter;
import io.fluxgate.plugins.registry.fixtures.PrivateConstructorConverter;
import io.fluxgate.plugins.registry.fixtures.TestConverter;
import io.fluxgate.plugins.registry.fixtures.ThrowingConverter;

/** Descriptors built from manifests, as Kafka's ServiceLoaderScanner builds them. */
class PluginDiscoveryTest {

    @Test
    void findsApachesFileConnectorsInTheirOwnJar() throws Exception {
        try (IsolatedJar jar = new IsolatedJar(IsolatedJar.jarOf(FileStreamSourceConnector.class),
                "org.apache.kafka.connect.file", "9.9.9")) {
            List<InstalledPlugin> found = PluginDiscovery.discover(jar);

            String location = jar.location();
            assertEquals(List.of(
                    new PluginDescriptor("org.apache.kafka.connect.file.FileStreamSourceConnector", PluginType.SOURCE,
                            "4.3.1", location),
                    new PluginDescriptor("org.apache.kafka.connect.file.FileStreamSinkConnector", PluginType.SINK,
                            "4.3.1", location)),
                    found.stream().map(InstalledPlugin::descriptor).sorted(
                            (a, b) -> a.type().compareTo(b.type())).toList());
            for (InstalledPlugin plugin : found) {
                assertSame(jar, plugin.pluginClass().getClassLoader(), "loaded from the plugin's own loader");
            }
        }
    }

    @Test
    void aPluginThatCannotBeBuiltIsLeftOutAndTheOthersStay() {
        TestSource source = new TestSource("file:/plugins/broken.jar", Map.of(PluginType.CONVERTER, List.of(
                ThrowingConverter.class.getName(),
                BrokenStaticInitConverter.class.getName(),
                PrivateConstructorConverter.class.getName(),
                "com.example.NotThere",
                String.class.getName(),
                TestConverter.class.getName())), "1.2.3");

        List<InstalledPlugin> found = PluginDiscovery.discover(source);

        assertEquals(List.of(new PluginDescriptor(TestConverter.class.getName(), PluginType.CONVERTER, "1.2.3",
                "file:/plugins/broken.jar")), found.stream().map(InstalledPlugin::descriptor).toList());
    }

    @Test
    void aPluginThatDoesNotSayItsVersionHasItsBundles() {
        TestSource source = new TestSource("file:/plugins/v.jar", Map.of(PluginType.CONVERTER, List.of(
                TestConverter.class.getName(), NullVersionConverter.class.getName(),
                FailingVersionConverter.class.getName())), "2.0.0");

        Map<String, String> versions = PluginDiscovery.discover(source).stream().collect(
                Collectors.toMap(InstalledPlugin::className, InstalledPlugin::version));

        // Converter's own version() says "undefined": none of these says its version, so the bundle's is used.
        assertEquals(Map.of(
                TestConverter.class.getName(), "2.0.0",
                NullVersionConverter.class.getName(), "2.0.0",
                FailingVersionConverter.class.getName(), "2.0.0"), versions);
    }

    @Test
    void aPluginThatSaysItsVersionHasIt() {
        TestSource source = new TestSource("file:/plugins/v.jar", Map.of(PluginType.CONVERTER,
                List.of(JsonConverter.class.getName()), PluginType.PREDICATE, List.of(HasHeaderKey.class.getName())),
                "2.0.0");

        List<String> versions = PluginDiscovery.discover(source).stream().map(InstalledPlugin::version).toList();

        assertEquals(List.of("4.3.1", "4.3.1"), versions);
    }

    @Test
    void aClassItOnlySeesThroughAnImportIsNotTheSources() throws Exception {
        // The jar's manifest lists a class, but the loader gives the parent's copy: not this plugin's.
        try (IsolatedJar jar = new IsolatedJar(IsolatedJar.jarOf(FileStreamSourceConnector.class),
                "org.example.nothing", "1.0")) {
            assertEquals(List.of(), PluginDiscovery.discover(jar));
        }
    }
}

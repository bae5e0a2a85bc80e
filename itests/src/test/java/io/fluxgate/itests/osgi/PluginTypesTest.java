package io.fluxgate.itests.osgi;

import static io.fluxgate.itests.osgi.PluginDrops.await;
import static io.fluxgate.itests.osgi.PluginDrops.locationOf;
import static io.fluxgate.itests.osgi.PluginDrops.moveIn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.plugins.PluginType;

/**
 * Every kind of Kafka Connect plugin is found in a plain jar dropped into a watched directory: through its KIP-898
 * manifests (test-plugin-all-types), or, in a jar without any, by scanning its classes as Kafka's reflective scan
 * does (test-plugin-scanned), with Kafka's versions and aliases.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginTypesTest {

    private static final String ALL = "io.fluxgate.testplugins.alltypes.";
    private static final String SCANNED = "io.fluxgate.testplugins.scanned.";

    @Inject
    private PluginRegistry registry;

    @Configuration
    public Option[] configuration() throws IOException {
        return PluginDrops.options(1).toArray(Option[]::new);
    }

    @Test
    public void everyPluginTypeIsFoundThroughItsManifest() throws Exception {
        Path dropped = moveIn(PluginDrops.jar("test-plugin-all-types"),
                PluginDrops.watched(0).resolve("all-types-2.0.jar"));
        String location = locationOf(dropped);
        await("all-types listed", () -> listedAt(location).size() == 9);

        // Versioned plugins say theirs; the others (null, Converter's "undefined", not Versioned) take the jar's.
        assertEquals(Set.of(
                new PluginDescriptor(ALL + "AllTypesSourceConnector", PluginType.SOURCE, "2.1.0", location),
                new PluginDescriptor(ALL + "AllTypesSinkConnector", PluginType.SINK, "2.0", location),
                new PluginDescriptor(ALL + "ReverseConverter", PluginType.CONVERTER, "2.0", location),
                new PluginDescriptor(ALL + "ReverseHeaderConverter", PluginType.HEADER_CONVERTER, "2.1.0", location),
                new PluginDescriptor(ALL + "TagTransformation", PluginType.TRANSFORMATION, "2.1.0", location),
                new PluginDescriptor(ALL + "AlwaysPredicate", PluginType.PREDICATE, "2.1.0", location),
                new PluginDescriptor(ALL + "ConstantConfigProvider", PluginType.CONFIG_PROVIDER, "2.0", location),
                new PluginDescriptor(ALL + "NoopRestExtension", PluginType.REST_EXTENSION, "2.1.0", location),
                new PluginDescriptor(ALL + "PermissiveOverridePolicy",
                        PluginType.CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY, "2.1.0", location)),
                Set.copyOf(listedAt(location)));

        // By class name, simple name and pruned name, as Kafka's aliases.
        assertNotNull(registry.load("AllTypesSource", Connector.class, null).newInstance());
        assertNotNull(registry.load("AllTypesSinkConnector", Connector.class, null).newInstance());
        assertNotNull(registry.load("ReverseConverter", Converter.class, null).newInstance());
        try {
            registry.load("Reverse", Converter.class, null);
            fail("ReverseConverter and ReverseHeaderConverter both prune to Reverse: ambiguous, so no alias");
        } catch (PluginNotFoundException expected) {
            // as in Kafka
        }
        assertNotNull(registry.load("ReverseHeaderConverter", HeaderConverter.class, null).newInstance());
        assertNotNull(registry.load("Tag", Transformation.class, null).newInstance());
        assertNotNull(registry.load("Always", Predicate.class, null).newInstance());
        assertNotNull(registry.load("ConstantConfigProvider", ConfigProvider.class, null).newInstance());
        assertNotNull(registry.load("NoopRestExtension", ConnectRestExtension.class, null).newInstance());
        assertNotNull(registry.load("PermissiveOverridePolicy", ConnectorClientConfigOverridePolicy.class, null)
                .newInstance());
        assertEquals("2.1.0", registry.load("AllTypesSource", Connector.class, "[2.1,3)").descriptor().version());
    }

    @Test
    public void aJarWithoutManifestsIsScannedAsKafkaScansIt() throws Exception {
        Path dropped = moveIn(PluginDrops.jar("test-plugin-scanned"), PluginDrops.watched(0).resolve("scanned.jar"));
        String location = locationOf(dropped);
        await("scanned listed", () -> listedAt(location).size() >= 7);

        Set<String> found = listedAt(location).stream().map(d -> d.className() + " " + d.type().restName() + " "
                + d.version()).collect(Collectors.toSet());
        assertEquals(Set.of(
                SCANNED + "ScannedSourceConnector source 3.0.0", // through an abstract base class of the jar
                SCANNED + "ScannedConverter converter 3.0.0",
                SCANNED + "ScannedConverter header_converter 3.0.0",
                SCANNED + "ScannedTransformation$Key transformation undefined", // no version in the name: undefined
                SCANNED + "ScannedTransformation$Value transformation undefined",
                SCANNED + "ScannedPredicate predicate undefined",
                // through the platform's JsonConverter it extends, which says Kafka's version
                SCANNED + "ExtendedJsonConverter converter 4.3.1",
                SCANNED + "ExtendedJsonConverter header_converter 4.3.1"), found);

        assertEquals(PluginType.SOURCE, registry.load("ScannedSource", Connector.class, null).descriptor().type());
        assertNotNull(registry.load(SCANNED + "ScannedTransformation$Key", Transformation.class, null).newInstance());
        // Never plugins: abstract, not public, a config provider without its manifest (Kafka's rule).
        for (String notPlugin : List.of("NotPlugins$AbstractConverter", "NotPlugins$HiddenConverter",
                "NotPlugins$UndeclaredConfigProvider", "ScannedTransformation")) {
            assertFalse(notPlugin, registry.plugins().stream().anyMatch(d -> d.className().equals(SCANNED
                    + notPlugin)));
        }
        try {
            registry.load(SCANNED + "NotPlugins$UndeclaredConfigProvider", ConfigProvider.class, null);
            fail("a config provider is only found through its manifest");
        } catch (PluginNotFoundException expected) {
            // as in Kafka
        }
        // Public and concrete but no no-argument constructor: reported, as Kafka's "Failed to discover" line.
        List<PluginProblem> problems = registry.problems().stream().filter(p -> p.location().equals(location))
                .toList();
        assertEquals(problems.toString(), 1, problems.size());
        assertEquals(PluginProblem.Kind.CLASS_FAILED, problems.get(0).kind());
        assertEquals(SCANNED + "ArgumentConverter", problems.get(0).className());
        assertTrue(problems.get(0).message(), problems.get(0).message().contains("no-args constructor"));
    }

    private List<PluginDescriptor> listedAt(String location) {
        return registry.plugins().stream().filter(d -> d.location().equals(location)).toList();
    }
}

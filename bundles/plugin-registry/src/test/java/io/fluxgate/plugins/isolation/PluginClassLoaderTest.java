package io.fluxgate.plugins.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.plugins.TestJars;
import io.fluxgate.plugins.isolation.fixtures.Greeting;

/**
 * A plugin's class loader against a worker class path (the test's class path): which copy of a class wins, per
 * Apache Kafka Connect's rule, and how resources are found.
 */
class PluginClassLoaderTest {

    private static final String GREETING = Greeting.class.getName().replace('.', '/');

    @TempDir
    Path dir;

    private final WorkerClassPath worker = new WorkerClassPath(getClass().getClassLoader());

    @Test
    void aClassThePluginCarriesIsItsOwnEvenWhenTheWorkerHasOne() throws Exception {
        PluginClassLoader plugin = plugin(Map.of(GREETING + ".class", TestJars.classBytes(Greeting.class)));

        Class<?> loaded = plugin.loadClass(Greeting.class.getName());
        assertSame(plugin, loaded.getClassLoader());
        assertNotSame(Greeting.class, loaded);
    }

    @Test
    void kafkasClassesAreTheWorkersEvenWhenThePluginCarriesACopy() throws Exception {
        String schema = Schema.class.getName().replace('.', '/') + ".class";
        PluginClassLoader plugin = plugin(Map.of(schema, bytesOf(Schema.class)));

        assertSame(Schema.class, plugin.loadClass(Schema.class.getName()));
    }

    @Test
    void aKafkaClassTheWorkerLacksStillComesFromThePlugin() throws Exception {
        // As a plugin carrying an old kafka-clients finds a class that 4.x removed.
        String removed = "org/apache/kafka/common/RemovedInKafka4";
        PluginClassLoader plugin = plugin(Map.of(removed + ".class",
                TestJars.renamed(TestJars.classBytes(Greeting.class), GREETING, removed)));

        Class<?> loaded = plugin.loadClass(removed.replace('/', '.'));
        assertSame(plugin, loaded.getClassLoader());
        assertEquals("hello from org.apache.kafka.common.RemovedInKafka4",
                loaded.getConstructor().newInstance().toString());
    }

    @Test
    void aClassOfTheDefaultPackageLoads() throws Exception {
        PluginClassLoader plugin = plugin(Map.of("TopLevel.class",
                TestJars.renamed(TestJars.classBytes(Greeting.class), GREETING, "TopLevel")));

        assertEquals("hello from TopLevel", plugin.loadClass("TopLevel").getConstructor().newInstance().toString());
    }

    @Test
    void aPackageHasItsJarsImplementationVersion() throws Exception {
        String own = "com/example/own/Versioned";
        Path jar = TestJars.write(dir.resolve("versioned.jar"), Map.of("Implementation-Version", "7.7.7"),
                Map.of(own + ".class", TestJars.renamed(TestJars.classBytes(Greeting.class), GREETING, own)));
        PluginClassLoader plugin = new PluginClassLoader("versioned.jar", new URL[] {jar.toUri().toURL()}, worker);

        assertEquals("7.7.7", plugin.loadClass("com.example.own.Versioned").getPackage().getImplementationVersion());
    }

    @Test
    void resourcesAreThePluginsFirstThenTheWorkers() throws Exception {
        String manifest = "META-INF/services/org.apache.kafka.connect.storage.Converter";
        PluginClassLoader plugin = plugin(Map.of(manifest, "com.example.Own\n".getBytes()));

        assertTrue(plugin.getResource(manifest).toString().contains("plugin.jar!"), plugin.getResource(manifest)
                .toString());
        List<URL> all = Collections.list(plugin.getResources(manifest));
        assertTrue(all.get(0).toString().contains("plugin.jar!"), all.toString());
        // connect-json on the test class path declares JsonConverter: the worker's manifest comes after.
        assertTrue(all.size() > 1, all.toString());
        assertEquals(1, all.stream().filter(url -> url.toString().contains("plugin.jar!")).count(), all.toString());
    }

    @Test
    void theFrameworkAndFluxgateAreNotOnTheWorkerClassPathPluginsSee() throws Exception {
        PluginClassLoader plugin = plugin(Map.of());

        for (String hidden : List.of("org.osgi.framework.Bundle", "io.fluxgate.plugins.isolation.IsolationRule",
                "org.apache.felix.framework.Felix")) {
            assertThrows(ClassNotFoundException.class, () -> plugin.loadClass(hidden), hidden);
        }
        assertEquals(null, plugin.getResource("org/osgi/framework/Bundle.class"));
        assertSame(Schema.class, plugin.loadClass(Schema.class.getName()));
    }

    private PluginClassLoader plugin(Map<String, byte[]> entries) throws Exception {
        Path jar = TestJars.write(dir.resolve("plugin.jar"), Map.of(), new LinkedHashMap<>(entries));
        return new PluginClassLoader("plugin.jar", new URL[] {jar.toUri().toURL()}, worker);
    }

    private static byte[] bytesOf(Class<?> type) throws Exception {
        try (var in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}

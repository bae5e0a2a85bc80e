package io.fluxgate.itests.osgi;

import static io.fluxgate.itests.osgi.PluginDrops.await;
import static io.fluxgate.itests.osgi.PluginDrops.locationOf;
import static io.fluxgate.itests.osgi.PluginDrops.moveIn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * Plugins that embed conflicting versions of one library run side by side, each on its own, in one framework: a
 * connector with Guava 31 delivered as a plugin.path directory (in a second watched directory, as plugin.path
 * entries are), one with Guava 33 in a sloppy uber-jar that also carries copies of connect-api and slf4j-api, and a
 * converter with jackson-databind 2.15 (the platform has another Jackson, which no plugin sees) in a directory copied
 * file by file. No plugin sees another's classes; Kafka's and slf4j's classes always come from the worker class path,
 * and so does what a plugin does not carry (docs/plugin-class-loading.md).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginIsolationTest {

    private static final String GUAVA31 = "io.fluxgate.testplugins.guava31.Guava31SourceConnector";
    private static final String GUAVA33 = "io.fluxgate.testplugins.guava33.Guava33SinkConnector";
    private static final String JACKSON = "io.fluxgate.testplugins.jackson.JacksonMapConverter";
    private static final String SCANNED_SOURCE = "io.fluxgate.testplugins.scanned.ScannedSourceConnector";

    @Inject
    private BundleContext context;

    @Inject
    private PluginRegistry registry;

    @Configuration
    public Option[] configuration() throws IOException {
        return PluginDrops.options(2).toArray(Option[]::new);
    }

    @Test
    public void conflictingLibrariesLiveSideBySideAndNothingLeaks() throws Exception {
        Path guava31 = moveIn(PluginDrops.directory("guava31-plugin"), PluginDrops.watched(1).resolve("guava31-plugin"));
        Path guava33 = moveIn(PluginDrops.jar("test-plugin-guava33"), PluginDrops.watched(0).resolve("guava33.jar"));
        Path jackson = PluginDrops.copy(PluginDrops.directory("jackson-plugin"),
                PluginDrops.watched(0).resolve("jackson-plugin-1.5.0"));
        await("all three listed", () -> listed(GUAVA31) && listed(GUAVA33) && listed(JACKSON));

        PluginClass<Connector> source = registry.load("Guava31Source", Connector.class, null);
        PluginClass<Connector> sink = registry.load("Guava33Sink", Connector.class, null);
        assertEquals(locationOf(guava31), source.descriptor().location());
        assertEquals(locationOf(guava33), sink.descriptor().location());
        assertEquals("31.0.0", source.descriptor().version());
        assertEquals("33.0.0", sink.descriptor().version());

        // Each runs Guava code on its own Guava.
        assertEquals(Map.of("guava.version", "31.1-jre", "joined", "guava,31"), taskConfig(source));
        assertEquals(Map.of("guava.version", "33.4.0-jre", "joined", "guava,33"), taskConfig(sink));
        Class<?> joiner31 = source.loader().loadClass("com.google.common.base.Joiner");
        Class<?> joiner33 = sink.loader().loadClass("com.google.common.base.Joiner");
        assertNotSame(joiner31, joiner33);
        assertSame(source.loader(), joiner31.getClassLoader());
        assertSame(sink.loader(), joiner33.getClassLoader());

        // The directory's jars are its class path, in Kafka's (sorted) order; a bundle without code stands for it.
        assertEquals(List.of("failureaccess-1.0.1.jar", "guava-31.1-jre.jar", "test-plugin-guava31-0.1.0-SNAPSHOT.jar"),
                Arrays.stream(((URLClassLoader) source.loader()).getURLs())
                        .map(url -> url.getPath().substring(url.getPath().lastIndexOf('/') + 1)).toList());
        assertNull("plugin classes are not a bundle's", FrameworkUtil.getBundle(source.type()));
        assertEquals("fluxgate.plugin.guava31-plugin", context.getBundle(locationOf(guava31)).getSymbolicName());

        // No plugin sees another's classes.
        assertCannotLoad(source.loader(), GUAVA33);
        assertCannotLoad(sink.loader(), GUAVA31);
        assertCannotLoad(sink.loader(), JACKSON);
        // What a plugin does not carry comes from the worker class path, as on Apache: one Jackson for the worker's
        // JsonConverter and the plugins that use it.
        Class<?> workerMapper = JsonConverter.class.getClassLoader()
                .loadClass("com.fasterxml.jackson.databind.ObjectMapper");
        assertSame(workerMapper, source.loader().loadClass("com.fasterxml.jackson.databind.ObjectMapper"));
        // Guava is not on the worker class path (it is on the test's): a plugin without it cannot find it.
        assertCannotLoad(converterLoader(), "com.google.common.base.Joiner");

        // Kafka's and slf4j's classes are the platform's, even for the uber-jar that carries its own copies.
        for (ClassLoader plugin : List.of(source.loader(), sink.loader())) {
            assertSame(SinkConnector.class, plugin.loadClass(SinkConnector.class.getName()));
            assertSame(SourceConnector.class, plugin.loadClass(SourceConnector.class.getName()));
            assertSame(org.slf4j.Logger.class, plugin.loadClass("org.slf4j.Logger"));
            assertSame(org.slf4j.LoggerFactory.class, plugin.loadClass("org.slf4j.LoggerFactory"));
        }
        assertTrue(SinkConnector.class.isAssignableFrom(sink.type()));

        // Jackson 2.15 in the plugin (found one level down, in lib/), whatever Jackson the platform has.
        PluginClass<Converter> converter = registry.load("JacksonMapConverter", Converter.class, null);
        assertEquals(locationOf(jackson), converter.descriptor().location());
        assertEquals("1.5.0", converter.descriptor().version());
        Converter jacksonConverter = converter.newInstance();
        assertEquals("jackson-databind 2.15.0", jacksonConverter.toString());
        assertEquals("{\"a\":1}", new String(jacksonConverter.fromConnectData("t", null, Map.of("a", 1))));
        Class<?> platformJackson = JsonConverter.class.getClassLoader()
                .loadClass("com.fasterxml.jackson.databind.cfg.PackageVersion");
        assertNotEquals("2.15.0", platformJackson.getField("VERSION").get(null).toString());

        // Removing a directory removes its plugin.
        PluginDrops.deleteRecursively(guava31);
        await("the Guava 31 directory plugin is gone", () -> !listed(GUAVA31));
        await("its bundle is uninstalled", () -> context.getBundle(locationOf(guava31)) == null);
        assertTrue(listed(GUAVA33));
    }

    /**
     * A plugin directory as Apache Kafka Connect accepts it: a jar with manifests one level down, whose converter
     * reports the Implementation-Version of its jar's manifest and loads a class of the default package, beside a jar
     * without manifests whose plugins Kafka's default hybrid_warn finds by scanning, manifests or not.
     */
    @Test
    public void aPluginDirectoryIsTakenWholeAsApacheTakesIt() throws Exception {
        Path dropped = moveIn(PluginDrops.directory("apache-layout-plugin"),
                PluginDrops.watched(0).resolve("apache-layout-plugin"));
        String location = locationOf(dropped);
        String converter = "io.fluxgate.testplugins.implversion.ImplementationVersionConverter";
        await("its plugins are listed", () -> listed(converter) && listed(SCANNED_SOURCE));

        PluginClass<Converter> implementationVersion = registry.load(converter, Converter.class, null);
        assertEquals(location, implementationVersion.descriptor().location());
        assertEquals("the version its jar's manifest says", "3.1.4", implementationVersion.descriptor().version());
        assertEquals("hello converter from the default package", implementationVersion.newInstance().toString());
        assertEquals(location, registry.load(SCANNED_SOURCE, Connector.class, null).descriptor().location());
        assertSame(implementationVersion.loader(), registry.load(SCANNED_SOURCE, Connector.class, null).loader());

        PluginDrops.deleteRecursively(dropped);
        await("and gone with it", () -> !listed(converter) && !listed(SCANNED_SOURCE));
    }

    @Test
    public void aDirectoryOfClassFilesIsAPluginToo() throws Exception {
        // Kafka's plugin.path layout (c): class files in package layout, here those of a plugin jar unpacked.
        Path staging = PluginDrops.watched(0).resolveSibling("unpacked-staging");
        try (var zip = new java.util.zip.ZipFile(PluginDrops.jar("test-plugin-thread-leak").toFile())) {
            for (var entry : java.util.Collections.list(zip.entries())) {
                Path target = staging.resolve(entry.getName());
                if (entry.isDirectory()) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.createDirectories(target.getParent());
                    java.nio.file.Files.copy(zip.getInputStream(entry), target);
                }
            }
        }
        // Not the thread leak's connector itself: only its manifest and the class file layout matter here.
        Path dropped = java.nio.file.Files.move(staging, PluginDrops.watched(0).resolve("classes-plugin"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        String location = locationOf(dropped);
        await("the class directory is listed", () -> registry.plugins().stream()
                .anyMatch(d -> d.location().equals(location)));
        PluginDrops.deleteRecursively(dropped);
        await("and gone with it", () -> registry.plugins().stream().noneMatch(d -> d.location().equals(location)));
    }

    private ClassLoader converterLoader() {
        return registry.load("JacksonMapConverter", Converter.class, null).loader();
    }

    private boolean listed(String className) {
        return registry.plugins().stream().anyMatch(d -> d.className().equals(className));
    }

    private static Map<String, String> taskConfig(PluginClass<Connector> plugin) {
        Connector connector = plugin.newInstance();
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(plugin.loader());
        try {
            connector.start(Map.of());
            return connector.taskConfigs(1).get(0);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    private static void assertCannotLoad(ClassLoader loader, String className) {
        try {
            Class<?> loaded = loader.loadClass(className);
            assertNull("visible: " + loaded, loaded);
        } catch (ClassNotFoundException expected) {
            return;
        }
        fail(className + " is visible");
    }
}

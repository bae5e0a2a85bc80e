package io.fluxgate.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.felix.fileinstall.ArtifactTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.source.SourceConnector;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.plugins.PluginType;

/**
 * The plugin registry in the shipped platform, with FileInstall watching a plugins directory as in the distribution:
 * the platform's converters and transformations are there from the start, Apache's plain connect-file jar dropped
 * into the directory becomes an isolated bundle whose connectors load by name and alias, and goes away with the file;
 * jars that are not plugins, corrupt or half-copied are never installed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginRegistryTest {

    private static final long TIMEOUT_MS = 20_000;
    private static final String PLUGINS_DIR = "fluxgate.test.plugins";
    private static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

    @Inject
    private BundleContext context;

    @Inject
    private PluginRegistry registry;

    @Inject
    private ArtifactTransformer transformer;

    @Configuration
    public Option[] configuration() throws IOException {
        Path plugins = Files.createTempDirectory(Path.of("target"), "pax-plugins").toRealPath();
        List<Option> options = ShippedPlatform.options();
        options.add(systemProperty(PLUGINS_DIR).value(plugins.toString()));
        // FileInstall as the launcher configures it (FelixContainer.frameworkProperties), on a directory of this test.
        options.add(frameworkProperty("felix.fileinstall.dir").value(plugins.toString()));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.jar"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("500"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.tmpdir").value(plugins.resolveSibling(
                plugins.getFileName() + "-tmp").toString()));
        return options.toArray(Option[]::new);
    }

    private static Path distribution() {
        return ShippedPlatform.distribution();
    }

    /** The connect-file jar the distribution ships in plugins/, as Maven Central has it. */
    private static Path connectFileJar() {
        return distribution().resolve("plugins/connect-file-4.3.1.jar");
    }

    private static Path pluginsDir() {
        return Path.of(System.getProperty(PLUGINS_DIR));
    }

    @Test
    public void thePlatformsPluginsAreThereFromTheStart() {
        List<PluginDescriptor> platform = registry.plugins().stream()
                .filter(d -> d.location().equals("platform")).toList();

        assertTrue(platform.contains(new PluginDescriptor("org.apache.kafka.connect.json.JsonConverter",
                PluginType.CONVERTER, "4.3.1", "platform")));
        assertTrue(platform.contains(new PluginDescriptor("org.apache.kafka.connect.json.JsonConverter",
                PluginType.HEADER_CONVERTER, "4.3.1", "platform")));
        assertTrue(platform.contains(new PluginDescriptor("org.apache.kafka.connect.storage.SimpleHeaderConverter",
                PluginType.HEADER_CONVERTER, "4.3.1", "platform")));
        for (String converter : List.of("ByteArray", "Boolean", "Double", "Float", "Integer", "Long", "Short")) {
            assertTrue(converter, platform.contains(new PluginDescriptor("org.apache.kafka.connect.converters."
                    + converter + "Converter", PluginType.CONVERTER, "4.3.1", "platform")));
        }
        assertTrue(platform.contains(new PluginDescriptor("org.apache.kafka.connect.transforms.RegexRouter",
                PluginType.TRANSFORMATION, "4.3.1", "platform")));
        assertTrue(platform.contains(new PluginDescriptor(
                "org.apache.kafka.connect.transforms.predicates.TopicNameMatches", PluginType.PREDICATE, "4.3.1",
                "platform")));
        // Not Versioned: "undefined", as in Kafka.
        assertTrue(platform.contains(new PluginDescriptor("org.apache.kafka.common.config.provider.FileConfigProvider",
                PluginType.CONFIG_PROVIDER, "undefined", "platform")));

        // As Apache lists its worker class path's plugins: MirrorMaker 2's connectors and connect-runtime's
        // policies too; the embedded broker's jars declare none.
        assertTrue(platform.contains(new PluginDescriptor("org.apache.kafka.connect.mirror.MirrorSourceConnector",
                PluginType.SOURCE, "4.3.1", "platform")));
        Set<String> packages = platform.stream().map(d -> d.className().substring(0, d.className().lastIndexOf('.')))
                .collect(Collectors.toSet());
        assertEquals(Set.of("org.apache.kafka.connect.json", "org.apache.kafka.connect.storage",
                "org.apache.kafka.connect.converters", "org.apache.kafka.connect.transforms",
                "org.apache.kafka.connect.transforms.predicates", "org.apache.kafka.common.config.provider",
                "org.apache.kafka.connect.connector.policy", "org.apache.kafka.connect.mirror",
                "org.apache.kafka.connect.rest.basic.auth.extension"), packages);

        assertEquals("org.apache.kafka.connect.json.JsonConverter",
                registry.load("Json", Converter.class, null).type().getName());
        assertEquals(PluginType.HEADER_CONVERTER,
                registry.load("JsonConverter", HeaderConverter.class, null).descriptor().type());
        assertEquals("org.apache.kafka.connect.converters.ByteArrayConverter",
                registry.load("ByteArray", Converter.class, null).type().getName());
        assertEquals("org.apache.kafka.connect.storage.StringConverter",
                registry.load("StringConverter", Converter.class, "4.3.1").type().getName());
        assertNotNull(registry.load("RegexRouter", Transformation.class, null).newInstance());
        assertNotNull(registry.load("HasHeaderKey", Predicate.class, null).newInstance());
        assertNotNull(registry.load("FileConfigProvider", ConfigProvider.class, null).newInstance());
        // Cast$Key and Cast$Value are both "Key"/"Value": only their full names work, as in Kafka.
        assertNotNull(registry.load("org.apache.kafka.connect.transforms.Cast$Value", Transformation.class, null));
        try {
            registry.load("Value", Transformation.class, null);
            fail("an ambiguous alias");
        } catch (PluginNotFoundException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().startsWith(
                    "Failed to find any class that implements Transformation and which name matches Value"));
        }
    }

    @Test
    public void aPlainConnectorJarDroppedIntoPluginsIsAnIsolatedPluginUntilRemoved() throws Exception {
        Path dropped = pluginsDir().resolve("connect-file-4.3.1.jar");
        String location = locationOf(dropped);
        long started = System.nanoTime();
        moveIn(connectFileJar(), dropped);

        await("connect-file is listed", () -> registry.plugins().stream().anyMatch(d -> d.location().equals(location)));
        System.out.printf("connect-file-4.3.1.jar listed by the registry %d ms after it was moved into plugins/%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        List<PluginDescriptor> listed = registry.plugins().stream().filter(d -> d.location().equals(location)).toList();
        assertEquals(List.of(new PluginDescriptor(SINK, PluginType.SINK, "4.3.1", location),
                new PluginDescriptor(SOURCE, PluginType.SOURCE, "4.3.1", location)), listed);

        for (String name : List.of(SOURCE, "FileStreamSource", "FileStreamSourceConnector")) {
            PluginClass<Connector> source = registry.load(name, Connector.class, null);
            assertEquals(name, SOURCE, source.type().getName());
            assertEquals(PluginType.SOURCE, source.descriptor().type());
            assertEquals("4.3.1", source.descriptor().version());
        }
        for (String name : List.of(SINK, "FileStreamSink", "FileStreamSinkConnector")) {
            assertEquals(PluginType.SINK, registry.load(name, Connector.class, null).descriptor().type());
        }
        assertEquals(PluginType.SOURCE, registry.load("FileStreamSource", SourceConnector.class, "[4.3,4.4)")
                .descriptor().type());

        // Isolated: a class loader of its own over the jar's copy, Kafka's API from the worker class path; the bundle
        // that stands for it has no code, imports and exports nothing.
        PluginClass<Connector> source = registry.load("FileStreamSource", Connector.class, null);
        assertNull(FrameworkUtil.getBundle(source.type()));
        URL[] classPath = ((URLClassLoader) source.loader()).getURLs();
        assertEquals(1, classPath.length);
        assertTrue(classPath[0].toString(), classPath[0].toString().endsWith("/files/connect-file-4.3.1.jar"));
        assertSame(Connector.class, source.loader().loadClass(Connector.class.getName()));
        Bundle bundle = context.getBundle(location);
        assertEquals("fluxgate.plugin.connect-file", bundle.getSymbolicName());
        assertEquals("4.3.1", bundle.getVersion().toString());
        assertEquals(Bundle.ACTIVE, bundle.getState());
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        assertTrue(wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).isEmpty());
        assertTrue(wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).isEmpty());
        Connector connector = source.newInstance();
        assertEquals("4.3.1", connector.version());
        assertSame(source.type(), connector.getClass());

        try {
            registry.load("FileStreamSource", Connector.class, "[5.0,)");
            fail("no such version");
        } catch (PluginNotFoundException expected) {
            assertEquals("Plugin " + SOURCE + " not found that matches the version range [5.0,), available "
                    + "versions: [4.3.1]", expected.getMessage());
        }

        Files.delete(dropped);
        await("connect-file is gone", () -> registry.plugins().stream().noneMatch(d -> d.location().equals(location)));
        await("its bundle is uninstalled", () -> context.getBundle(location) == null);
        try {
            registry.load("FileStreamSource", Connector.class, null);
            fail("removed with its jar");
        } catch (PluginNotFoundException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().startsWith(
                    "Failed to find any class that implements Connector and which name matches FileStreamSource"));
        }
    }

    @Test
    public void jarsThatAreNotPluginsAreNeverInstalled() throws Exception {
        Path library = pluginsDir().resolve("library-1.0.jar");
        Path corrupt = pluginsDir().resolve("corrupt-1.0.jar");
        writeLibraryJar(library);
        Files.write(corrupt, "not a zip".getBytes(StandardCharsets.UTF_8));
        int bundlesBefore = context.getBundles().length;

        Thread.sleep(2_500); // five polls

        assertNull(context.getBundle(locationOf(library)));
        assertNull(context.getBundle(locationOf(corrupt)));
        assertEquals(bundlesBefore, context.getBundles().length);
        assertFalse(transformer.canHandle(corrupt.toFile()));
        File tmp = Files.createTempDirectory(Path.of("target"), "transform").toFile();
        assertNull("a jar without plugins is read, and not installed", transformer.transform(library.toFile(), tmp));
        assertNull("a corrupt jar is not transformed, and nothing is thrown",
                transformer.transform(corrupt.toFile(), tmp));
        assertNotNull(registry.load("Json", Converter.class, null));

        Files.delete(library);
        Files.delete(corrupt);
    }

    @Test
    public void aHalfCopiedJarIsNotInstalledUntilTheCopyIsComplete() throws Exception {
        Path copy = pluginsDir().resolve("connect-file-copy-4.3.1.jar");
        String location = locationOf(copy);
        byte[] whole = Files.readAllBytes(connectFileJar());
        try (OutputStream out = Files.newOutputStream(copy)) {
            out.write(Arrays.copyOf(whole, whole.length / 2));
            out.flush();
            Thread.sleep(2_500); // a copy stalled for five polls: FileInstall sees a stable file
            assertNull("not installed half-copied", context.getBundle(location));
            out.write(whole, whole.length / 2, whole.length - whole.length / 2);
        }
        await("installed once complete",
                () -> registry.plugins().stream().anyMatch(d -> d.location().equals(location)));
        Files.delete(copy);
        await("removed", () -> context.getBundle(location) == null);
    }

    @Test
    public void transformingConnectFileTakesAFractionOfASecond() throws Exception {
        File tmp = Files.createTempDirectory(Path.of("target"), "transform").toFile();
        assertTrue(transformer.canHandle(connectFileJar().toFile()));
        long[] millis = new long[5];
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            File bundle = transformer.transform(connectFileJar().toFile(), tmp);
            millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertNotNull(bundle);
            assertTrue(bundle.delete());
        }
        System.out.println("Transforming connect-file-4.3.1.jar in the framework took (ms): "
                + Arrays.toString(millis));
        assertTrue(Arrays.toString(millis), millis[millis.length - 1] < 2_000);
    }

    /** The location FileInstall installs a file's bundle under. */
    private static String locationOf(Path file) {
        return file.toFile().toURI().normalize().toString();
    }

    /** As a careful user deploys: copy next to the directory, then an atomic move into it. */
    private static void moveIn(Path jar, Path target) throws IOException {
        Path outside = Files.createTempDirectory(Path.of("target"), "staging").resolve(target.getFileName());
        Files.copy(jar, outside);
        Files.move(outside, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeLibraryJar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            jar.putNextEntry(new JarEntry("com/example/Util.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            jar.closeEntry();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within " + TIMEOUT_MS + " ms");
            }
            Thread.sleep(50);
        }
    }
}

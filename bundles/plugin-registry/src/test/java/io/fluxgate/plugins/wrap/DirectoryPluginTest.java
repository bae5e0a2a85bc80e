package io.fluxgate.plugins.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.plugins.PluginHeaders;
import io.fluxgate.plugins.wrap.PlainJarInspector.Judgement;

/**
 * A plugin directory as FileInstall hands it over (a jar of the directory's files): its jars, at any depth, become
 * the bundle class path; a half-copied jar inside keeps it from being installed.
 */
class DirectoryPluginTest {

    private static final Set<String> PLATFORM = Set.of("org.apache.kafka.connect.connector",
            "org.apache.kafka.connect.source", "org.apache.kafka.connect.sink", "org.apache.kafka.common.config",
            "org.apache.kafka.connect.errors", "org.apache.kafka.connect.data", "org.apache.kafka.common.utils",
            "org.apache.kafka.connect.util", "org.apache.kafka.common", "org.apache.kafka.connect.components",
            "org.slf4j");

    @TempDir
    Path dir;

    private final PlainJarInspector inspector = new PlainJarInspector(PlainJarInspectorTest::platformClass,
            (file, judgement) -> { });

    @Test
    void theDirectorysJarsAreItsClassPath() throws Exception {
        Path jared = directoryJar(Files.readAllBytes(TestJars.connectFile()));

        Judgement judgement = inspector.judge(jared.toFile(), true);
        assertEquals(JarVerdict.PLUGIN_DIRECTORY, judgement.verdict());
        assertEquals(List.of("lib/connect-file-4.3.1.jar", "lib/util.jar"), judgement.classPath());

        Path bundle = dir.resolve("file-connectors-4.3.1.bundle.jar");
        PluginBundleName name = BundleWrapper.wrap(jared.toFile(), bundle.toFile(), PLATFORM, judgement.classPath());
        assertEquals("fluxgate.plugin.file-connectors", name.symbolicName());
        try (JarFile jar = new JarFile(bundle.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("lib/connect-file-4.3.1.jar,lib/util.jar", manifest.getValue("Bundle-ClassPath"));
            assertEquals("directory", manifest.getValue(PluginHeaders.SOURCE));
            assertEquals("4.3.1", manifest.getValue(PluginHeaders.PLUGIN_VERSION));
            assertNull(manifest.getValue("Export-Package"));
            String imports = manifest.getValue("Import-Package");
            assertTrue(imports.contains("org.apache.kafka.connect.source"), imports);
            assertEquals("org.apache.kafka.*,org.slf4j,org.slf4j.*", manifest.getValue("DynamicImport-Package"));
        }
    }

    @Test
    void aDirectoryWithAHalfCopiedJarIsUnreadable() throws Exception {
        byte[] whole = Files.readAllBytes(TestJars.connectFile());
        Path jared = directoryJar(Arrays.copyOf(whole, whole.length - 100));
        assertEquals(JarVerdict.UNREADABLE, inspector.judge(jared.toFile(), true).verdict());
    }

    /** What FileInstall makes of a directory {@code file-connectors-4.3.1/} holding {@code lib/*.jar}. */
    private Path directoryJar(byte[] connectorJar) throws Exception {
        Path util = TestJars.write(dir.resolve("util.jar"), Map.of(), Map.of("com/example/Util.class",
                TestJars.classBytes(TestJars.class)));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("lib/connect-file-4.3.1.jar", connectorJar);
        entries.put("lib/util.jar", Files.readAllBytes(util));
        entries.put("README.txt", "read me".getBytes());
        return TestJars.write(dir.resolve("file-connectors-4.3.1.jar"), Map.of(), entries);
    }
}

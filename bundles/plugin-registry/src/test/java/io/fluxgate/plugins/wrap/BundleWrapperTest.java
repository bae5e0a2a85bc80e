package io.fluxgate.plugins.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache's connect-file jar becomes a bundle that keeps its content and exports nothing. */
class BundleWrapperTest {

    private static final Set<String> PLATFORM = Set.of("org.apache.kafka.common", "org.apache.kafka.common.config",
            "org.apache.kafka.common.utils", "org.apache.kafka.clients.consumer", "org.apache.kafka.connect.connector",
            "org.apache.kafka.connect.data", "org.apache.kafka.connect.errors", "org.apache.kafka.connect.sink",
            "org.apache.kafka.connect.source", "org.apache.kafka.connect.storage", "org.slf4j");

    @TempDir
    Path dir;

    @Test
    void wrapsConnectFile() throws Exception {
        Path target = dir.resolve("connect-file-4.3.1.bundle.jar");
        long started = System.nanoTime();
        PluginBundleName name = BundleWrapper.wrap(TestJars.connectFile().toFile(), target.toFile(), PLATFORM);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("Wrapped connect-file-4.3.1.jar in " + millis + " ms (cold JVM)");

        assertEquals(new PluginBundleName("fluxgate.plugin.connect-file", "4.3.1", "4.3.1"), name);
        try (JarFile original = new JarFile(TestJars.connectFile().toFile());
                JarFile bundle = new JarFile(target.toFile())) {
            Attributes manifest = bundle.getManifest().getMainAttributes();
            assertEquals("2", manifest.getValue("Bundle-ManifestVersion"));
            assertEquals("fluxgate.plugin.connect-file", manifest.getValue("Bundle-SymbolicName"));
            assertEquals("4.3.1", manifest.getValue("Bundle-Version"));
            assertNull(manifest.getValue("Export-Package"));
            assertNull(manifest.getValue("Require-Capability"));
            List<String> imports = List.of(manifest.getValue("Import-Package").split(","));
            assertTrue(imports.containsAll(List.of("org.apache.kafka.connect.source", "org.apache.kafka.connect.sink",
                    "org.slf4j")), imports.toString());
            assertTrue(imports.stream().noneMatch(i -> i.startsWith("java.") || i.contains("connect.file")),
                    imports.toString());
            assertTrue(imports.stream().noneMatch(i -> i.contains("optional")), "all from the platform: " + imports);
            for (ZipEntry entry : Collections.list(original.entries())) {
                assertTrue(entry.getName().equals("META-INF/MANIFEST.MF") || bundle.getEntry(entry.getName()) != null,
                        "kept " + entry.getName());
            }
        }
    }

    @Test
    void dropsSignaturesThatNoLongerMatch() throws Exception {
        Path signed = TestJars.write(dir.resolve("signed-1.0.jar"), Map.of(), Map.of(
                "META-INF/SIGNER.SF", new byte[] {1}, "META-INF/SIGNER.RSA", new byte[] {2},
                "META-INF/services/org.apache.kafka.connect.storage.Converter", "x.XConverter\n".getBytes()));
        Path target = dir.resolve("signed-1.0.bundle.jar");

        BundleWrapper.wrap(signed.toFile(), target.toFile(), PLATFORM);

        try (JarFile bundle = new JarFile(target.toFile())) {
            assertNull(bundle.getEntry("META-INF/SIGNER.SF"));
            assertNull(bundle.getEntry("META-INF/SIGNER.RSA"));
            assertFalse(bundle.getEntry("META-INF/services/org.apache.kafka.connect.storage.Converter") == null);
        }
    }
}

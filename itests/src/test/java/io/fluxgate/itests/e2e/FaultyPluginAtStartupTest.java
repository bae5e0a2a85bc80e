package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin bundle that cannot start (here: it imports a package nothing provides) already in plugins/ when the worker
 * starts: the worker starts all the same, healthy, with its other plugins deployed; only the platform's own bundles
 * must start (the launcher refused to start before).
 */
class FaultyPluginAtStartupTest {

    @Test
    void anUnresolvableBundleInPluginsDoesNotKeepTheWorkerFromStarting(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        unresolvableBundle(dist.home.resolve("plugins/unresolvable.jar"));
        try (RunningWorker worker = RunningWorker.start(dist, Map.of())) {
            assertEquals(200, worker.status("/health"));
            assertTrue(worker.body("/connector-plugins").contains("FileStreamSourceConnector"),
                    "the other plugins are deployed");
        }
    }

    private static void unresolvableBundle(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "test.unresolvable");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "com.example.nowhere.to.be.found");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out,
                manifest)) {
            // a manifest is all it takes
        }
    }
}

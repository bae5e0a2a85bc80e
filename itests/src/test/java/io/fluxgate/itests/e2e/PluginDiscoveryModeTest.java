package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's {@code plugin.discovery} (KIP-898) on the assembled distribution, with a plain jar whose plugins have no
 * META-INF/services manifests (test-plugin-scanned) beside Apache's connect-file (which has them): the default finds
 * both (tested by the other tests); {@code hybrid_fail} refuses the jar without manifests and {@code service_load}
 * finds nothing in it, each saying why in the log, while connect-file is listed and the worker healthy.
 */
class PluginDiscoveryModeTest {

    @Test
    void hybridFailRefusesAJarWithoutManifestsAndKeepsTheOthers(@TempDir Path dir) throws Exception {
        String log = startWith(dir, "hybrid_fail");
        assertTrue(log.contains("which plugin.discovery=hybrid_fail refuses"), log);
        assertTrue(log.contains("io.fluxgate.testplugins.scanned.ScannedSourceConnector"), log);
    }

    @Test
    void serviceLoadFindsPluginsOnlyThroughManifests(@TempDir Path dir) throws Exception {
        String log = startWith(dir, "service_load");
        assertTrue(log.contains("plugin.discovery=service_load finds plugins only through them"), log);
    }

    /** Starts a worker with the scanned plugin in plugins/ and {@code mode}; answers its log once it is healthy. */
    private static String startWith(Path dir, String mode) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        Files.copy(scannedPlugin(), dist.home.resolve("plugins/scanned.jar"));
        try (RunningWorker worker = RunningWorker.start(dist, Map.of("plugin.discovery", mode))) {
            String plugins = worker.body("/connector-plugins?connectorsOnly=false");
            assertTrue(plugins.contains("FileStreamSourceConnector"), plugins);
            assertFalse(plugins.contains("Scanned"), plugins);
            return Files.readString(dist.home.resolve("logs/connect.log"));
        }
    }

    private static Path scannedPlugin() throws Exception {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("fluxgate.test.plugins"), "jars"))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("test-plugin-scanned-")).findFirst()
                    .orElseThrow();
        }
    }
}

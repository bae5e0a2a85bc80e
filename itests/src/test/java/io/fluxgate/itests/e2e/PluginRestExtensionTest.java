package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rest.extension.classes} naming an extension installed as a plugin (in plugins/), as Kafka Connect also finds
 * extensions on its plugin path: the REST server waits for plugins/ to be deployed, then serves with the extension
 * registered. An extension that is nowhere stops the start, naming it. A metrics reporter a connector names for its
 * producer is found in the connector's plugin.
 */
class PluginRestExtensionTest {

    private static final String EXTENSION = "io.fluxgate.testplugins.alltypes.NoopRestExtension";
    private static final Path ALL_TYPES = Path.of(System.getProperty("fluxgate.test.plugins", "target/test-plugins"),
            "jars");
    private RunningWorker worker;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void anExtensionFromPluginsIsRegisteredOnceTheyAreDeployed(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        try (var jars = Files.list(ALL_TYPES)) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("test-plugin-all-types")).findFirst()
                    .orElseThrow();
            Files.copy(jar, dist.home.resolve("plugins").resolve(jar.getFileName()));
        }
        worker = RunningWorker.setup(dist).set("rest.extension.classes", EXTENSION).start();
        String log = Files.readString(dist.home.resolve("logs/connect.log"));
        assertTrue(log.contains("REST extension " + EXTENSION + " registered"), "the extension is registered");

        // A class a connector names for its clients is found in its plugin, as Apache finds it: the clients are
        // built with the connector's class loader as context loader.
        Path marker = dir.resolve("reporter-marker");
        new ConnectRest(worker.base).create("reported", Map.of("connector.class",
                "io.fluxgate.testplugins.alltypes.AllTypesSourceConnector",
                "producer.override.metric.reporters", "io.fluxgate.testplugins.alltypes.MarkerReporter",
                "producer.override.marker.file", marker.toString()));
        long reporterDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(marker) && System.nanoTime() < reporterDeadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(marker), "the task's producer loaded the plugin's reporter; log: "
                + Files.readString(dist.home.resolve("logs/connect.log")));
    }

    @Test
    void anExtensionThatIsNowhereStopsTheStart(@TempDir Path dir) throws Exception {
        RunningWorker.FailedStart start = RunningWorker.setup(Distribution.copyInto(dir))
                .set("rest.extension.classes", EXTENSION).startExpectingFailure();
        assertEquals(1, start.exitStatus());
        assertTrue(start.stderr().contains("Fluxgate cannot start: REST extension")
                && start.stderr().contains(EXTENSION), start.stderr());
    }
}

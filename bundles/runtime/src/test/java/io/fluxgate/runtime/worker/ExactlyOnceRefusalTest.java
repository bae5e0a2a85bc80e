package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;

/**
 * A source connector stored with {@code exactly.once.support=required} (as an Apache cluster with exactly-once
 * enabled writes it to the config topic, where no validation of this worker stands in the way) fails with the reason
 * instead of running at least once: its connector instance and each of its tasks. A connector that only requests it
 * runs, at least once, as on an Apache worker without exactly-once support.
 */
class ExactlyOnceRefusalTest {

    @TempDir
    Path dir;

    private static Map<String, String> fileSource(String exactlyOnceSupport) {
        return Map.of("name", "src", "connector.class", "FileStreamSource", "file", "/tmp/none.txt", "topic", "t",
                "exactly.once.support", exactlyOnceSupport);
    }

    @Test
    void aConnectorThatRequiresExactlyOnceFailsAtStartAndSoDoItsTasks() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "offset.storage.file.filename", dir.resolve("offsets").toString(), "fluxgate.mode", "standalone"));
        ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins();
        try (Worker worker = WorkerAssembly.of(WorkerSettings.of(settings), registry,
                new MemoryOffsetBackingStore()).worker()) {
            worker.start();
            CompletableFuture<Throwable> connectorFailure = new CompletableFuture<>();
            CompletableFuture<Throwable> started = new CompletableFuture<>();
            worker.startConnector("src", fileSource("required"), name -> { }, failures(connectorFailure),
                    TargetState.STARTED, started::complete);
            String reason = connectorFailure.get(10, TimeUnit.SECONDS).getMessage();
            assertEquals("Connector src requires exactly-once delivery (exactly.once.support=required), which this "
                    + "worker does not provide: Kafka Connect in standalone mode does not support exactly-once "
                    + "source connectors.", reason);
            assertFalse(worker.isRunning("src"));

            CompletableFuture<Throwable> taskFailure = new CompletableFuture<>();
            assertFalse(worker.startTask(new ConnectorTaskId("src", 0), fileSource("required"),
                    Map.of("task.class", "org.apache.kafka.connect.file.FileStreamSourceTask"), failures(taskFailure),
                    TargetState.STARTED));
            assertTrue(taskFailure.get(10, TimeUnit.SECONDS).getMessage().startsWith("Connector src requires "
                    + "exactly-once delivery"));

            CompletableFuture<Throwable> requested = new CompletableFuture<>();
            worker.startConnector("requested", fileSource("requested"), name -> { }, StatusListener.ignoring(),
                    TargetState.STARTED, requested::complete);
            assertEquals(null, requested.get(10, TimeUnit.SECONDS), "requested: runs at least once, as on Apache");
            assertTrue(worker.isRunning("requested"));
        }
    }

    private static <K> StatusListener<K> failures(CompletableFuture<Throwable> failure) {
        return new StatusListener<>() {
            @Override public void onStartup(K id) { }
            @Override public void onResume(K id) { }
            @Override public void onPause(K id) { }
            @Override public void onStop(K id) { }
            @Override public void onFailure(K id, Throwable cause) {
                failure.complete(cause);
            }
            @Override public void onShutdown(K id) { }
            @Override public void onStalled(K id, String reason) { }
            @Override public void onStallEnded(K id) { }
            @Override public void onStalledStarting(K id, String reason) { }
        };
    }
}

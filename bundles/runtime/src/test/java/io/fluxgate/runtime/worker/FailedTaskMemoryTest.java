package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.testing.RecordingStatusListener;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.Hoarding;

/**
 * A task whose thread ended (FAILED by an Error, or by its plugin's own exception) holds nothing of its plugin's any
 * longer, while the worker still lists it FAILED until it is restarted or deleted: its plugin task instance, the
 * array that instance kept in a field, and its converters (each keeping an array too) become unreachable at once. A
 * weak reference to each is cleared after a GC. On the code before (the worker's failed task holding its parts until
 * deleted), every one of them stays reachable.
 */
class FailedTaskMemoryTest {

    private static final ConnectorTaskId ID = new ConnectorTaskId("hoard", 0);
    private static final Duration RELEASED_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Worker worker;
    private final RecordingStatusListener listener = new RecordingStatusListener();
    private final List<String> reported = listener.statuses();

    @BeforeEach
    void startWorker() {
        Hoarding.TRACKED.clear();
        Map<String, String> settings = Map.of("bootstrap.servers", "127.0.0.1:1",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                "offset.storage.file.filename", dir.resolve("offsets").toString(), "fluxgate.mode", "standalone",
                "offset.flush.interval.ms", "100", "task.shutdown.graceful.timeout.ms", "5000");
        worker = WorkerAssembly.of(WorkerSettings.of(settings),
                ClasspathPluginRegistry.withApachePlugins(Hoarding.SourceConnector.class,
                        Hoarding.SinkConnector.class, Hoarding.Converter.class),
                new MemoryOffsetBackingStore()).worker();
        worker.start();
    }

    @AfterEach
    void stopWorker() {
        worker.close();
        Hoarding.TRACKED.clear();
    }

    @Test
    void aSourceTaskFailedByAnErrorInPollHoldsNothingOfItsPlugin() {
        assertFailedTaskReleasesItsPlugin(Hoarding.SourceConnector.class, "error", "hoarded in poll()");
    }

    @Test
    void aSourceTaskFailedByItsPluginsOwnExceptionHoldsNothingOfItsPlugin() {
        assertFailedTaskReleasesItsPlugin(Hoarding.SourceConnector.class, "exception",
                "the plugin's own failure in poll()");
    }

    @Test
    void aSinkTaskFailedByAnErrorInPutHoldsNothingOfItsPlugin() {
        assertFailedTaskReleasesItsPlugin(Hoarding.SinkConnector.class, "error", "hoarded in put()");
    }

    private void assertFailedTaskReleasesItsPlugin(Class<?> connector, String fail, String cause) {
        startAndAwaitFailure(connector, fail, cause);
        assertEquals(Set.of(ID), worker.taskIds(), "the failed task stays listed");
        assertEquals(List.of("instance", "array"), Hoarding.TRACKED.stream()
                .filter(t -> t.what().contains("task ")).map(t -> t.what().replaceAll(".* ", "")).toList(),
                "the plugin allocated");
        assertEquals(2, Hoarding.TRACKED.stream().filter(t -> t.what().contains("converter instance")).count());

        long started = System.nanoTime();
        List<String> reachable = List.of();
        while (System.nanoTime() - started < RELEASED_WITHIN.toNanos()) {
            System.gc();
            reachable = Hoarding.TRACKED.stream().filter(Hoarding.Tracked::reachable).map(Hoarding.Tracked::what)
                    .toList();
            if (reachable.isEmpty()) {
                break;
            }
            sleep(100);
        }
        System.out.printf("%s: what its plugin holds unreachable %d ms after FAILED, still reachable: %s%n", cause,
                (System.nanoTime() - started) / 1_000_000, reachable);
        assertEquals(List.of(), reachable, "what the failed task's plugin holds is released");

        // Still FAILED for the worker, with its metrics, and restarted and deleted as before.
        assertEquals(Set.of(ID), worker.taskIds());
        assertEquals("failed", taskStatusMetric());
        long stopping = System.nanoTime();
        worker.stopAndAwaitTasks(List.of(ID));
        long stopMs = (System.nanoTime() - stopping) / 1_000_000;
        assertTrue(stopMs < 500, "the stop of the failed task answered in " + stopMs + " ms");
        assertEquals(Set.of(), worker.taskIds());
        reported.clear();
        startAndAwaitFailure(connector, fail, cause);
        worker.stopAndAwaitTasks(List.of(ID));
        assertEquals(Set.of(), worker.taskIds());
        assertFalse(statusMetricRegistered(), "the deleted task's metrics are removed");
    }

    private void startAndAwaitFailure(Class<?> connector, String fail, String cause) {
        Map<String, String> config = new HashMap<>(Map.of("name", ID.connector(),
                "connector.class", connector.getName(), "fail", fail, "topics", "hoarded",
                "key.converter", Hoarding.Converter.class.getName(),
                "value.converter", Hoarding.Converter.class.getName()));
        Map<String, String> taskConfig = new HashMap<>(config);
        taskConfig.put("task.class", connector == Hoarding.SinkConnector.class ? Hoarding.SinkTask.class.getName()
                : Hoarding.SourceTask.class.getName());
        assertTrue(worker.startTask(ID, config, taskConfig, listener, TargetState.STARTED));
        Await.until("the task is FAILED", Duration.ofSeconds(30), () -> listener.has("failed"));
        Throwable failed = listener.failure();
        String failure = failed + (failed.getCause() == null ? "" : " caused by " + failed.getCause());
        assertTrue(failure.contains(cause), failure);
    }

    private static ObjectName taskMetrics() throws Exception {
        return new ObjectName("kafka.connect:type=connector-task-metrics,connector=" + ID.connector() + ",task="
                + ID.task());
    }

    private static String taskStatusMetric() {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().getAttribute(taskMetrics(), "status"));
        } catch (Exception e) {
            throw new AssertionError("no status of the task's metrics", e);
        }
    }

    private static boolean statusMetricRegistered() {
        try {
            return ManagementFactory.getPlatformMBeanServer().isRegistered(taskMetrics());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}

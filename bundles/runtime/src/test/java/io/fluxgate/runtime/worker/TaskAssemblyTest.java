package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.connect.errors.ConnectException;
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
import io.fluxgate.runtime.testing.plugins.HangingConverter;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * A task's assembly (its converters' and transformations' {@code configure()}) runs on the task's own thread, not on
 * the caller's (the herder's): {@code startTask} answers at once even when a converter hangs in {@code configure()},
 * deaf to interrupts, and the task being assembled is present (no second start, listed, stopped as any task), its
 * failure at the deadline reported as before; stopped while assembled, it is closed without running and reports
 * nothing. A stop the caller does not wait for ({@link Worker#stopTasks}) answers at once, and the next generation's
 * assembly waits instead until the old one stopped or was abandoned.
 */
class TaskAssemblyTest {

    private static final ConnectorTaskId ID = new ConnectorTaskId("assembled", 0);
    private static final String CONFIGURE_THREAD = "task-assembled-0-configure() of its converters";
    private static final String TASK_THREAD = "task-thread-assembled-0";

    @TempDir
    Path dir;
    private Worker worker;
    private final RecordingStatusListener listener = new RecordingStatusListener();
    private final List<String> reported = listener.statuses();

    @BeforeEach
    void startWorker() {
        HangingConverter.RELEASE = new CountDownLatch(1);
        Map<String, String> settings = Map.of("bootstrap.servers", "127.0.0.1:1",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                "offset.storage.file.filename", dir.resolve("offsets").toString(), "fluxgate.mode", "standalone",
                "fluxgate.connector.call.timeout.ms", "3000", "task.shutdown.graceful.timeout.ms", "5000");
        worker = WorkerAssembly.of(WorkerSettings.of(settings),
                ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class, HangingConverter.class),
                new MemoryOffsetBackingStore()).worker();
        worker.start();
    }

    @AfterEach
    void stopWorker() {
        HangingConverter.RELEASE.countDown();
        worker.close();
    }

    private boolean start(TargetState initialState) {
        return worker.startTask(ID, Map.of("name", "assembled", "connector.class", "TestSourceConnector",
                "mode", "idle", "value.converter", HangingConverter.class.getName()),
                Map.of("task.class", TestSourceConnector.TestSourceTask.class.getName(), "mode", "idle"),
                listener, initialState);
    }

    @Test
    void aTaskHungInAssemblyHoldsNotTheCallerIsPresentAndFailsAtTheDeadlineNamingTheCall() throws Exception {
        long started = System.nanoTime();
        assertTrue(start(TargetState.STARTED));
        assertAnsweredWithin(started, 500, "startTask");
        Await.until("the converter's configure() is called", Duration.ofSeconds(10),
                () -> threadAlive(CONFIGURE_THREAD));
        assertEquals(Set.of(ID), worker.taskIds(), "a task being assembled is one of the worker's");
        assertEquals("Task already exists in this worker: assembled-0",
                assertThrows(ConnectException.class, () -> start(TargetState.STARTED)).getMessage());
        assertEquals(List.of(), reported);
        Await.until("the task is failed", Duration.ofSeconds(15), () -> !reported.isEmpty());
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(List.of("failed"), reported);
        assertTrue(listener.failure().getMessage().startsWith("Task assembled-0 did not return from configure() of "
                + "its converters within 3000 ms"), listener.failure().getMessage());
        assertTrue(tookMs >= 2_900 && tookMs < 10_000, "failed after " + tookMs + " ms");
        assertEquals(Set.of(), worker.taskIds());
    }

    @Test
    void aTaskStoppedWhileBeingAssembledIsClosedWithoutRunningAndReportsNothing() throws Exception {
        assertTrue(start(TargetState.STARTED));
        Await.until("the converter's configure() is called", Duration.ofSeconds(10),
                () -> threadAlive(CONFIGURE_THREAD));
        long stopping = System.nanoTime();
        worker.stopAndAwaitTasks(List.of(ID));
        assertAnsweredWithin(stopping, 1_500, "the stop");
        assertEquals(Set.of(), worker.taskIds());
        HangingConverter.RELEASE.countDown(); // configure() returns before its deadline: the assembly completes
        Await.until("the assembled task's thread ends", Duration.ofSeconds(10), () -> !threadAlive(TASK_THREAD));
        assertEquals(List.of(), reported, "closed without running, it reported nothing");

        // The worker then starts it afresh, and it runs.
        assertTrue(start(TargetState.STARTED));
        Await.until("the new task runs", Duration.ofSeconds(10), () -> reported.contains("running"));
    }

    @Test
    void aTaskPausedWhileBeingAssembledStartsPaused() throws Exception {
        assertTrue(start(TargetState.STARTED));
        Await.until("the converter's configure() is called", Duration.ofSeconds(10),
                () -> threadAlive(CONFIGURE_THREAD));
        worker.setTargetState("assembled", TargetState.PAUSED, error -> { });
        HangingConverter.RELEASE.countDown();
        Await.until("the task is paused", Duration.ofSeconds(10), () -> reported.contains("paused"));
        assertTrue(!reported.contains("running"), reported.toString());
    }

    private boolean startSource(String mode) {
        return worker.startTask(ID, Map.of("name", "assembled", "connector.class", "TestSourceConnector",
                "mode", mode), Map.of("task.class", TestSourceConnector.TestSourceTask.class.getName(), "mode", mode),
                listener, TargetState.STARTED);
    }

    @Test
    void aRestartDoesNotWaitForATaskHungInStopItsNextGenerationDoes() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        try {
            assertTrue(startSource("hang-stop"));
            Await.until("the task runs", Duration.ofSeconds(10), () -> reported.contains("running"));
            long stopping = System.nanoTime();
            worker.stopTasks(List.of(ID));
            assertTrue(startSource("hang-stop"));
            assertAnsweredWithin(stopping, 300, "the stop and the next start");
            Await.until("the next generation runs", Duration.ofSeconds(10),
                    () -> reported.stream().filter("running"::equals).count() == 2);
            long tookMs = (System.nanoTime() - stopping) / 1_000_000;
            assertTrue(tookMs >= 900, "the next generation ran " + tookMs + " ms after the stop, before the old one, "
                    + "hung in stop(), was abandoned");
            assertEquals(List.of("running", "running"), reported, "the old generation reports nothing more");
        } finally {
            TestSourceConnector.RELEASE.countDown();
        }
    }

    @Test
    void aHealthyTaskStoppedWithoutWaitingStopsBeforeItsNextGenerationRuns() throws Exception {
        assertTrue(startSource("idle"));
        Await.until("the task runs", Duration.ofSeconds(10), () -> reported.contains("running"));
        long stopping = System.nanoTime();
        worker.stopTasks(List.of(ID));
        assertTrue(startSource("idle"));
        Await.until("the next generation runs", Duration.ofSeconds(10),
                () -> reported.stream().filter("running"::equals).count() == 2);
        assertAnsweredWithin(stopping, 900, "the next generation's start, its predecessor stopped");
        assertEquals(List.of("running", "running"), reported, "the old generation reports nothing more");
        assertEquals(1, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(TASK_THREAD)).count(), "the old task's thread ended");
    }

    private static void assertAnsweredWithin(long startedNanos, long limitMs, String what) {
        long tookMs = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.printf("%s answered in %d ms%n", what, tookMs);
        assertTrue(tookMs < limitMs, what + " answered in " + tookMs + " ms");
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }

}

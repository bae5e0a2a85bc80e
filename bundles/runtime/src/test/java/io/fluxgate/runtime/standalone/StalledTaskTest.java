package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.management.ObjectName;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.RecordingSinkConnector;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * "Status tells the truth": a task that is RUNNING but makes no progress while it has work (a source hung in poll, a
 * sink hung in put, a sink whose every batch is refused) is reported stalled within a few seconds of
 * {@code fluxgate.task.stall.timeout.ms}, in its status trace (state RUNNING) and its metrics; the healthy pipeline
 * beside it keeps copying; and once the plugin moves again the stall clears.
 */
class StalledTaskTest {

    private static final long STALL_TIMEOUT_MS = 1_500;
    /** The timeout, plus the watch's period (half the timeout here), plus slack for a loaded 2-core machine. */
    private static final Duration REPORTED_WITHIN = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static StandaloneHerder herder;
    static Path input;
    static Path output;

    @BeforeAll
    static void startWorkerWithAHealthyPipeline() throws Exception {
        input = dir.resolve("in.txt");
        output = dir.resolve("out.txt");
        Files.writeString(input, "first\n");
        herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class,
                RecordingSinkConnector.class), TestHerders.settings(dir.resolve("offsets"),
                "task.shutdown.graceful.timeout.ms", "1000",
                "fluxgate.task.stall.timeout.ms", Long.toString(STALL_TIMEOUT_MS)));
        put("healthy-source", Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                "topic", "stall-healthy"));
        put("healthy-sink", Map.of("connector.class", "FileStreamSink", "file", output.toString(),
                "topics", "stall-healthy"));
        Await.until("the healthy pipeline copies", Duration.ofSeconds(30), () -> lines(output).contains("first"));
    }

    @AfterAll
    static void stop() {
        TestSourceConnector.RELEASE.countDown();
        RecordingSinkConnector.RELEASE.countDown();
        herder.close();
    }

    private static void put(String name, Map<String, String> config) throws Exception {
        herder.putConnectorConfig(name, config, null, false).toCompletableFuture().get();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static InstanceState task(String connector) {
        return herder.connectorStatus(connector).tasks().get(0);
    }

    private static boolean stalled(String connector) {
        var tasks = herder.connectorStatus(connector).tasks();
        return !tasks.isEmpty() && tasks.get(0).state() == State.RUNNING && tasks.get(0).trace() != null;
    }

    /** Reported stalled within {@link #REPORTED_WITHIN}, its trace starting with {@code reason}: the trace. */
    private static String awaitStalled(String connector, String reason) {
        long started = System.nanoTime();
        Await.until(connector + " is reported stalled", REPORTED_WITHIN, () -> stalled(connector));
        System.out.printf("%s reported stalled %d ms after the wait began%n", connector,
                (System.nanoTime() - started) / 1_000_000);
        InstanceState task = task(connector);
        assertEquals(State.RUNNING, task.state(), "a stalled task stays RUNNING");
        assertTrue(task.trace().startsWith(reason), task.trace());
        assertTrue(task.trace().contains("(fluxgate.task.stall.timeout.ms), since 20"), task.trace());
        assertEquals(State.RUNNING, herder.connectorStatus(connector).connector().state());
        return task.trace();
    }

    private static void awaitNoLongerStalled(String connector) {
        Await.until(connector + " is no longer stalled", REPORTED_WITHIN, () -> !stalled(connector));
        assertEquals(State.RUNNING, task(connector).state());
        assertNull(task(connector).trace());
        assertEquals(0.0, taskMetric(connector, "stalled-time-ms"));
    }

    private static double taskMetric(String connector, String attribute) {
        return metric("kafka.connect:type=connector-task-metrics,connector=" + connector + ",task=0", attribute);
    }

    private static double metric(String mbean, String attribute) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(mbean),
                    attribute)).doubleValue();
        } catch (Exception e) {
            throw new AssertionError("No attribute " + attribute + " of " + mbean, e);
        }
    }

    private static void assertHealthyPipelineStillCopies(String line) throws Exception {
        Files.writeString(input, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Await.until("'" + line + "' is copied", Duration.ofSeconds(30), () -> lines(output).contains(line));
        assertEquals(State.RUNNING, task("healthy-source").state());
        assertNull(task("healthy-source").trace(), "the healthy source is not stalled");
        assertEquals(State.RUNNING, task("healthy-sink").state());
        assertNull(task("healthy-sink").trace(), "the healthy sink is not stalled");
    }

    @Test
    void aSourceHungInPollIsReportedStalledUntilPollReturns() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        put("hangs-in-poll", Map.of("connector.class", "TestSourceConnector", "mode", "hang-poll"));
        awaitStalled("hangs-in-poll", "Stalled: poll() has not returned for over 1.5 s");
        assertTrue(taskMetric("hangs-in-poll", "stalled-time-ms") >= STALL_TIMEOUT_MS);
        assertEquals(1.0, metric("kafka.connect:type=connect-worker-metrics,connector=hangs-in-poll",
                "connector-stalled-task-count"));
        assertEquals(1.0, metric("kafka.connect:type=connect-worker-metrics", "stalled-task-count"));
        assertHealthyPipelineStillCopies("beside a source hung in poll");

        TestSourceConnector.RELEASE.countDown();
        awaitNoLongerStalled("hangs-in-poll");
        assertEquals(0.0, metric("kafka.connect:type=connect-worker-metrics", "stalled-task-count"));
        herder.deleteConnector("hangs-in-poll").toCompletableFuture().get();
    }

    @Test
    void aTaskHungInStartIsSeenUnassignedWithTheStallUntilStartReturns() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        put("hangs-in-start", Map.of("connector.class", "TestSourceConnector", "mode", "hang-task-start"));
        long started = System.nanoTime();
        // Until start() returns, the task has no status of its own: reported once past the stall timeout.
        Await.until("the task hung in start() is seen", REPORTED_WITHIN,
                () -> !herder.connectorStatus("hangs-in-start").tasks().isEmpty());
        System.out.printf("hangs-in-start seen %d ms after its creation%n", (System.nanoTime() - started) / 1_000_000);
        InstanceState task = task("hangs-in-start");
        assertEquals(State.UNASSIGNED, task.state(), "not running yet");
        assertEquals(herder.connectorStatus("healthy-source").tasks().get(0).workerId(), task.workerId());
        assertTrue(task.trace().startsWith("Stalled: initialize() or start() has not returned for over 1.5 s "
                + "(fluxgate.task.stall.timeout.ms), since 20"), task.trace());
        assertTrue(taskMetric("hangs-in-start", "stalled-time-ms") >= STALL_TIMEOUT_MS);
        assertEquals(1.0, metric("kafka.connect:type=connect-worker-metrics,connector=hangs-in-start",
                "connector-stalled-task-count"));
        assertHealthyPipelineStillCopies("beside a source hung in start");

        TestSourceConnector.RELEASE.countDown();
        Await.until("the started task runs", REPORTED_WITHIN, () -> task("hangs-in-start").state() == State.RUNNING);
        assertNull(task("hangs-in-start").trace());
        assertEquals(0.0, taskMetric("hangs-in-start", "stalled-time-ms"));
        assertEquals(0.0, metric("kafka.connect:type=connect-worker-metrics", "stalled-task-count"));
        herder.deleteConnector("hangs-in-start").toCompletableFuture().get();
    }

    @Test
    void aSinkHungInPutIsReportedStalledUntilPutReturns() throws Exception {
        RecordingSinkConnector.RELEASE = new CountDownLatch(1);
        put("hangs-in-put", Map.of("connector.class", "RecordingSinkConnector", "mode", "hang-put",
                "topics", "stall-healthy"));
        awaitStalled("hangs-in-put", "Stalled: put() has not returned for over 1.5 s");
        assertTrue(taskMetric("hangs-in-put", "stalled-time-ms") >= STALL_TIMEOUT_MS);
        assertHealthyPipelineStillCopies("beside a sink hung in put");

        RecordingSinkConnector.RELEASE.countDown();
        awaitNoLongerStalled("hangs-in-put");
        Await.until("the released sink got the records", Duration.ofSeconds(10),
                () -> RecordingSinkConnector.received("hangs-in-put").contains("first"));
        herder.deleteConnector("hangs-in-put").toCompletableFuture().get();
    }

    @Test
    void aSinkWhoseBatchesAreAllRefusedIsReportedStalledWithTheRecordsWaiting() throws Exception {
        RecordingSinkConnector.RELEASE = new CountDownLatch(1);
        put("refuses", Map.of("connector.class", "RecordingSinkConnector", "mode", "refuse-until-released",
                "topics", "stall-healthy"));
        // put() returns at once (it throws a RetriableException each time): no call hangs, yet nothing moves.
        String trace = awaitStalled("refuses", "Stalled: ");
        assertTrue(trace.matches("Stalled: [0-9,]+ records? waits? and no put\\(\\) has taken any for over 1\\.5 s .*"),
                trace);
        assertHealthyPipelineStillCopies("beside a sink whose database is down");

        RecordingSinkConnector.RELEASE.countDown();
        awaitNoLongerStalled("refuses");
        herder.deleteConnector("refuses").toCompletableFuture().get();
    }

    @Test
    void aPausedSinkWithRecordsWaitingIsPausedNotStalled() throws Exception {
        put("paused-sink", Map.of("connector.class", "RecordingSinkConnector", "topics", "stall-healthy"));
        Await.until("the sink runs", Duration.ofSeconds(30), () -> !herder.connectorStatus("paused-sink").tasks()
                .isEmpty() && task("paused-sink").state() == State.RUNNING);
        herder.pauseConnector("paused-sink").toCompletableFuture().get();
        Await.until("the sink is paused", Duration.ofSeconds(10), () -> task("paused-sink").state() == State.PAUSED);
        // Records arrive that the paused sink does not take: lag, and no put, for well over the stall timeout.
        assertHealthyPipelineStillCopies("while a sink is paused");
        Thread.sleep(3 * STALL_TIMEOUT_MS);
        assertEquals(State.PAUSED, task("paused-sink").state());
        assertNull(task("paused-sink").trace(), "paused, not stalled");
        assertEquals(0.0, taskMetric("paused-sink", "stalled-time-ms"));

        herder.resumeConnector("paused-sink").toCompletableFuture().get();
        Await.until("the resumed sink takes the records", Duration.ofSeconds(30),
                () -> RecordingSinkConnector.received("paused-sink").contains("while a sink is paused"));
        assertEquals(State.RUNNING, task("paused-sink").state());
        assertNull(task("paused-sink").trace(), "running, not stalled");
        herder.deleteConnector("paused-sink").toCompletableFuture().get();
    }
}

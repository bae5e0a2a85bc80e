package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.FailingSinkConnector;
import io.fluxgate.runtime.testing.plugins.FailingTransformation;
import io.fluxgate.runtime.testing.plugins.HangingConverter;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * One worker, many connectors: whatever one connector does wrong (a task throwing in poll or put, a connector
 * throwing in start, a task hung in stop, an unknown class, an invalid configuration), the others keep running and
 * the failure is reported where Kafka Connect reports it. Also the lifecycle operations of the herder.
 */
class FailureIsolationTest {

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
                FailingSinkConnector.class, HangingConverter.class, FailingTransformation.class),
                TestHerders.settings(dir.resolve("offsets"),
                "task.shutdown.graceful.timeout.ms", "1000", "fluxgate.connector.call.timeout.ms", "2000"));
        put("healthy-source", Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                "topic", "healthy"));
        put("healthy-sink", Map.of("connector.class", "FileStreamSink", "file", output.toString(),
                "topics", "healthy"));
        Await.until("the healthy pipeline copies", Duration.ofSeconds(30), () -> lines(output).contains("first"));
    }

    @AfterAll
    static void stop() {
        TestSourceConnector.RELEASE.countDown();
        HangingConverter.RELEASE.countDown();
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

    private static void assertHealthyPipelineStillCopies(String line) throws Exception {
        Files.writeString(input, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Await.until("'" + line + "' is copied", Duration.ofSeconds(30), () -> lines(output).contains(line));
        assertEquals(State.RUNNING, herder.connectorStatus("healthy-source").tasks().get(0).state());
        assertEquals(State.RUNNING, herder.connectorStatus("healthy-sink").tasks().get(0).state());
    }

    private static State taskState(String connector) {
        var tasks = herder.connectorStatus(connector).tasks();
        return tasks.isEmpty() ? null : tasks.get(0).state();
    }

    @Test
    void aTaskThrowingInPollFailsAloneWithItsTrace() throws Exception {
        put("poll-fails", Map.of("connector.class", "TestSourceConnector", "mode", "fail-poll"));
        Await.until("the task fails", Duration.ofSeconds(30), () -> taskState("poll-fails") == State.FAILED);
        ConnectorStateInfo status = herder.connectorStatus("poll-fails");
        assertEquals(State.RUNNING, status.connector().state(), "the connector instance is not affected");
        String trace = status.tasks().get(0).trace();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: boom in poll"), trace);
        assertTrue(trace.contains("\tat io.fluxgate.runtime.testing.plugins.TestSourceConnector$TestSourceTask.poll"),
                trace);
        assertHealthyPipelineStillCopies("after poll failure");

        herder.restartTask(new ConnectorTaskId("poll-fails", 0)).toCompletableFuture().get();
        Await.until("the restarted task fails again", Duration.ofSeconds(30),
                () -> taskState("poll-fails") == State.FAILED);
        herder.deleteConnector("poll-fails").toCompletableFuture().get();
        assertFalse(herder.connectors().contains("poll-fails"));
    }

    @Test
    void aTaskThrowingInPutFailsAloneWithItsTrace() throws Exception {
        put("put-fails", Map.of("connector.class", "FailingSinkConnector", "topics", "healthy"));
        Await.until("the task fails", Duration.ofSeconds(30), () -> taskState("put-fails") == State.FAILED);
        String trace = herder.connectorStatus("put-fails").tasks().get(0).trace();
        assertTrue(trace.startsWith("org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to "
                + "unrecoverable exception."), trace);
        assertTrue(trace.contains("Caused by: java.lang.IllegalStateException: boom in put"), trace);
        assertHealthyPipelineStillCopies("after put failure");
        herder.deleteConnector("put-fails").toCompletableFuture().get();
    }

    @Test
    void aConnectorThrowingInStartIsFailedAndHasNoTask() throws Exception {
        put("start-fails", Map.of("connector.class", "TestSourceConnector", "mode", "fail-start"));
        ConnectorStateInfo status = herder.connectorStatus("start-fails");
        assertEquals(State.FAILED, status.connector().state());
        assertTrue(status.connector().trace().startsWith("java.lang.IllegalStateException: boom at connector start"),
                status.connector().trace());
        assertEquals(Map.of(), status.tasks());
        assertEquals(List.of(), herder.taskConfigs("start-fails"));
        assertHealthyPipelineStillCopies("after start failure");
        herder.deleteConnector("start-fails").toCompletableFuture().get();
    }

    @Test
    void anUnknownClassOrAnInvalidConfigurationIsRefused() {
        HerderException unknown = refusal(() -> put("unknown", Map.of("connector.class", "com.example.Missing")));
        assertEquals(400, unknown.status());
        assertTrue(unknown.getMessage().contains("com.example.Missing"), unknown.getMessage());

        HerderException invalid = refusal(() -> put("invalid", Map.of("connector.class", "FileStreamSink",
                "tasks.max", "-1")));
        assertEquals(400, invalid.status());
        assertTrue(invalid.getMessage().startsWith("Connector configuration is invalid and contains the following 3 "
                + "error(s):\nInvalid value -1 for configuration tasks.max: Value must be at least 1\n"),
                invalid.getMessage());
        assertFalse(herder.connectors().contains("unknown"));
        assertFalse(herder.connectors().contains("invalid"));

        HerderException duplicate = refusal(() -> put("healthy-sink", Map.of("connector.class", "FileStreamSink",
                "topics", "x")));
        assertEquals(409, duplicate.status());
        assertEquals("Connector healthy-sink already exists", duplicate.getMessage());
        assertEquals(404, assertThrows(HerderException.class, () -> herder.connectorInfo("nope")).status());
    }

    @Test
    void aConnectorHungInTaskConfigsIsFailedAtTheDeadlineAndTheOthersGoOn() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        long started = System.nanoTime();
        put("hangs-in-task-configs", Map.of("connector.class", "TestSourceConnector", "mode", "hang-task-configs"));
        // Reads are answered while the call is pending; changes wait for the herder, at most until the deadline.
        assertEquals(State.RUNNING, herder.connectorStatus("healthy-source").connector().state());
        put("created-meanwhile", Map.of("connector.class", "TestSourceConnector", "mode", "idle"));
        Await.until("the hung connector is failed", Duration.ofSeconds(30),
                () -> herder.connectorStatus("hangs-in-task-configs").connector().state() == State.FAILED);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        String trace = herder.connectorStatus("hangs-in-task-configs").connector().trace();
        assertTrue(trace.contains("Connector hangs-in-task-configs did not return from taskConfigs() within 2000 ms"),
                trace);
        assertTrue(tookMs >= 1_900 && tookMs < 15_000, "failed after " + tookMs + " ms");
        Await.until("the connector created meanwhile runs its task", Duration.ofSeconds(30),
                () -> taskState("created-meanwhile") == State.RUNNING);
        assertHealthyPipelineStillCopies("after a hung taskConfigs");
        TestSourceConnector.RELEASE.countDown();
        herder.deleteConnector("hangs-in-task-configs").toCompletableFuture().get();
        herder.deleteConnector("created-meanwhile").toCompletableFuture().get();
    }

    @Test
    void aTaskWhoseConverterHangsInConfigureIsFailedAtTheDeadline() throws Exception {
        HangingConverter.RELEASE = new CountDownLatch(1);
        long started = System.nanoTime();
        put("converter-hangs", Map.of("connector.class", "TestSourceConnector", "mode", "idle",
                "value.converter", HangingConverter.class.getName()));
        Await.until("the task is failed", Duration.ofSeconds(30), () -> taskState("converter-hangs") == State.FAILED);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        String trace = herder.connectorStatus("converter-hangs").tasks().get(0).trace();
        assertTrue(trace.contains("did not return from configure() of its converters within 2000 ms"), trace);
        assertTrue(tookMs < 15_000, "failed after " + tookMs + " ms");
        assertHealthyPipelineStillCopies("after a converter hung in configure()");
        HangingConverter.RELEASE.countDown();
        herder.deleteConnector("converter-hangs").toCompletableFuture().get();
    }

    /**
     * The task is assembled off the herder's thread: while its converter hangs in configure() (deaf to interrupts),
     * another connector's pause, resume and creation answer at once; before, each waited for the deadline.
     */
    @Test
    void aConverterHungInConfigureHoldsNoWriteToAnotherConnector() throws Exception {
        HangingConverter.RELEASE = new CountDownLatch(1);
        long started = System.nanoTime();
        CompletableFuture<?> creation = herder.putConnectorConfig("configure-hangs", Map.of("connector.class",
                "TestSourceConnector", "mode", "idle", "value.converter", HangingConverter.class.getName()), null,
                false).toCompletableFuture();
        Await.until("the converter's configure() is called", Duration.ofSeconds(10), () -> threadNames()
                .anyMatch(name -> name.equals("task-configure-hangs-0-configure() of its converters")));
        long pausing = System.nanoTime();
        herder.pauseConnector("healthy-sink").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertAnsweredWithin(pausing, 1_000, "pause while a task is assembled");
        long resuming = System.nanoTime();
        herder.resumeConnector("healthy-sink").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertAnsweredWithin(resuming, 1_000, "resume while a task is assembled");
        long creating = System.nanoTime();
        herder.putConnectorConfig("created-while-assembling", Map.of("connector.class", "TestSourceConnector",
                "mode", "idle"), null, false).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertAnsweredWithin(creating, 1_000, "creation while a task is assembled");
        assertTrue(creation.isDone(), "the hung connector's creation is answered");
        assertTrue(taskState("configure-hangs") != State.FAILED, "the writes were answered before the deadline");
        Await.until("the hung task is failed", Duration.ofSeconds(30),
                () -> taskState("configure-hangs") == State.FAILED);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        String trace = herder.connectorStatus("configure-hangs").tasks().get(0).trace();
        assertTrue(trace.contains("Task configure-hangs-0 did not return from configure() of its converters within "
                + "2000 ms"), trace);
        assertTrue(tookMs >= 1_900 && tookMs < 15_000, "failed after " + tookMs + " ms");
        Await.until("the connector created meanwhile runs its task", Duration.ofSeconds(30),
                () -> taskState("created-while-assembling") == State.RUNNING);
        assertHealthyPipelineStillCopies("after writes beside a converter hung in configure()");
        HangingConverter.RELEASE.countDown();
        herder.deleteConnector("configure-hangs").toCompletableFuture().get(10, TimeUnit.SECONDS);
        herder.deleteConnector("created-while-assembling").toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertAnsweredWithin(long startedNanos, long limitMs, String what) {
        long tookMs = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.printf("%s answered in %d ms%n", what, tookMs);
        assertTrue(tookMs < limitMs, what + " answered in " + tookMs + " ms");
    }

    /**
     * A converter whose close() hangs for ever: the task's restart and its connector's delete answer at once, and the
     * task's own thread still ends (its other parts closed, its stop complete); only the abandoned close() lingers.
     */
    @Test
    void aConverterHungInCloseHoldsNeitherTheTasksStopNorTheHerder() throws Exception {
        HangingConverter.RELEASE = new CountDownLatch(1);
        put("close-hangs", Map.of("connector.class", "TestSourceConnector", "mode", "idle",
                "value.converter", HangingConverter.class.getName(), "value.converter.hang", "close"));
        Await.until("the task runs", Duration.ofSeconds(30), () -> taskState("close-hangs") == State.RUNNING);
        long restarting = System.nanoTime();
        herder.restartTask(new ConnectorTaskId("close-hangs", 0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertAnsweredWithin2s(restarting, "restart");
        Await.until("the restarted task runs", Duration.ofSeconds(30),
                () -> taskState("close-hangs") == State.RUNNING);
        long deleting = System.nanoTime();
        herder.deleteConnector("close-hangs").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertAnsweredWithin2s(deleting, "delete");
        Await.until("the tasks' threads end; only their abandoned close() calls are left", Duration.ofSeconds(10),
                () -> threadNames().noneMatch(name -> name.equals("task-thread-close-hangs-0")));
        assertEquals(2, threadNames().filter(name -> name.equals("task-close-hangs-0-close() of its value converter"))
                .count(), "the close() of each generation, abandoned");
        assertHealthyPipelineStillCopies("after converters hung in close()");
        HangingConverter.RELEASE.countDown();
    }

    /** The same converter in a task whose assembly fails after it: closed by the herder, which must not hang. */
    @Test
    void aConverterHungInCloseAfterAFailedAssemblyDoesNotHoldTheHerder() throws Exception {
        HangingConverter.RELEASE = new CountDownLatch(1);
        long started = System.nanoTime();
        herder.putConnectorConfig("assembly-fails", Map.of("connector.class", "TestSourceConnector", "mode", "idle",
                "value.converter", HangingConverter.class.getName(), "value.converter.hang", "close",
                "transforms", "boom", "transforms.boom.type", FailingTransformation.class.getName()), null, false)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        Await.until("the task is failed", Duration.ofSeconds(10), () -> taskState("assembly-fails") == State.FAILED);
        assertAnsweredWithin2s(started, "creation");
        String trace = herder.connectorStatus("assembly-fails").tasks().get(0).trace();
        assertTrue(trace.contains("boom in configure() of a transformation"), trace);
        long deleting = System.nanoTime();
        herder.deleteConnector("assembly-fails").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertAnsweredWithin2s(deleting, "delete");
        assertHealthyPipelineStillCopies("after a failed assembly with a converter hung in close()");
        HangingConverter.RELEASE.countDown();
    }

    private static void assertAnsweredWithin2s(long startedNanos, String what) {
        long tookMs = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.printf("%s answered in %d ms%n", what, tookMs);
        assertTrue(tookMs < 2_000, what + " answered in " + tookMs + " ms");
    }

    private static java.util.stream.Stream<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName);
    }

    @Test
    void aConnectorHungInValidateOrConfigIsAnsweredAtTheDeadlineAndHoldsNothingElse() throws Exception {
        for (String call : List.of("validate()", "config()")) {
            TestSourceConnector.RELEASE = new CountDownLatch(1);
            TestSourceConnector.HANG_IN_CONFIG = call.equals("config()");
            String expected = "Connector class " + TestSourceConnector.class.getName() + " did not return from "
                    + call + " within 2000 ms (fluxgate.connector.call.timeout.ms); the call was abandoned";
            Map<String, String> hangs = Map.of("connector.class", "TestSourceConnector", "mode", "hang-validate");
            long started = System.nanoTime();
            CompletableFuture<?> hung = herder.putConnectorConfig("hangs-in-validation", hangs, null, false)
                    .toCompletableFuture();
            CompletableFuture<?> validation = herder.validateConnectorConfig(hangs).toCompletableFuture();
            Thread.sleep(200); // the validations have begun
            long beside = System.nanoTime();
            put("created-beside", Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                    "topic", "beside"));
            assertAnsweredWithin2s(beside, call + ": another connector's creation beside a hung validation");

            for (CompletableFuture<?> request : List.of(hung, validation)) {
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> request.get(30, TimeUnit.SECONDS));
                HerderException refusal = assertInstanceOf(HerderException.class, failed.getCause());
                assertEquals(500, refusal.status());
                assertEquals(expected, refusal.getMessage());
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("%s: creation and validation answered 500 in %d ms%n", call, tookMs);
            assertTrue(tookMs >= 1_900 && tookMs < 3_500, call + ": answered in " + tookMs + " ms");
            assertFalse(herder.connectors().contains("hangs-in-validation"));
            assertTrue(threadNames().anyMatch(name -> name.endsWith("TestSourceConnector-" + call)),
                    "the abandoned call's thread lingers until released");

            TestSourceConnector.HANG_IN_CONFIG = false;
            TestSourceConnector.RELEASE.countDown();
            Await.until("the abandoned call's thread ends once released", Duration.ofSeconds(10),
                    () -> threadNames().noneMatch(name -> name.endsWith("TestSourceConnector-" + call)));
            long fresh = System.nanoTime();
            put("hangs-in-validation", hangs); // released: the same configuration validates at once
            assertAnsweredWithin2s(fresh, call + ": a fresh creation once released");
            assertHealthyPipelineStillCopies("beside a hung " + call);
            herder.deleteConnector("hangs-in-validation").toCompletableFuture().get();
            herder.deleteConnector("created-beside").toCompletableFuture().get();
        }
    }

    @Test
    void aTaskDyingOfAnErrorIsFailedNeverRunning() throws Exception {
        for (String mode : List.of("oom-poll", "stack-overflow-poll")) {
            put(mode, Map.of("connector.class", "TestSourceConnector", "mode", mode));
            Await.until(mode + ": the task is failed", Duration.ofSeconds(30), () -> taskState(mode) == State.FAILED);
            String trace = herder.connectorStatus(mode).tasks().get(0).trace();
            assertTrue(trace.startsWith(mode.startsWith("oom") ? "java.lang.OutOfMemoryError: test: Java heap space"
                    : "java.lang.StackOverflowError: test: stack overflow"), trace);
            herder.deleteConnector(mode).toCompletableFuture().get();
        }
        assertHealthyPipelineStillCopies("after tasks died of errors");
    }

    /**
     * The herder does not wait for a stopping task (1 s before, per request): the delete of a connector whose task
     * hangs in stop() answers at once, and the task is abandoned in the background.
     */
    @Test
    void aTaskHungInStopIsDeletedAtOnceAndAbandonedInTheBackground() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        put("hangs", Map.of("connector.class", "TestSourceConnector", "mode", "hang-stop"));
        Await.until("the task runs", Duration.ofSeconds(30), () -> taskState("hangs") == State.RUNNING);
        long started = System.nanoTime();
        herder.deleteConnector("hangs").toCompletableFuture().get();
        assertAnsweredWithin(started, 500, "delete of a connector whose task hangs in stop()");
        assertFalse(herder.connectors().contains("hangs"));
        assertTrue(threadNames().anyMatch(name -> name.equals("task-thread-hangs-0")), "the task is still in stop()");
        assertHealthyPipelineStillCopies("after a hung task");
        TestSourceConnector.RELEASE.countDown();
    }

    /**
     * Slow stops do not queue on the herder: two hung tasks restarted together, and a write to another connector
     * sent with them, each answer at once (before, the herder waited 1 s for each stopping task in turn, and the
     * second restart answered after 2 s). Each new generation starts once the old one is abandoned, on its own thread.
     */
    @Test
    void restartsOfHungTasksDoNotQueueOnTheHerder() throws Exception {
        TestSourceConnector.RELEASE = new CountDownLatch(1);
        for (String name : List.of("hangs-a", "hangs-b")) {
            put(name, Map.of("connector.class", "TestSourceConnector", "mode", "hang-stop"));
        }
        Await.until("the tasks run", Duration.ofSeconds(30),
                () -> taskState("hangs-a") == State.RUNNING && taskState("hangs-b") == State.RUNNING);
        long started = System.nanoTime();
        CompletableFuture<Void> restartA = herder.restartTask(new ConnectorTaskId("hangs-a", 0)).toCompletableFuture();
        CompletableFuture<Void> restartB = herder.restartTask(new ConnectorTaskId("hangs-b", 0)).toCompletableFuture();
        CompletableFuture<Void> pause = herder.pauseConnector("healthy-sink").toCompletableFuture();
        restartA.get(10, TimeUnit.SECONDS);
        assertAnsweredWithin(started, 500, "the first restart");
        restartB.get(10, TimeUnit.SECONDS);
        assertAnsweredWithin(started, 500, "the second restart");
        pause.get(10, TimeUnit.SECONDS);
        assertAnsweredWithin(started, 500, "a pause sent with them");
        herder.resumeConnector("healthy-sink").toCompletableFuture().get(10, TimeUnit.SECONDS);
        Await.until("both new generations run, their predecessors abandoned", Duration.ofSeconds(10),
                () -> taskState("hangs-a") == State.RUNNING && taskState("hangs-b") == State.RUNNING
                        && threadNames().filter(name -> name.equals("task-thread-hangs-a-0")).count() == 2);
        long deleting = System.nanoTime();
        herder.deleteConnector("hangs-a").toCompletableFuture().get(10, TimeUnit.SECONDS);
        herder.deleteConnector("hangs-b").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertAnsweredWithin(deleting, 500, "the two deletes");
        assertHealthyPipelineStillCopies("after restarts of hung tasks");
        TestSourceConnector.RELEASE.countDown();
    }

    @Test
    void pauseResumeStopAndRestart() throws Exception {
        Path counted = dir.resolve("counted.txt");
        put("counter", Map.of("connector.class", "TestSourceConnector", "topic", "counted"));
        put("counted-sink", Map.of("connector.class", "FileStreamSink", "file", counted.toString(),
                "topics", "counted"));
        Await.until("records flow", Duration.ofSeconds(30), () -> lines(counted).size() > 20);

        herder.pauseConnector("counter").toCompletableFuture().get();
        Await.until("paused", Duration.ofSeconds(10), () -> taskState("counter") == State.PAUSED
                && herder.connectorStatus("counter").connector().state() == State.PAUSED);
        Thread.sleep(500);
        int whilePaused = lines(counted).size();
        Thread.sleep(700);
        assertEquals(whilePaused, lines(counted).size(), "nothing flows while paused");

        herder.resumeConnector("counter").toCompletableFuture().get();
        Await.until("resumed", Duration.ofSeconds(10), () -> taskState("counter") == State.RUNNING
                && lines(counted).size() > whilePaused);

        herder.stopConnector("counter").toCompletableFuture().get();
        Await.until("stopped", Duration.ofSeconds(10),
                () -> herder.connectorStatus("counter").connector().state() == State.STOPPED);
        assertEquals(Map.of(), herder.connectorStatus("counter").tasks(), "a stopped connector has no tasks");
        assertEquals(List.of(), herder.taskConfigs("counter"));

        herder.resumeConnector("counter").toCompletableFuture().get();
        Await.until("running again with its task", Duration.ofSeconds(10),
                () -> taskState("counter") == State.RUNNING);
        herder.restartConnector("counter").toCompletableFuture().get();
        assertEquals(State.RUNNING, herder.connectorStatus("counter").connector().state());

        // values are numbered from the committed offsets, so no number is seen twice across stop and restart
        Await.until("more records", Duration.ofSeconds(10), () -> lines(counted).size() > whilePaused + 50);
        herder.deleteConnector("counter").toCompletableFuture().get();
        herder.deleteConnector("counted-sink").toCompletableFuture().get();
        List<String> values = lines(counted);
        assertEquals(values.size(), values.stream().distinct().count(), "no value twice");
    }

    @Test
    void createdPausedThenResumedThenUpdated() throws Exception {
        String name = "paused-from-start";
        var created = herder.putConnectorConfig(name, Map.of("connector.class", "TestSourceConnector",
                "topic", "paused"), TargetState.PAUSED, false).toCompletableFuture().get();
        assertTrue(created.created());
        // As Kafka: a connector created paused is not started, so it has no task until it is resumed.
        assertEquals(State.PAUSED, herder.connectorStatus(name).connector().state());
        assertEquals(Map.of(), herder.connectorStatus(name).tasks());

        herder.resumeConnector(name).toCompletableFuture().get();
        Await.until("its task runs", Duration.ofSeconds(10), () -> taskState(name) == State.RUNNING);

        Map<String, String> updated = new HashMap<>(herder.connectorConfig(name));
        updated.put("tasks.max", "2");
        var result = herder.putConnectorConfig(name, updated, TargetState.STARTED, true).toCompletableFuture().get();
        assertFalse(result.created());
        assertEquals(2, result.info().tasks().size());
        Await.until("both tasks run", Duration.ofSeconds(10), () -> herder.connectorStatus(name).tasks().size() == 2
                && herder.connectorStatus(name).tasks().values().stream().allMatch(t -> t.state() == State.RUNNING));
        assertEquals("2", herder.connectorConfig(name).get("tasks.max"));
        herder.deleteConnector(name).toCompletableFuture().get();
    }

    private static HerderException refusal(ThrowingAction action) {
        ExecutionException e = assertThrows(ExecutionException.class, action::run);
        return assertInstanceOf(HerderException.class, e.getCause());
    }

    @FunctionalInterface
    interface ThrowingAction {
        void run() throws Exception;
    }
}

package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bulkheads (issue 15), standalone: one worker runs a healthy FileStreamSource to FileStreamSink pipeline beside the
 * hostile connectors of test-plugin-hostile, one behaviour at a time. For each: the healthy pipeline moves every
 * record, every REST call answers within 2 s (the test's own and a prober's, which also resumes the healthy sink
 * every 100 ms so that a busy herder shows), the hostile connector's status says what happened, and deleting it
 * answers at once. Prints REST p50/p99 beside each kind of hostile connector against none, and the time from a hung
 * call to FAILED.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkheadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REST_BOUND = Duration.ofSeconds(2);
    private static final long CALL_TIMEOUT_MS = 3_000;
    private static final long STALL_TIMEOUT_MS = 2_000;
    private static final String SOURCE = HostileConfigs.SOURCE;
    private static final int LINES_PER_ROUND = 100;

    @TempDir
    static Path dir;
    private static RunningWorker worker;
    private static RestLatencies rest;
    private static Path input;
    private static Path output;
    private static int written;
    private static final List<Path> releaseFiles = new ArrayList<>();
    private static final Map<String, Long> hungToFailedMs = new LinkedHashMap<>();
    /** Attached once: the worker's management agent can be started only once. */
    private static WorkerMBeans mbeans;

    @BeforeAll
    static void startWorkerWithAHealthyPipeline() throws Exception {
        Distribution dist = Distribution.copyInto(dir.resolve("worker"));
        Files.copy(Path.of(System.getProperty("fluxgate.test.plugins"), "hostile", "test-plugin-hostile.jar"),
                dist.home.resolve("plugins/test-plugin-hostile.jar"));
        worker = RunningWorker.start(dist, Map.of(
                "fluxgate.connector.call.timeout.ms", String.valueOf(CALL_TIMEOUT_MS),
                "fluxgate.task.stall.timeout.ms", String.valueOf(STALL_TIMEOUT_MS),
                "fluxgate.plugin.lingering.threads.max", "1",
                "offset.flush.interval.ms", "1000"));
        rest = new RestLatencies(worker.base, REST_BOUND);
        input = Files.createFile(dir.resolve("healthy.in.txt"));
        output = dir.resolve("healthy.out.txt");
        create("healthy-source", Map.of("connector.class", "FileStreamSource", "tasks.max", "1",
                "file", input.toString(), "topic", "healthy"));
        create("healthy-sink", Map.of("connector.class", "FileStreamSink", "tasks.max", "1",
                "file", output.toString(), "topics", "healthy"));
        RunningWorker.await("the hostile plugin is listed", Duration.ofSeconds(30),
                () -> worker.body("/connector-plugins").contains(SOURCE));
        rest.probe(List.of("/connectors?expand=status", "/connectors/healthy-source/status",
                "/connectors/healthy-sink/resume"));
        rest.phase("without a hostile connector");
        healthyPipelineMovesEveryRecord();
        Thread.sleep(3_000); // calls enough for this phase's p99 to compare with the others'
    }

    @AfterAll
    static void report() throws Exception {
        if (rest != null) {
            rest.close();
            System.out.println(rest.report());
        }
        System.out.println("Time from the request to the connector or task FAILED (call timeout " + CALL_TIMEOUT_MS
                + " ms):");
        hungToFailedMs.forEach((what, ms) -> System.out.printf("  %-44s %6d ms%n", what, ms));
        for (Path release : releaseFiles) {
            Files.writeString(release, "done"); // lets the hung calls end before the worker stops
        }
        if (mbeans != null) {
            mbeans.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    /** A hostile connector, what it does, and what its status must then say. */
    record Hostile(String type, String mode, String expect, String trace) {
        @Override
        public String toString() {
            return type + " " + mode;
        }
    }

    /** Every hostile behaviour; {@code -Dbulkhead.modes="source hang-start,sink hang-put"} runs those only. */
    static Stream<Hostile> hostiles() {
        String only = System.getProperty("bulkhead.modes", "");
        return all().filter(h -> only.isBlank() || List.of(only.split(",")).contains(h.toString()));
    }

    private static Stream<Hostile> all() {
        return Stream.of(
                new Hostile("source", "hang-start", "connector FAILED", "start()"),
                new Hostile("sink", "hang-start", "connector FAILED", "start()"),
                new Hostile("source", "hang-task-configs", "connector FAILED", "taskConfigs()"),
                new Hostile("source", "hang-stop", "connector FAILED on pause", "stop()"),
                new Hostile("source", "hang-task-start", "task stalled in start", null),
                new Hostile("source", "hang-poll", "task hung", null),
                new Hostile("source", "hang-task-stop", "task hung on delete", null),
                new Hostile("sink", "hang-put", "task hung", null),
                new Hostile("sink", "hang-flush", "task hung", null),
                new Hostile("sink", "hang-pre-commit", "task hung", null),
                new Hostile("sink", "hang-task-stop", "task hung on delete", null),
                new Hostile("source", "oom", "task FAILED", "OutOfMemoryError"),
                new Hostile("sink", "oom", "task FAILED", "OutOfMemoryError"),
                new Hostile("source", "soe", "task FAILED", "StackOverflowError"),
                new Hostile("sink", "soe", "task FAILED", "StackOverflowError"),
                new Hostile("source", "hang-converter-close", "close hung", null),
                new Hostile("sink", "hang-transformation-close", "close hung", null),
                new Hostile("source", "hang-converter-close-failed-assembly", "task FAILED",
                        "boom in configure() of the hostile transformation"),
                // Both hang in validate(): the plugin's config() hangs only once its validate() read the mode.
                new Hostile("source", "hang-validate", "validation abandoned", "validate()"),
                new Hostile("source", "hang-config", "validation abandoned", "validate()"),
                new Hostile("source", "hang-version", "request hung", null));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostiles")
    void aHostileConnectorCostsOnlyItself(Hostile hostile) throws Exception {
        String name = hostile.type() + "-" + hostile.mode();
        Path release = dir.resolve(name + ".release");
        releaseFiles.add(release);
        Map<String, String> config = hostileConfig(hostile.type(), hostile.mode(), release);
        boolean validation = hostile.expect().equals("request hung")
                || hostile.expect().equals("validation abandoned");
        rest.phase("beside a " + (validation ? "hung validation"
                : hostile.expect().startsWith("task FAILED") ? "task failing with an Error" : "hung connector or task"));

        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> creation0 = createUntimed(name, config);
        CompletableFuture<String> creation = creation0.thenApply(response -> response.statusCode()
                + " after " + elapsedMs(started) + " ms");
        Thread.sleep(500);
        // A write to another connector while this one is in its hung call: it waits for the herder, if anything does.
        long writing = System.nanoTime();
        assertEquals(202, rest.answered("PUT", "/connectors/healthy-sink/resume").statusCode());
        System.out.printf("%s: a resume of the healthy sink meanwhile answered in %d ms%n", hostile,
                elapsedMs(writing));
        switch (hostile.expect()) {
            case "connector FAILED" -> {
                JsonNode status = awaitState(name, s -> s.path("connector"), "FAILED");
                hungToFailedMs.put(hostile.toString(), elapsedMs(started));
                assertTrace(status.path("connector"), hostile.trace(), "within " + CALL_TIMEOUT_MS + " ms");
            }
            case "connector FAILED on pause" -> {
                awaitTaskState(name, "RUNNING");
                long pausing = System.nanoTime();
                assertEquals(202, rest.answered("PUT", "/connectors/" + name + "/pause").statusCode());
                JsonNode status = awaitState(name, s -> s.path("connector"), "FAILED");
                hungToFailedMs.put(hostile.toString(), elapsedMs(pausing));
                assertTrace(status.path("connector"), hostile.trace(), "within " + CALL_TIMEOUT_MS + " ms");
            }
            case "task FAILED" -> {
                JsonNode status = awaitTaskState(name, "FAILED");
                hungToFailedMs.put(hostile.toString(), elapsedMs(started));
                // A StackOverflowError's trace holds only the recursion's last frames: the call is named for OOM only.
                assertTrace(status.path("tasks").get(0), hostile.trace(), !hostile.mode().equals("oom") ? ""
                        : hostile.type().equals("source") ? "HostileSourceTask.poll" : "HostileSinkTask.put");
            }
            case "task hung", "task hung on delete" -> {
                if (!hostile.mode().equals("hang-task-start")) {
                    awaitTaskState(name, "RUNNING");
                }
                Thread.sleep(1_500); // in the hung call by now (flush and preCommit: at the first offset commit)
                System.out.printf("%s: status while hung: %s%n", hostile, statusOf(name));
            }
            case "task stalled in start" -> {
                // No status until start() returns, as on Apache, unless it is stalled: then UNASSIGNED, saying so.
                JsonNode status = awaitTaskState(name, "UNASSIGNED");
                hungToFailedMs.put(hostile + " (to UNASSIGNED, stalled)", elapsedMs(started));
                JsonNode task = status.path("tasks").get(0);
                assertTrace(task, "Stalled: initialize() or start() has not returned for over 2 s "
                        + "(fluxgate.task.stall.timeout.ms), since 20");
                assertEquals(status.path("connector").path("worker_id"), task.path("worker_id"));
                assertEquals(1.0, mbeans().attribute("kafka.connect:type=connect-worker-metrics,connector=" + name,
                        "connector-stalled-task-count"));
                Files.writeString(release, "done");
                assertTrue(awaitTaskState(name, "RUNNING").path("tasks").get(0).path("trace").isMissingNode(),
                        "started: RUNNING, no longer stalled");
            }
            case "close hung" -> {
                // The restart closes the first generation's converters and transformations: one close() hangs.
                awaitTaskState(name, "RUNNING");
                long restarting = System.nanoTime();
                assertEquals(204, rest.answered("POST", "/connectors/" + name + "/tasks/0/restart").statusCode());
                System.out.printf("%s: task restart answered in %d ms%n", hostile, elapsedMs(restarting));
                awaitTaskState(name, "RUNNING");
            }
            case "validation abandoned" -> {
                // At the call deadline the creation is answered as Kafka Connect answers its own request timeout,
                // naming the class, the call and the setting; nothing else waited meanwhile (the prober's bound).
                HttpResponse<String> answer = creation0.get(CALL_TIMEOUT_MS + 10_000, TimeUnit.MILLISECONDS);
                long answeredMs = elapsedMs(started);
                assertEquals(500, answer.statusCode(), answer.body());
                JsonNode error = JSON.readTree(answer.body());
                assertEquals(500, error.path("error_code").asInt(), answer.body());
                assertEquals("Connector class io.fluxgate.testplugins.hostile.HostileSourceConnector did not return "
                        + "from " + hostile.trace() + " within " + CALL_TIMEOUT_MS + " ms "
                        + "(fluxgate.connector.call.timeout.ms); the call was abandoned", error.path("message")
                        .asText(), answer.body());
                assertTrue(answeredMs >= CALL_TIMEOUT_MS - 100 && answeredMs < CALL_TIMEOUT_MS + 2_000,
                        "the creation answered at the deadline, " + answeredMs + " ms");
                hungToFailedMs.put(hostile + " (creation answered 500)", answeredMs);
            }
            case "request hung" -> Thread.sleep(1_500); // version(): not called on a configured instance
            default -> throw new IllegalArgumentException(hostile.expect());
        }
        healthyPipelineMovesEveryRecord();

        if (!validation) {
            long deleting = System.nanoTime();
            HttpResponse<String> deleted = rest.answered("DELETE", "/connectors/" + name);
            assertEquals(204, deleted.statusCode(), deleted.body());
            System.out.printf("%s: DELETE answered in %d ms%n", hostile, elapsedMs(deleting));
            assertEquals(404, rest.answered("GET", "/connectors/" + name + "/status").statusCode());
        }
        Files.writeString(release, "done");
        System.out.printf("%s: POST /connectors answered %s%n", hostile, creation.get(60, TimeUnit.SECONDS));
        if (hostile.expect().equals("validation abandoned")) {
            // Released: a fresh creation validates at once.
            create(name, config);
        }
        if (validation) {
            rest.send("DELETE", "/connectors/" + name);
        }
        healthyPipelineMovesEveryRecord();
        assertEquals(List.of(), rest.tooSlow(), "every REST call answers within " + REST_BOUND.toMillis() + " ms");
    }

    /**
     * A connector whose instance and task start threads and never stop them: each restart counts what they left,
     * over the limit (1 here) interrupts them, reports the count as connector-metrics' lingering-threads, and refuses
     * to start the connector again while more than the limit survive the interrupt (an executor's idle thread does).
     */
    @Order(2)
    @Test
    void threadsAPluginLeavesRunningAreCountedInterruptedAndStopItsRestart() throws Exception {
        rest.phase("beside a connector leaving threads");
        String name = "source-spawn-threads";
        Path release = dir.resolve(name + ".release");
        releaseFiles.add(release);
        create(name, hostileConfig("source", "spawn-threads", release));
        awaitTaskState(name, "RUNNING");

        assertEquals(204, rest.answered("POST", "/connectors/" + name + "/tasks/0/restart").statusCode());
        awaitTaskState(name, "RUNNING");
        Object lingering = mbeans().attribute("kafka.connect:type=connector-metrics,connector=" + name,
                "lingering-threads");
        assertEquals(1.0, lingering, "the task's executor thread survived the interrupt; its two plain threads ended");

        assertEquals(204, rest.answered("POST", "/connectors/" + name + "/restart").statusCode());
        JsonNode status = awaitState(name, s -> s.path("connector"), "FAILED");
        assertTrace(status.path("connector"), "fluxgate.plugin.lingering.threads.max=1",
                "hostile-source-connector-pool");
        assertEquals(204, rest.answered("DELETE", "/connectors/" + name).statusCode());
        healthyPipelineMovesEveryRecord();
        assertEquals(List.of(), rest.tooSlow(), "every REST call answers within " + REST_BOUND.toMillis() + " ms");
    }

    private static WorkerMBeans mbeans() throws Exception {
        if (mbeans == null) {
            mbeans = WorkerMBeans.attach(worker.pid());
        }
        return mbeans;
    }

    private static Map<String, String> hostileConfig(String type, String mode, Path release) {
        return HostileConfigs.of(type, mode, release, "healthy");
    }

    /** Appends lines to the healthy source's file and waits until the healthy sink wrote every line so far. */
    private static void healthyPipelineMovesEveryRecord() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < LINES_PER_ROUND; i++) {
            lines.append("line-").append(written++).append('\n');
        }
        Files.writeString(input, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        RunningWorker.await("the healthy sink wrote all " + written + " lines", Duration.ofSeconds(60),
                () -> lineCount(output) >= written);
        List<String> out = Files.readAllLines(output);
        assertEquals(written, out.size());
        assertEquals("line-" + (written - 1), out.get(out.size() - 1));
    }

    private static void create(String name, Map<String, String> config) throws Exception {
        HttpResponse<String> response = rest.send("POST", "/connectors",
                JSON.writeValueAsString(Map.of("name", name, "config", config)));
        assertEquals(201, response.statusCode(), response.body());
    }

    /** POST /connectors outside the timed calls: a hostile connector's own creation may wait for its hung call. */
    private static CompletableFuture<HttpResponse<String>> createUntimed(String name, Map<String, String> config)
            throws Exception {
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(worker.base.resolve("/connectors"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name,
                        "config", config)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitState(String name, java.util.function.Function<JsonNode, JsonNode> part,
            String state) throws InterruptedException {
        JsonNode[] status = new JsonNode[1];
        RunningWorker.await(name + " is " + state, Duration.ofSeconds(60), () -> {
            status[0] = statusOf(name);
            return part.apply(status[0]).path("state").asText().equals(state);
        });
        return status[0];
    }

    private static JsonNode awaitTaskState(String name, String state) throws InterruptedException {
        return awaitState(name, s -> s.path("tasks").path(0), state);
    }

    private static JsonNode statusOf(String name) {
        try {
            HttpResponse<String> response = rest.send("GET", "/connectors/" + name + "/status");
            return response != null && response.statusCode() == 200 ? JSON.readTree(response.body())
                    : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static void assertTrace(JsonNode state, String... parts) {
        String trace = state.path("trace").asText();
        assertNotEquals("", trace, "a trace: " + state);
        for (String part : parts) {
            assertTrue(trace.contains(part), "the trace names " + part + ":\n" + trace);
        }
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}

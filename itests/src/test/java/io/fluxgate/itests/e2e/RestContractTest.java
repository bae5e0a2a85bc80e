package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The REST contract test: a full connector lifecycle driven over real HTTP against the shipped standalone
 * worker (embedded broker, Apache's FileStream connectors), every answer validated against Kafka Connect's OpenAPI
 * file {@code connect_rest-4.3.1.yaml} (its known defects worked around in {@link ConnectRestSpec}, extra fields
 * refused) and every status code checked against rest-api.md's table. Contract violations are collected and
 * reported together at the end; the test also fails if an operation of the API, or a success status of the table,
 * was never exercised.
 */
class RestContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "contract-source";
    private static final String SINK = "contract-sink";
    private static final String STOPPED = "contract-stopped";
    private static final String STALLED = "contract-stalled";
    private static final String TOPIC = "contract-lines";
    private static final String FILE_LOGGER = "org.apache.kafka.connect.file";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> violations = new ArrayList<>();
    private final Set<String> operationsSeen = new TreeSet<>();
    private final Set<String> statusesSeen = new TreeSet<>();
    private ConnectRestContract contract;
    private URI base;
    private RunningWorker worker;
    private int validated;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void everyAnswerOfAFullLifecycleHoldsToTheContract(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        contract = ConnectRestContract.fromReference();
        Distribution dist = Distribution.copyInto(dir);
        Path input = Files.write(dir.resolve("input.txt"), List.of("one", "two", "three"));
        Path output = dir.resolve("output.txt");

        worker = RunningWorker.setup(dist)
                .set("offset.flush.interval.ms", "500") // source offsets committed while the test waits for them
                .set("fluxgate.task.stall.timeout.ms", "3000") // the stalled task's status within seconds
                .launch();
        base = worker.base;
        try {
            // Before the worker is ready /health answers 503 "starting": a contract answer too.
            HttpResponse<String> health = worker.awaitHealthy(Duration.ofSeconds(90),
                    answer -> check("GET", "/health", answer, answer.statusCode() == 503 ? 503 : 200));
            assertEquals("healthy", json(health).path("status").asText());
            serverAndPlugins();
            validation(input);
            createAndRead(input);
            sinkThroughPutAndPatch(dir, output);
            pauseResumeRestart();
            topicsAndData(output);
            stalledTask(dir);
            sourceOffsets(input);
            sinkOffsetsAndTopicReset();
            loggers();
            errors();
            deleteAll();
        } catch (Throwable failure) {
            violations.forEach(v -> failure.addSuppressed(new AssertionError(v)));
            throw failure;
        }
        assertEquals(0, worker.stop(), "exit status after SIGTERM; stderr: " + dist.stderr());

        Set<String> unexercised = new TreeSet<>(contract.operations());
        unexercised.removeAll(operationsSeen);
        Set<String> unseenStatuses = new TreeSet<>(ConnectRestSpec.successStatuses());
        unseenStatuses.removeAll(statusesSeen);
        System.out.printf("REST contract: %d answers validated, %d of %d operations, %d ms%n", validated,
                operationsSeen.size(), contract.operations().size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertTrue(violations.isEmpty(), violations.size() + " contract violations:\n" + String.join("\n", violations));
        assertEquals(Set.of(), unexercised, "operations of the API the lifecycle never called");
        assertEquals(Set.of(), unseenStatuses, "success statuses of the reference table never seen");
    }

    // ---- the lifecycle

    private void serverAndPlugins() throws Exception {
        JsonNode root = json(call("GET", "/", null, 200));
        assertEquals("4.3.1", root.path("version").asText(), root.toString());

        JsonNode connectors = json(call("GET", "/connector-plugins", null, 200));
        assertTrue(contains(connectors, "class", "org.apache.kafka.connect.file.FileStreamSourceConnector"),
                connectors.toString());
        connectors.forEach(p -> assertTrue(Set.of("source", "sink").contains(p.path("type").asText()), p::toString));
        JsonNode all = json(call("GET", "/connector-plugins?connectorsOnly=false", null, 200));
        assertTrue(contains(all, "type", "transformation") && contains(all, "type", "converter"), all.toString());

        JsonNode sourceKeys = json(call("GET", "/connector-plugins/FileStreamSource/config", null, 200));
        assertTrue(contains(sourceKeys, "name", "topic"), sourceKeys.toString());
        JsonNode sinkKeys = json(call("GET",
                "/connector-plugins/org.apache.kafka.connect.file.FileStreamSinkConnector/config", null, 200));
        assertTrue(contains(sinkKeys, "name", "file"), sinkKeys.toString());
    }

    private void validation(Path input) throws Exception {
        JsonNode valid = json(call("PUT", "/connector-plugins/FileStreamSource/config/validate",
                sourceConfig("validated", input), 200));
        assertEquals(0, valid.path("error_count").asInt(), valid.toString());

        // Errors are reported in the answer, not as 400; the alias with its Connector suffix names the same plugin.
        JsonNode invalid = json(call("PUT", "/connector-plugins/FileStreamSourceConnector/config/validate",
                "{\"connector.class\":\"FileStreamSource\",\"name\":\"validated\",\"tasks.max\":\"many\"}", 200));
        assertTrue(invalid.path("error_count").asInt() >= 2, invalid.toString());

        error(call("PUT", "/connector-plugins/FileStreamSink/config/validate", sourceConfig("validated", input), 400));
    }

    private void createAndRead(Path input) throws Exception {
        String create = "{\"name\":\"" + SOURCE + "\",\"config\":" + sourceConfig(null, input) + "}";
        HttpResponse<String> created = call("POST", "/connectors", create, 201);
        assertEquals("/connectors/" + SOURCE, created.headers().firstValue("Location").map(URI::create)
                .map(URI::getPath).orElse(""));
        assertEquals("source", json(created).path("type").asText());

        error(call("POST", "/connectors", create, 409));
        String invalid = "{\"name\":\"contract-invalid\",\"config\":{\"connector.class\":\"FileStreamSource\"}}";
        JsonNode refused = error(call("POST", "/connectors", invalid, 400));
        assertTrue(refused.path("message").asText().contains("config/validate"), refused.toString());

        // Created stopped, through the trailing-slash form of the path.
        call("POST", "/connectors/", "{\"name\":\"" + STOPPED + "\",\"config\":" + sourceConfig(null, input)
                + ",\"initial_state\":\"STOPPED\"}", 201);
        awaitStatus(STOPPED, "STOPPED", 0);
        awaitStatus(SOURCE, "RUNNING", 1);

        assertEquals(List.of(SOURCE, STOPPED), strings(json(call("GET", "/connectors", null, 200))));
        assertEquals(Set.of("status"), fields(json(call("GET", "/connectors?expand=status", null, 200)).path(SOURCE)));
        assertEquals(Set.of("info"), fields(json(call("GET", "/connectors?expand=info", null, 200)).path(SOURCE)));
        JsonNode both = json(call("GET", "/connectors?expand=status&expand=info", null, 200));
        assertEquals(Set.of("status", "info"), fields(both.path(SOURCE)));

        assertEquals(SOURCE, json(call("GET", "/connectors/" + SOURCE, null, 200)).path("tasks").path(0)
                .path("connector").asText());
        JsonNode config = json(call("GET", "/connectors/" + SOURCE + "/config", null, 200));
        assertEquals(input.toString(), config.path("file").asText());
        // In the order the client sent it, the name last, as Kafka Connect answers (GitOps diffs rely on it).
        assertEquals(List.of("connector.class", "topic", "file", "name"), fieldOrder(config));
        assertEquals(List.of("connector.class", "topic", "file", "name"),
                fieldOrder(json(call("GET", "/connectors/" + SOURCE, null, 200)).path("config")));
        JsonNode tasks = json(call("GET", "/connectors/" + SOURCE + "/tasks", null, 200));
        assertEquals(1, tasks.size(), tasks.toString());
        assertTrue(tasks.path(0).path("config").has("task.class"), tasks.toString());
        assertEquals("RUNNING", json(call("GET", "/connectors/" + SOURCE + "/tasks/0/status", null, 200))
                .path("state").asText());
    }

    private void sinkThroughPutAndPatch(Path dir, Path output) throws Exception {
        String path = "/connectors/" + SINK + "/config";
        HttpResponse<String> created = call("PUT", path, sinkConfig(dir.resolve("first.txt"), ""), 201);
        assertEquals(path.replace("/config", ""), created.headers().firstValue("Location").map(URI::create)
                .map(URI::getPath).orElse(""));
        JsonNode updated = json(call("PUT", path, sinkConfig(dir.resolve("second.txt"), ",\"tasks.max\":\"1\""),
                200));
        assertEquals("1", updated.path("config").path("tasks.max").asText(), updated.toString());
        // PATCH merges; a JSON null removes the key.
        JsonNode patched = json(call("PATCH", path, "{\"file\":" + JSON.writeValueAsString(output.toString())
                + ",\"tasks.max\":null}", 200));
        assertEquals(output.toString(), patched.path("config").path("file").asText(), patched.toString());
        assertFalse(patched.path("config").has("tasks.max"), patched.toString());
        awaitStatus(SINK, "RUNNING", 1);
    }

    private void pauseResumeRestart() throws Exception {
        String connector = "/connectors/" + SOURCE;
        call("PUT", connector + "/pause", null, 202);
        awaitStatus(SOURCE, "PAUSED", 1);
        call("PUT", connector + "/pause", null, 202); // idempotent
        call("PUT", connector + "/resume", null, 202);
        awaitStatus(SOURCE, "RUNNING", 1);

        call("POST", connector + "/restart", null, 204);
        awaitStatus(SOURCE, "RUNNING", 1);
        // The answer is the restart plan: every restarted instance RESTARTING (Kafka's RestartPlan).
        JsonNode all = json(call("POST", connector + "/restart?includeTasks=true", null, 202));
        assertEquals("RESTARTING", all.path("connector").path("state").asText(), all.toString());
        assertEquals(1, all.path("tasks").size(), all.toString());
        all.path("tasks").forEach(t -> assertEquals("RESTARTING", t.path("state").asText(), all.toString()));
        awaitStatus(SOURCE, "RUNNING", 1);
        JsonNode failedOnly = json(call("POST", connector + "/restart?includeTasks=true&onlyFailed=true", null, 202));
        assertEquals("RUNNING", failedOnly.path("connector").path("state").asText(), "nothing had failed");
        failedOnly.path("tasks").forEach(t -> assertEquals("RUNNING", t.path("state").asText(), failedOnly::toString));

        call("POST", connector + "/tasks/0/restart", null, 204);
        awaitStatus(SOURCE, "RUNNING", 1);
    }

    private void topicsAndData(Path output) throws Exception {
        await("the source's topic in /topics", () -> json(call("GET", "/connectors/" + SOURCE + "/topics", null, 200))
                .path(SOURCE).path("topics").toString().equals("[\"" + TOPIC + "\"]"));
        await("the sink's output", () -> Files.exists(output) && Files.readAllLines(output).size() >= 3);
    }

    /**
     * A task RUNNING but stalled: Apache's FileStreamSource reading a named pipe that nobody writes hangs in poll()
     * (opening the pipe blocks until a writer comes). Its status keeps Kafka's shape, the reason in the trace of the
     * RUNNING task (validated like every answer, extra fields refused), /metrics serves the stall, and writing to
     * the pipe releases the task and clears the stall.
     */
    private void stalledTask(Path dir) throws Exception {
        Path pipe = dir.resolve("nobody-writes.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        call("POST", "/connectors", "{\"name\":\"" + STALLED + "\",\"config\":{\"connector.class\":"
                + "\"FileStreamSource\",\"topic\":\"contract-stalled-lines\",\"file\":"
                + JSON.writeValueAsString(pipe.toString()) + "}}", 201);
        String connector = "/connectors/" + STALLED;
        long created = System.nanoTime();
        await("the task reported stalled", () -> json(call("GET", connector + "/status", null, 200))
                .path("tasks").path(0).path("trace").asText().startsWith("Stalled: poll() has not returned"));
        JsonNode task = json(call("GET", connector + "/tasks/0/status", null, 200));
        assertEquals("RUNNING", task.path("state").asText(), task.toString());
        assertTrue(task.path("trace").asText().startsWith("Stalled: poll() has not returned for over 3 s "
                + "(fluxgate.task.stall.timeout.ms), since "), task.toString());
        String metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher stalledTime = Pattern.compile("(?m)^kafka_connect_connector_task_stalled_time_ms"
                + "\\{connector=\"" + STALLED + "\",task=\"0\",?\\} (\\S+)$").matcher(metrics);
        assertTrue(stalledTime.find(), "stalled-time-ms on /metrics");
        assertTrue(Double.parseDouble(stalledTime.group(1)) >= 3000, stalledTime.group());

        long reported = System.nanoTime();
        Files.writeString(pipe, "released\n"); // the writer the task waited for: poll() returns
        await("the stall cleared", () -> json(call("GET", connector + "/status", null, 200))
                .path("tasks").path(0).path("trace").isMissingNode());
        System.out.printf("Stalled task: reported %d ms after its creation (timeout 3000 ms), cleared %d ms after "
                + "its release%n", TimeUnit.NANOSECONDS.toMillis(reported - created),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reported));
        awaitStatus(STALLED, "RUNNING", 1);
        call("DELETE", connector, null, 204);
    }

    private void sourceOffsets(Path input) throws Exception {
        String connector = "/connectors/" + SOURCE;
        String alter = "{\"offsets\":[{\"partition\":{\"filename\":" + JSON.writeValueAsString(input.toString())
                + "},\"offset\":{\"position\":0}}]}";
        error(call("PATCH", connector + "/offsets", alter, 400)); // only a STOPPED connector's offsets change

        call("PUT", connector + "/stop", null, 204);
        awaitStatus(SOURCE, "STOPPED", 0);
        await("the source's committed offset", () -> json(call("GET", connector + "/offsets", null, 200))
                .path("offsets").path(0).path("offset").path("position").asLong() > 0);
        JsonNode altered = json(call("PATCH", connector + "/offsets", alter, 200));
        assertEquals("The offsets for this connector have been altered successfully",
                altered.path("message").asText());
        JsonNode offsets = json(call("GET", connector + "/offsets", null, 200)).path("offsets");
        assertEquals(input.toString(), offsets.path(0).path("partition").path("filename").asText(), offsets::toString);
        assertEquals(0, offsets.path(0).path("offset").path("position").asLong(-1), offsets::toString);
        assertEquals("The offsets for this connector have been reset successfully",
                json(call("DELETE", connector + "/offsets", null, 200)).path("message").asText());
        assertEquals(0, json(call("GET", connector + "/offsets", null, 200)).path("offsets").size());

        call("PUT", connector + "/resume", null, 202); // from STOPPED
        awaitStatus(SOURCE, "RUNNING", 1);
    }

    private void sinkOffsetsAndTopicReset() throws Exception {
        String connector = "/connectors/" + SINK;
        call("PUT", connector + "/stop", null, 204);
        awaitStatus(SINK, "STOPPED", 0);
        await("the sink's committed offset", () -> {
            JsonNode offset = json(call("GET", connector + "/offsets", null, 200)).path("offsets").path(0);
            return offset.path("partition").path("kafka_topic").asText().equals(TOPIC)
                    && offset.path("partition").path("kafka_partition").isInt()
                    && offset.path("offset").path("kafka_offset").asLong() >= 3;
        });
        call("PATCH", connector + "/offsets", "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"" + TOPIC
                + "\",\"kafka_partition\":0},\"offset\":{\"kafka_offset\":1}}]}", 200);
        assertEquals(1, json(call("GET", connector + "/offsets", null, 200)).path("offsets").path(0).path("offset")
                .path("kafka_offset").asLong());
        call("DELETE", connector + "/offsets", null, 200);
        assertEquals(0, json(call("GET", connector + "/offsets", null, 200)).path("offsets").size());

        assertFalse(json(call("GET", connector + "/topics", null, 200)).path(SINK).path("topics").isEmpty());
        call("PUT", connector + "/topics/reset", null, 202);
        assertEquals("[]", json(call("GET", connector + "/topics", null, 200)).path(SINK).path("topics").toString());
    }

    private void loggers() throws Exception {
        assertTrue(json(call("GET", "/admin/loggers", null, 200)).has("root"));
        assertFalse(json(call("GET", "/admin/loggers/root", null, 200)).path("level").asText().isEmpty());
        JsonNode affected = json(call("PUT", "/admin/loggers/" + FILE_LOGGER, "{\"level\":\"DEBUG\"}", 200));
        assertTrue(strings(affected).contains(FILE_LOGGER), affected.toString());
        JsonNode level = json(call("GET", "/admin/loggers/" + FILE_LOGGER, null, 200));
        assertEquals("DEBUG", level.path("level").asText());
        assertTrue(level.path("last_modified").isNumber(), level.toString());
        call("PUT", "/admin/loggers/" + FILE_LOGGER + "?scope=cluster", "{\"level\":\"INFO\"}", 204);
        assertEquals("INFO", json(call("GET", "/admin/loggers/" + FILE_LOGGER, null, 200)).path("level").asText());
    }

    /** rest-api.md, "Status codes": each refusal with its status and the error body. */
    private void errors() throws Exception {
        error(call("GET", "/connectors/no-such-connector", null, 404));
        error(call("GET", "/connectors/no-such-connector/status", null, 404));
        error(call("PUT", "/connectors/no-such-connector/pause", null, 404));
        error(call("PATCH", "/connectors/no-such-connector/config", "{\"file\":\"/dev/null\"}", 404));
        error(call("GET", "/connectors/" + SOURCE + "/tasks/7/status", null, 404));
        error(call("POST", "/connectors/" + SOURCE + "/tasks/7/restart", null, 404));
        error(call("GET", "/connectors/no-such-connector/offsets", null, 404));
        error(call("GET", "/connector-plugins/NoSuchConnector/config", null, 404));
        error(call("DELETE", "/connectors/" + SOURCE + "/offsets", null, 400)); // running: STOPPED only
        error(call("PUT", "/connectors/" + SOURCE + "/config", "{\"name\":\"another\"}", 400));
        error(call("POST", "/connectors", "{\"name\":\"contract-named\",\"config\":{\"name\":\"other\","
                + "\"connector.class\":\"FileStreamSink\",\"topics\":\"t\"}}", 400));
        error(call("GET", "/admin/loggers/no.such.logger", null, 404));
        error(call("PUT", "/admin/loggers/root", "{\"level\":\"LOUD\"}", 404)); // sic: Kafka's answer
        error(call("GET", "/no/such/route", null, 404));
        error(call("DELETE", "/connectors", null, 405));
        error(call("POST", "/connectors/" + SOURCE + "/status", null, 405));
        error(send("POST", "/connectors", "text/plain", "name=x", 415));
    }

    private void deleteAll() throws Exception {
        for (String connector : List.of(SOURCE, SINK, STOPPED)) {
            call("DELETE", "/connectors/" + connector, null, 204);
        }
        error(call("DELETE", "/connectors/" + SOURCE, null, 404));
        assertEquals("[]", call("GET", "/connectors/", null, 200).body()); // trailing slash accepted
    }

    // ---- HTTP, validated

    /** Sends a request (a JSON body when {@code body} is not null) and checks its answer; see {@link #check}. */
    private HttpResponse<String> call(String method, String target, String body, int expected) throws Exception {
        return send(method, target, body == null ? null : "application/json", body, expected);
    }

    private HttpResponse<String> send(String method, String target, String contentType, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(target)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        check(method, target, response, expected);
        return response;
    }

    /**
     * Validates the answer against the contract and its status against the one rest-api.md's table gives for this
     * request; a mismatch is recorded, not thrown, so that one run lists every violation.
     */
    private void check(String method, String target, HttpResponse<String> response, int expected) {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        ValidationReport report = contract.validate(method, path, response);
        validated++;
        String exchange = method + " " + target + " -> " + response.statusCode();
        if (report.hasErrors()) {
            violations.add(exchange + ": " + ConnectRestContract.describe(report) + "\n    body: "
                    + abbreviated(response.body()));
        }
        if (response.statusCode() != expected) {
            violations.add(exchange + ": the reference table says " + expected + "; body: "
                    + abbreviated(response.body()));
        }
        contract.operation(method, path).ifPresent(operation -> {
            operationsSeen.add(operation);
            statusesSeen.add(operation + " " + response.statusCode());
        });
    }

    private JsonNode awaitStatus(String connector, String state, int tasks) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Predicate<JsonNode> reached = status -> status.path("connector").path("state").asText().equals(state)
                && status.path("tasks").size() == tasks
                && strings(status.path("tasks"), "state").stream().allMatch(state::equals);
        try {
            await(connector + " " + state + " with " + tasks + " tasks", () -> {
                last[0] = json(call("GET", "/connectors/" + connector + "/status", null, 200));
                return reached.test(last[0]);
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; last status " + last[0], timedOut);
        }
        return last[0];
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    // ---- bodies

    private static String sourceConfig(String name, Path input) throws IOException {
        return "{" + (name == null ? "" : "\"name\":\"" + name + "\",")
                + "\"connector.class\":\"FileStreamSource\",\"topic\":\"" + TOPIC + "\",\"file\":"
                + JSON.writeValueAsString(input.toString()) + "}";
    }

    private static String sinkConfig(Path file, String more) throws IOException {
        return "{\"connector.class\":\"FileStreamSink\",\"topics\":\"" + TOPIC + "\",\"file\":"
                + JSON.writeValueAsString(file.toString()) + more + "}";
    }

    /** The error body: exactly {@code error_code}, equal to the status, and {@code message}. */
    private static JsonNode error(HttpResponse<String> response) throws IOException {
        JsonNode body = json(response);
        assertEquals(Set.of("error_code", "message"), fields(body), response.body());
        assertEquals(response.statusCode(), body.path("error_code").asInt(), response.body());
        return body;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static boolean contains(JsonNode array, String field, String value) {
        return strings(array, field).contains(value);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.path(field).asText()));
        return values;
    }

    /** The names of an object's fields, in the order the answer wrote them. */
    private static List<String> fieldOrder(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String abbreviated(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "...";
    }
}

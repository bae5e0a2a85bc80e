package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.State;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.InMemoryHerder;

/** {@code /connectors} over real HTTP: Kafka Connect's status codes, bodies and field names. */
class ConnectorsResourceTest {

    private static final String JSON = "application/json";
    private static final AtomicReference<Herder> HERDER = new AtomicReference<>();
    private static RestServer server;
    private static HttpProbe http;
    private InMemoryHerder herder;

    @BeforeAll
    static void start() throws Exception {
        RestListener listener = new RestListener("http", "127.0.0.1", 0);
        server = RestServer.start(List.of(listener),
                ConnectRestApi.create(Optional::empty, () -> Optional.ofNullable(HERDER.get())));
        http = new HttpProbe(server.localPort(listener));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void freshHerder() {
        herder = new InMemoryHerder();
        HERDER.set(herder);
    }

    private HttpResponse<String> create(String name) {
        return http.send("POST", "/connectors", JSON,
                "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":1}}");
    }

    @Test
    void createAnswers201WithLocationAndConnectorInfo() {
        HttpResponse<String> response = create("local-file-source");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("/connectors/local-file-source",
                response.headers().firstValue("Location").map(l -> l.replaceFirst("^http://[^/]+", "")).orElse(""));
        JsonNode info = json(response);
        assertEquals(Set.of("name", "config", "tasks", "type"), fields(info));
        assertEquals("local-file-source", info.get("config").get("name").asText(), "name filled in from the body");
        assertEquals("1", info.get("config").get("tasks.max").asText(), "numbers are taken as strings");
        assertEquals("source", info.get("type").asText());
        assertEquals("local-file-source", info.get("tasks").get(0).get("connector").asText());
        assertEquals(0, info.get("tasks").get(0).get("task").asInt());
    }

    @Test
    void duplicateNameIs409AndMismatchedNameIs400() {
        create("c");
        HttpResponse<String> duplicate = create("c");
        assertError(duplicate, 409, "Connector c already exists");

        HttpResponse<String> mismatch = http.send("POST", "/connectors", JSON,
                "{\"name\":\"a\",\"config\":{\"name\":\"b\"}}");
        assertError(mismatch, 400, "Connector name configuration (b) doesn't match connector name in the URL (a)");

        assertError(http.send("POST", "/connectors", JSON, "{\"name\":\"x\"}"), 400,
                "Connector configuration is missing");
        assertError(http.send("POST", "/connectors", JSON,
                "{\"name\":\"x\",\"config\":{},\"initial_state\":\"SLEEPING\"}"), 400,
                "Invalid initial_state SLEEPING: must be RUNNING, PAUSED or STOPPED");
    }

    @Test
    void initialStateIsHonoured() {
        http.send("POST", "/connectors", JSON, "{\"name\":\"p\",\"config\":{},\"initial_state\":\"PAUSED\"}");
        assertEquals("PAUSED", json(http.get("/connectors/p/status")).get("connector").get("state").asText());
    }

    @Test
    void listAndExpand() {
        create("b");
        create("a");
        assertEquals("[\"a\",\"b\"]", http.get("/connectors").body());
        assertEquals("[\"a\",\"b\"]", http.get("/connectors/").body(), "trailing slash");

        JsonNode expanded = json(http.get("/connectors?expand=status&expand=info"));
        assertEquals(Set.of("a", "b"), fields(expanded));
        assertEquals(Set.of("status", "info"), fields(expanded.get("a")));
        assertEquals("RUNNING", expanded.get("a").get("status").get("connector").get("state").asText());
        assertEquals("a", expanded.get("a").get("info").get("name").asText());
    }

    @Test
    void statusHasKafkaFieldsAndTraceOnlyWhenFailed() {
        create("c");
        JsonNode status = json(http.get("/connectors/c/status"));
        assertEquals(Set.of("name", "connector", "tasks", "type"), fields(status));
        assertEquals(Set.of("state", "worker_id", "version"), fields(status.get("connector")));
        assertEquals(Set.of("id", "state", "worker_id", "version"), fields(status.get("tasks").get(0)));

        herder.setState("c", State.FAILED);
        JsonNode failed = json(http.get("/connectors/c/status"));
        assertTrue(failed.get("connector").get("trace").asText().contains("boom"));
        JsonNode task = json(http.get("/connectors/c/tasks/0/status"));
        assertEquals(Set.of("id", "state", "worker_id", "trace", "version"), fields(task));
        assertEquals("FAILED", task.get("state").asText());
    }

    @Test
    void configTasksPutAndPatch() {
        create("c");
        assertEquals("FileStreamSource", json(http.get("/connectors/c/config")).get("connector.class").asText());
        JsonNode tasks = json(http.get("/connectors/c/tasks"));
        assertEquals(Set.of("id", "config"), fields(tasks.get(0)));

        HttpResponse<String> updated = http.send("PUT", "/connectors/c/config", JSON, "{\"tasks.max\":\"2\"}");
        assertEquals(200, updated.statusCode());
        HttpResponse<String> created = http.send("PUT", "/connectors/d/config", JSON, "{\"tasks.max\":\"2\"}");
        assertEquals(201, created.statusCode());
        assertError(http.send("PUT", "/connectors/d/config", JSON, "{\"name\":\"e\"}"), 400,
                "Connector name configuration (e) doesn't match connector name in the URL (d)");

        HttpResponse<String> patched = http.send("PATCH", "/connectors/c/config", JSON,
                "{\"tasks.max\":null,\"file\":\"/tmp/x\"}");
        assertEquals(200, patched.statusCode(), patched.body());
        JsonNode config = json(http.get("/connectors/c/config"));
        assertFalse(config.has("tasks.max"), "a JSON null removes the key");
        assertEquals("/tmp/x", config.get("file").asText());
    }

    @Test
    void lifecycleOperationsAnswerKafkaStatuses() {
        create("c");
        assertEquals(202, http.send("PUT", "/connectors/c/pause", JSON, "").statusCode());
        assertEquals("PAUSED", json(http.get("/connectors/c/status")).get("connector").get("state").asText());
        assertEquals(202, http.send("PUT", "/connectors/c/resume", JSON, "").statusCode());
        assertEquals(204, http.send("PUT", "/connectors/c/stop", JSON, "").statusCode());
        assertEquals(204, http.send("POST", "/connectors/c/restart", JSON, "").statusCode());
        assertEquals(204, http.send("POST", "/connectors/c/tasks/0/restart", JSON, "").statusCode());

        herder.setState("c", State.FAILED);
        HttpResponse<String> restartFailed = http.send("POST", "/connectors/c/restart?includeTasks=true&onlyFailed=true",
                JSON, "");
        assertEquals(202, restartFailed.statusCode());
        assertEquals(Set.of("name", "connector", "tasks", "type"), fields(json(restartFailed)));
        assertTrue(herder.calls().contains("restartTask c-0"), herder.calls().toString());

        assertEquals(204, http.send("DELETE", "/connectors/c", JSON, "").statusCode());
        assertEquals("[]", http.get("/connectors").body());
    }

    /**
     * As Kafka's RestartPlan, the 202 answer is the status before the restart with each instance the request
     * restarts shown RESTARTING; the current status would already show them RUNNING again (a race in the answer).
     */
    @Test
    void restartAnswersThePlanWithRestartedInstancesRestarting() {
        create("c");
        JsonNode all = json(http.send("POST", "/connectors/c/restart?includeTasks=true", JSON, ""));
        assertEquals("RESTARTING", all.get("connector").get("state").asText(), all.toString());
        assertEquals("RESTARTING", all.get("tasks").get(0).get("state").asText(), all.toString());
        assertEquals("127.0.0.1:8083", all.get("tasks").get(0).get("worker_id").asText());
        assertEquals("4.3.1", all.get("connector").get("version").asText());

        HttpResponse<String> nothingFailed = http.send("POST",
                "/connectors/c/restart?includeTasks=true&onlyFailed=true", JSON, "");
        assertEquals(202, nothingFailed.statusCode());
        assertEquals("RUNNING", json(nothingFailed).get("connector").get("state").asText());
        assertEquals("RUNNING", json(nothingFailed).get("tasks").get(0).get("state").asText());
        assertEquals(1, herder.calls().stream().filter("restartTask c-0"::equals).count(), "only the first restarted");

        herder.setState("c", State.FAILED);
        JsonNode connectorOnly = json(http.send("POST", "/connectors/c/restart?onlyFailed=true", JSON, ""));
        assertEquals("RESTARTING", connectorOnly.get("connector").get("state").asText(), connectorOnly.toString());
        assertTrue(connectorOnly.get("connector").has("trace"), "the trace of the failure is kept, as Kafka does");
        assertEquals("FAILED", connectorOnly.get("tasks").get(0).get("state").asText(), "tasks not included");
    }

    @Test
    void unknownConnectorsAndTasksAre404() {
        assertError(http.get("/connectors/nope"), 404, "Connector nope not found");
        assertError(http.get("/connectors/nope/status"), 404, "Connector nope not found");
        assertError(http.send("DELETE", "/connectors/nope", JSON, ""), 404, "Connector nope not found");
        assertError(http.send("PUT", "/connectors/nope/pause", JSON, ""), 404, "Connector nope not found");
        create("c");
        assertError(http.get("/connectors/c/tasks/7/status"), 404, "Task c-7 not found");
    }

    @Test
    void noHerderYetIs503() {
        HERDER.set(null);
        assertError(http.get("/connectors"), 503, "Worker is still starting up.");
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(Set.of("error_code", "message"), fields(body));
        assertEquals(status, body.get("error_code").asInt());
        assertEquals(message, body.get("message").asText());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

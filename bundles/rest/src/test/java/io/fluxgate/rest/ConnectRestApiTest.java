package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.apache.kafka.common.utils.AppInfoParser;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.api.worker.WorkerInfo;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.testing.FakeWorkerInfo;
import io.fluxgate.rest.testing.HttpProbe;

/** Kafka Connect's REST API as clients see it, over real HTTP. */
class ConnectRestApiTest {

    private static final AtomicReference<WorkerInfo> WORKER = new AtomicReference<>();
    private static RestServer server;
    private static HttpProbe http;

    @BeforeAll
    static void start() throws Exception {
        ResourceConfig api = ConnectRestApi.create(() -> Optional.ofNullable(WORKER.get()));
        api.register(new ProbeResource());
        RestListener listener = new RestListener("http", "127.0.0.1", 0);
        server = RestServer.start(List.of(listener), api);
        http = new HttpProbe(server.localPort(listener));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void noWorker() {
        WORKER.set(null);
    }

    @Test
    void rootGivesTheKafkaConnectVersionCommitAndClusterId() {
        WORKER.set(new FakeWorkerInfo().clusterId("Jd2nV3kTQ8e1mJ0s9Xw1dA").health(WorkerHealth.healthy()));

        HttpResponse<String> response = http.get("/");

        assertEquals(200, response.statusCode());
        assertJson(response);
        JsonNode body = json(response);
        assertEquals(Set.of("version", "commit", "kafka_cluster_id"), fieldNames(body));
        assertEquals(AppInfoParser.getVersion(), body.get("version").asText());
        assertTrue(body.get("version").asText().matches("\\d+\\.\\d+\\.\\d+"), body.toString());
        assertEquals(AppInfoParser.getCommitId(), body.get("commit").asText());
        assertTrue(body.get("commit").asText().matches("[0-9a-f]{16,40}"), body.toString());
        assertEquals("Jd2nV3kTQ8e1mJ0s9Xw1dA", body.get("kafka_cluster_id").asText());
    }

    @Test
    void rootWritesANullClusterIdBeforeTheWorkerKnowsIt() {
        JsonNode body = json(http.get("/"));

        assertEquals(Set.of("version", "commit", "kafka_cluster_id"), fieldNames(body));
        assertTrue(body.get("kafka_cluster_id").isNull(), body.toString());
    }

    @Test
    void healthIsStartingWhileTheWorkerIsAbsent() {
        HttpResponse<String> response = http.get("/health");

        assertEquals(503, response.statusCode());
        assertJson(response);
        JsonNode body = json(response);
        assertEquals(Set.of("status", "message"), fieldNames(body));
        assertEquals("starting", body.get("status").asText());
        assertEquals(WorkerHealth.starting().message(), body.get("message").asText());
    }

    @Test
    void healthFollowsTheWorker() {
        FakeWorkerInfo worker = new FakeWorkerInfo();
        WORKER.set(worker);

        worker.health(new WorkerHealth(WorkerHealth.Status.STARTING, "Still joining the group."));
        assertHealth(503, "starting", "Still joining the group.");

        worker.health(WorkerHealth.healthy());
        assertHealth(200, "healthy", WorkerHealth.healthy().message());

        worker.health(WorkerHealth.unhealthy("Cannot reach the Kafka cluster at kafka:9092"));
        assertHealth(500, "unhealthy", "Cannot reach the Kafka cluster at kafka:9092");
    }

    @Test
    void trailingSlashesAreAccepted() {
        WORKER.set(new FakeWorkerInfo().health(WorkerHealth.healthy()));

        assertEquals(200, http.get("/health/").statusCode());
        assertEquals("healthy", json(http.get("/health/")).get("status").asText());
    }

    @Test
    void unknownRouteIs404WithKafkasErrorBody() {
        HttpResponse<String> response = http.get("/no/such/route");

        assertError(response, 404, "HTTP 404 Not Found");
    }

    @Test
    void wrongMethodIs405WithKafkasErrorBodyAndAllow() {
        HttpResponse<String> response = http.send("DELETE", "/health", "application/json", "");

        assertError(response, 405, "HTTP 405 Method Not Allowed");
        String allow = response.headers().firstValue("Allow").orElse("");
        assertTrue(allow.contains("GET"), "Allow: " + allow);
    }

    @Test
    void unsupportedMediaTypeIs415WithKafkasErrorBody() {
        HttpResponse<String> response = http.send("POST", "/probe/echo", "text/plain", "hello");

        assertError(response, 415, "HTTP 415 Unsupported Media Type");
    }

    @Test
    void unexpectedFailureIs500WithTheExceptionMessage() {
        HttpResponse<String> response = http.get("/probe/fail");

        assertError(response, 500, "the probe failed on purpose");
    }

    @Test
    void unknownRequestFieldsAreIgnored() {
        HttpResponse<String> response =
                http.send("POST", "/probe/echo", "application/json", "{\"name\":\"a\",\"future_field\":[1,2]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"name\":\"a\"}", response.body());
    }

    @Test
    void malformedJsonIs400WithKafkasErrorBody() {
        HttpResponse<String> response = http.send("POST", "/probe/echo", "application/json", "{\"name\":");

        assertError(response, 400, "Unexpected end-of-input within/between Object entries (line 1, column 9)");
    }

    @Test
    void wronglyShapedJsonIs400WithKafkasErrorBody() {
        HttpResponse<String> response = http.send("POST", "/probe/echo", "application/json", "[1]");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals(400, json(response).get("error_code").asInt());
    }

    @Test
    void errorsJettyAnswersItselfUseKafkasErrorBodyToo() throws IOException {
        String answer = http.raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        JsonNode body = json(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals(Set.of("error_code", "message"), fieldNames(body));
        assertEquals(400, body.get("error_code").asInt());
    }

    private static void assertHealth(int status, String state, String message) {
        HttpResponse<String> response = http.get("/health");
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(state, body.get("status").asText());
        assertEquals(message, body.get("message").asText());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertJson(response);
        JsonNode body = json(response);
        assertEquals(Set.of("error_code", "message"), fieldNames(body));
        assertEquals(status, body.get("error_code").asInt());
        assertEquals(message, body.get("message").asText());
    }

    private static void assertJson(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json"), "Content-Type: " + type);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Routes that the real API does not have yet, to reach the error paths. */
    @Path("/probe")
    public static final class ProbeResource {

        @GET
        @Path("fail")
        public String fail() {
            throw new IllegalStateException("the probe failed on purpose");
        }

        @POST
        @Path("echo")
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Echo echo(Echo echo) {
            return echo;
        }
    }

    public record Echo(@JsonProperty("name") String name) {
    }
}

package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.testing.ClusterMemberHerder;
import io.fluxgate.rest.testing.ClusterMemberHerder.TaskConfigsWrite;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.Ports;

/**
 * Distributed mode's forwarding over real HTTP, between three REST servers in this JVM: A and B follow, C leads
 * (unless a test says otherwise). What each server received is recorded as it arrived.
 */
class RequestForwardingTest {

    private static final String JSON = "application/json";
    private static final String CREATE = "{\"name\":\"c\",\"config\":{\"connector.class\":\"FileStreamSink\","
            + "\"topics\":\"t\"}}";
    private static final String SIGNATURE = "X-Connect-Authorization";
    private static final String ALGORITHM = "X-Connect-Request-Signature-Algorithm";

    private static final Worker A = new Worker();
    private static final Worker B = new Worker();
    private static final Worker C = new Worker();

    /** One worker: its server, its herder and what it received. */
    private static final class Worker implements ContainerRequestFilter {
        volatile ClusterMemberHerder herder = new ClusterMemberHerder();
        final List<Received> received = new ArrayList<>();
        RestServer server;
        HttpProbe http;
        String url;

        void start() throws Exception {
            RestListener listener = new RestListener("http", "127.0.0.1", 0);
            ResourceConfig api = ConnectRestApi.create(Optional::empty, () -> Optional.of(herder.herder()));
            api.register(this);
            server = RestServer.start(List.of(listener), api);
            http = new HttpProbe(server.localPort(listener));
            url = "http://127.0.0.1:" + server.localPort(listener) + "/";
        }

        @Override
        public synchronized void filter(ContainerRequestContext request) {
            received.add(new Received(request.getMethod(), request.getUriInfo().getRequestUri().getRawPath()
                    + Optional.ofNullable(request.getUriInfo().getRequestUri().getRawQuery()).map(q -> "?" + q)
                            .orElse(""), request.getHeaders().keySet().stream().map(String::toLowerCase).toList(),
                    request.getHeaderString("Authorization")));
        }

        synchronized List<Received> received() {
            return List.copyOf(received);
        }

        synchronized Received last() {
            return received.get(received.size() - 1);
        }
    }

    private record Received(String method, String pathAndQuery, List<String> headers, String authorization) {
    }

    @BeforeAll
    static void start() throws Exception {
        A.start();
        B.start();
        C.start();
    }

    @AfterAll
    static void stop() {
        for (Worker worker : List.of(A, B, C)) {
            if (worker.server != null) {
                worker.server.stop();
            }
        }
    }

    @BeforeEach
    void followC() {
        for (Worker worker : List.of(A, B, C)) {
            synchronized (worker) {
                worker.received.clear();
            }
            worker.herder = new ClusterMemberHerder();
        }
        C.herder.lead();
        A.herder.follow(C.url);
        B.herder.follow(C.url);
    }

    @Test
    void aCreateOnAFollowerIsMadeByTheLeaderAndItsAnswerRelayed() {
        HttpResponse<String> viaA = A.http.send("POST", "/connectors", JSON, CREATE);
        assertEquals(201, viaA.statusCode(), viaA.body());
        assertEquals(List.of("c"), C.herder.state().connectors());
        assertEquals(List.of(), A.herder.state().connectors());
        assertEquals(new Received("POST", "/connectors?forward=true", C.last().headers(), null), C.last());
        assertEquals(C.http.get("/connectors/c").body(), viaA.body());
        assertEquals(JSON, viaA.headers().firstValue("Content-Type").orElse(""));
        // As Kafka Connect builds it, where the client asked.
        assertEquals(A.url + "connectors/c", viaA.headers().firstValue("Location").orElse(""));
    }

    @Test
    void theLeadersRefusalIsRelayedUnchanged() {
        String invalid = "{\"name\":\"c\",\"config\":{\"connector.class\":\"FileStreamSink\",\""
                + ClusterMemberHerder.INVALID_KEY + "\":\"x\"}}";
        HttpResponse<String> viaA = A.http.send("POST", "/connectors", JSON, invalid);
        HttpResponse<String> direct = C.http.send("POST", "/connectors", JSON, invalid);
        assertEquals(400, viaA.statusCode());
        assertEquals(direct.body(), viaA.body());
        assertTrue(json(viaA).get("message").asText().contains("\nInvalid value x for configuration"), viaA.body());

        C.http.send("POST", "/connectors", JSON, CREATE);
        HttpResponse<String> duplicate = B.http.send("POST", "/connectors", JSON, CREATE);
        assertEquals(409, duplicate.statusCode());
        assertEquals("{\"error_code\":409,\"message\":\"Connector c already exists\"}", duplicate.body());
        assertEquals(404, A.http.send("DELETE", "/connectors/nope", JSON, "").statusCode());
    }

    @Test
    void aRequestTakesTwoHopsAtMost() {
        A.herder.follow(B.url);
        B.herder.follow(C.url);
        HttpResponse<String> twoHops = A.http.send("POST", "/connectors", JSON, CREATE);
        assertEquals(201, twoHops.statusCode(), twoHops.body());
        assertEquals("POST /connectors?forward=true", B.last().method() + " " + B.last().pathAndQuery());
        assertEquals("POST /connectors?forward=false", C.last().method() + " " + C.last().pathAndQuery());

        C.herder.follow(A.url);
        int receivedByA = A.received().size();
        HttpResponse<String> threeHops = A.http.send("PUT", "/connectors/d/config", JSON, "{\"k\":\"v\"}");
        assertError(threeHops, 409, "Cannot complete request because of a conflicting operation (e.g. worker "
                + "rebalance)");
        assertEquals(receivedByA + 1, A.received().size(), "not forwarded a third time");
        // A client saying it is a forwarded request gets no hop at all.
        assertError(A.http.send("DELETE", "/connectors/c?forward=false", JSON, ""), 409,
                "Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
        assertEquals(List.of("c"), C.herder.state().connectors());
    }

    @Test
    void withoutAKnownLeaderTheAnswerIs409() {
        A.herder.follow(null);
        assertError(A.http.send("POST", "/connectors", JSON, CREATE), 409, "Cannot complete request momentarily "
                + "due to no known leader URL, likely because a rebalance was underway.");
        assertEquals(List.of(), C.received());
    }

    @Test
    void onlyTheAuthorizationHeaderIsForwarded() {
        HttpResponse<String> created = A.http.send(A.http.request("/connectors")
                .header("Content-Type", JSON)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .header("Cookie", "session=secret")
                .header("X-Custom", "private")
                .POST(HttpRequest.BodyPublishers.ofString(CREATE)).build());
        assertEquals(201, created.statusCode(), created.body());
        Received atLeader = C.last();
        assertEquals("Basic dXNlcjpwYXNz", atLeader.authorization());
        assertTrue(atLeader.headers().contains("content-type"), atLeader.headers().toString());
        assertFalse(atLeader.headers().contains("cookie"), atLeader.headers().toString());
        assertFalse(atLeader.headers().contains("x-custom"), atLeader.headers().toString());
    }

    @Test
    void everyWriteIsForwardedWithItsQueryAndItsStatusRelayed() {
        assertEquals(201, B.http.send("PUT", "/connectors/c/config", JSON, "{\"connector.class\":\"S\"}")
                .statusCode());
        assertEquals(200, B.http.send("PUT", "/connectors/c/config", JSON, "{\"connector.class\":\"T\"}")
                .statusCode());
        // A follower reads the configuration to patch from the config topic, as the leader does.
        B.herder.state().putConnectorConfig("c", C.herder.state().connectorConfig("c"), TargetState.STARTED, false);
        HttpResponse<String> patched = B.http.send("PATCH", "/connectors/c/config", JSON, "{\"topics\":\"x\"}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("x", json(patched).get("config").get("topics").asText());
        assertEquals(204, B.http.send("POST", "/connectors/c/restart", JSON, "").statusCode());
        assertEquals(204, B.http.send("POST", "/connectors/c/tasks/0/restart", JSON, "").statusCode());
        assertEquals(404, B.http.send("POST", "/connectors/c/tasks/3/restart", JSON, "").statusCode());

        C.herder.state().setState("c", State.FAILED);
        HttpResponse<String> plan = B.http.send("POST", "/connectors/c/restart?onlyFailed=true&includeTasks=true",
                JSON, "");
        assertEquals(202, plan.statusCode(), plan.body());
        JsonNode planned = json(plan);
        assertEquals("RESTARTING", planned.get("connector").get("state").asText());
        assertEquals("RESTARTING", planned.get("tasks").get(0).get("state").asText());
        assertEquals("POST /connectors/c/restart?forward=true&onlyFailed=true&includeTasks=true",
                C.last().method() + " " + C.last().pathAndQuery());

        assertEquals(204, B.http.send("PUT", "/connectors/c/stop", JSON, "").statusCode());
        HttpResponse<String> altered = B.http.send("PATCH", "/connectors/c/offsets", JSON, "{\"offsets\":[{"
                + "\"partition\":{\"kafka_topic\":\"x\",\"kafka_partition\":0},\"offset\":{\"kafka_offset\":5}}]}");
        assertEquals("{\"message\":\"The offsets for this connector have been altered successfully\"}",
                altered.body());
        HttpResponse<String> reset = B.http.send("DELETE", "/connectors/c/offsets", JSON, "");
        assertEquals("{\"message\":\"The offsets for this connector have been reset successfully\"}", reset.body());
        assertEquals(204, B.http.send("DELETE", "/connectors/c", JSON, "").statusCode());
        assertEquals(List.of("restartConnector c", "restartTask c-0", "restartConnector c", "restartTask c-0",
                "stop c", "alterOffsets c", "resetOffsets c", "delete c"), C.herder.state().calls());
        assertEquals(List.of(), B.herder.state().calls());
        assertEquals("T", B.herder.state().connectorConfig("c").get("connector.class"), "written by the leader");
    }

    @Test
    void readsPauseAndResumeAreAnsweredHere() {
        B.herder.state().putConnectorConfig("local", Map.of("connector.class", "S", "name", "local"),
                TargetState.STARTED, false);
        assertEquals(200, B.http.get("/connectors/local").statusCode());
        assertEquals(202, B.http.send("PUT", "/connectors/local/pause", JSON, "").statusCode());
        assertEquals(202, B.http.send("PUT", "/connectors/local/resume", JSON, "").statusCode());
        assertEquals(List.of("pause local", "resume local"), B.herder.state().calls());
        assertEquals(List.of(), C.received());
    }

    @Test
    void taskConfigsReachTheLeaderAsSignedByteForByte() {
        String body = "[ {\"task.class\" : \"T\",  \"n\":\"0\"},\n{\"task.class\":\"T\",\"n\":\"1\"} ]";
        byte[] mac = {1, 2, 3, (byte) 0xff};
        HttpResponse<String> written = A.http.send(A.http.request("/connectors/c/tasks")
                .header("Content-Type", JSON)
                .header(SIGNATURE, Base64.getEncoder().encodeToString(mac))
                .header(ALGORITHM, "HmacSHA256")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(204, written.statusCode(), written.body());
        assertEquals("", written.body());
        assertEquals(List.of(), A.herder.taskConfigsWrites());
        TaskConfigsWrite atLeader = C.herder.taskConfigsWrites().get(0);
        assertEquals("c", atLeader.connector());
        assertEquals(List.of(Map.of("task.class", "T", "n", "0"), Map.of("task.class", "T", "n", "1")),
                atLeader.taskConfigs());
        RequestSignature signature = atLeader.signature();
        assertEquals("HmacSHA256", signature.algorithm());
        assertArrayEquals(mac, signature.signature());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), signature.body());
        assertTrue(C.last().headers().containsAll(List.of(SIGNATURE.toLowerCase(), ALGORITHM.toLowerCase())));

        assertEquals(204, C.http.send("POST", "/connectors/d/tasks", JSON, "[]").statusCode());
        assertNull(C.herder.taskConfigsWrites().get(1).signature(), "unsigned");
    }

    @Test
    void aSignatureThatCannotBeReadIsABadRequest() {
        assertError(C.http.send(C.http.request("/connectors/c/tasks").header(SIGNATURE, "AQID")
                .header(ALGORITHM, "HmacNone").POST(HttpRequest.BodyPublishers.ofString("[]")).build()), 400,
                "Algorithm HmacNone not available");
        HttpResponse<String> notBase64 = C.http.send(C.http.request("/connectors/c/tasks").header(SIGNATURE, "%%")
                .header(ALGORITHM, "HmacSHA256").POST(HttpRequest.BodyPublishers.ofString("[]")).build());
        assertEquals(400, notBase64.statusCode(), notBase64.body());
        assertEquals(400, C.http.send("POST", "/connectors/c/tasks", JSON, "{\"not\":\"a list\"}").statusCode());
        assertEquals(List.of(), C.herder.taskConfigsWrites());
    }

    @Test
    void aTargetThatCannotBeReachedIs500() {
        A.herder.follow("http://127.0.0.1:" + Ports.free() + "/");
        HttpResponse<String> response = A.http.send("POST", "/connectors", JSON, CREATE);
        assertError(response, 500, "IO Error trying to forward REST request: java.net.ConnectException: "
                + "Connection refused");
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = json(response);
        assertEquals(status, error.get("error_code").asInt(), response.body());
        assertEquals(message, error.get("message").asText(), response.body());
    }
}

package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.State;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.InMemoryHerder;

/** {@code /connectors/{c}/offsets} and {@code /connectors/{c}/topics} over real HTTP, with Kafka Connect's shapes. */
class ConnectorOffsetsResourceTest {

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
        http.send("POST", "/connectors", JSON, "{\"name\":\"c\",\"config\":{\"connector.class\":\"FileStreamSink\"}}");
    }

    @Test
    void offsetsHaveKafkasShapeWithScalarsInside() {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("kafka_topic", "orders");
        partition.put("kafka_partition", 3);
        herder.setOffsets("c", new ConnectorOffsets(List.of(new ConnectorOffset(partition,
                Map.of("kafka_offset", 1000L)))));
        HttpResponse<String> response = http.get("/connectors/c/offsets");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"offsets\":[{\"partition\":{\"kafka_topic\":\"orders\",\"kafka_partition\":3},"
                + "\"offset\":{\"kafka_offset\":1000}}]}", response.body());
        herder.setOffsets("c", new ConnectorOffsets(List.of()));
        assertEquals("{\"offsets\":[]}", http.get("/connectors/c/offsets").body());
        assertError(http.get("/connectors/nope/offsets"), 404, "Connector nope not found");
    }

    @Test
    void alteringNeedsAStoppedConnector() {
        String body = "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"orders\",\"kafka_partition\":0},"
                + "\"offset\":{\"kafka_offset\":5}}]}";
        assertError(http.send("PATCH", "/connectors/c/offsets", JSON, body), 400, "Connectors must be in the STOPPED "
                + "state before their offsets can be modified. This can be done for the specified connector by "
                + "issuing a 'PUT' request to the '/connectors/c/stop' endpoint");
        assertError(http.send("DELETE", "/connectors/c/offsets", JSON, ""), 400, "Connectors must be in the STOPPED "
                + "state before their offsets can be modified. This can be done for the specified connector by "
                + "issuing a 'PUT' request to the '/connectors/c/stop' endpoint");

        herder.setState("c", State.STOPPED);
        HttpResponse<String> altered = http.send("PATCH", "/connectors/c/offsets", JSON, body);
        assertEquals(200, altered.statusCode(), altered.body());
        assertEquals("{\"message\":\"The offsets for this connector have been altered successfully\"}",
                altered.body());
        JsonNode stored = json(http.get("/connectors/c/offsets")).get("offsets").get(0);
        assertEquals(5, stored.get("offset").get("kafka_offset").asInt());

        HttpResponse<String> reset = http.send("DELETE", "/connectors/c/offsets", JSON, "");
        assertEquals(200, reset.statusCode(), reset.body());
        assertEquals("{\"message\":\"The offsets for this connector have been reset successfully\"}", reset.body());
        assertEquals(List.of("alterOffsets c", "resetOffsets c"), herder.calls());
    }

    @Test
    void aNullOffsetReachesTheHerderAsAReset() {
        herder.setState("c", State.STOPPED);
        HttpResponse<String> response = http.send("PATCH", "/connectors/c/offsets", JSON,
                "{\"offsets\":[{\"partition\":{\"filename\":\"/data/in.txt\"},\"offset\":null}]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"offsets\":[{\"partition\":{\"filename\":\"/data/in.txt\"},\"offset\":null}]}",
                http.get("/connectors/c/offsets").body());
    }

    @Test
    void anAlterRequestWithoutOffsetsIs400() {
        herder.setState("c", State.STOPPED);
        for (String body : List.of("{}", "{\"offsets\":[]}", "{\"offsets\":null}")) {
            assertError(http.send("PATCH", "/connectors/c/offsets", JSON, body), 400,
                    "Partitions / offsets need to be provided for an alter offsets request");
        }
    }

    @Test
    void topicsAreKeyedByConnector() {
        herder.setTopics("c", List.of("orders", "payments"));
        HttpResponse<String> response = http.get("/connectors/c/topics");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"c\":{\"topics\":[\"orders\",\"payments\"]}}", response.body());

        HttpResponse<String> reset = http.send("PUT", "/connectors/c/topics/reset", JSON, "");
        assertEquals(202, reset.statusCode(), reset.body());
        assertEquals("", reset.body());
        assertEquals("{\"c\":{\"topics\":[]}}", http.get("/connectors/c/topics").body());
        assertEquals("{\"other\":{\"topics\":[]}}", http.get("/connectors/other/topics").body(),
                "as Kafka: an unknown connector has no topics");
    }

    @Test
    void disabledTopicTrackingIs403() {
        herder.setTopicTrackingEnabled(false);
        assertError(http.get("/connectors/c/topics"), 403, "Topic tracking is disabled.");
        assertError(http.send("PUT", "/connectors/c/topics/reset", JSON, ""), 403, "Topic tracking is disabled.");
    }

    @Test
    void theConnectorsOwnRoutesStillAnswer() {
        assertEquals(200, http.get("/connectors/c/status").statusCode());
        assertEquals(200, http.get("/connectors/c").statusCode());
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

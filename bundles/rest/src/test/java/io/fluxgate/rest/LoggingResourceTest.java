package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.boot.config.RestListener;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.InMemoryHerder;
import io.fluxgate.rest.testing.InMemoryLoggerLevels;

/** {@code /admin/loggers} over real HTTP: Kafka Connect's status codes and bodies. */
class LoggingResourceTest {

    private static final String JSON = "application/json";
    private static final AtomicReference<LoggerLevels> LEVELS = new AtomicReference<>();
    private static final InMemoryHerder HERDER = new InMemoryHerder();
    private static RestServer server;
    private static HttpProbe http;

    @BeforeAll
    static void start() throws Exception {
        ResourceConfig api = ConnectRestApi.create(Optional::empty);
        ConnectRestApi.registerAdmin(api, () -> Optional.ofNullable(LEVELS.get()), () -> Optional.of(HERDER));
        RestListener listener = new RestListener("http", "127.0.0.1", 0);
        server = RestServer.start(List.of(listener), api);
        http = new HttpProbe(server.localPort(listener));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void freshLevels() {
        LEVELS.set(new InMemoryLoggerLevels());
    }

    @Test
    void listGivesEveryLoggerWithLevelAndANullLastModified() {
        HttpResponse<String> response = http.get("/admin/loggers");

        assertEquals(200, response.statusCode());
        JsonNode root = json(response).get("root");
        assertEquals("INFO", root.get("level").asText());
        assertTrue(root.has("last_modified") && root.get("last_modified").isNull(), response.body());
        assertEquals(200, http.get("/admin/loggers/").statusCode(), "trailing slash");
    }

    @Test
    void getOneAndUnknownIs404() {
        assertEquals("{\"level\":\"INFO\",\"last_modified\":null}",
                http.get("/admin/loggers/org.apache.kafka.connect").body());
        assertError(http.get("/admin/loggers/no.such.logger"), 404, "Logger no.such.logger not found.");
    }

    @Test
    void putAtWorkerScopeAnswersTheAffectedLoggersAndStampsThem() {
        HttpResponse<String> response = http.send("PUT", "/admin/loggers/org.apache.kafka.connect", JSON,
                "{\"level\":\"debug\"}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("[\"org.apache.kafka.connect\",\"org.apache.kafka.connect.runtime.WorkerSourceTask\"]",
                response.body());
        assertEquals("{\"level\":\"DEBUG\",\"last_modified\":" + InMemoryLoggerLevels.NOW + "}",
                http.get("/admin/loggers/org.apache.kafka.connect.runtime.WorkerSourceTask").body());
        assertEquals("[]", http.send("PUT", "/admin/loggers/org.apache.kafka.connect?scope=worker", JSON,
                "{\"level\":\"DEBUG\"}").body(), "nothing changed the second time");
    }

    /** The herder sets it for the cluster (the config topic in distributed mode); checked first, upper-cased. */
    @Test
    void putAtClusterScopeIs204AndGoesToTheHerder() {
        HttpResponse<String> response = http.send("PUT", "/admin/loggers/org.apache.kafka.connect?scope=cluster",
                JSON, "{\"level\":\"warn\"}");

        assertEquals(204, response.statusCode(), response.body());
        assertTrue(HERDER.calls().contains("setClusterLoggerLevel org.apache.kafka.connect WARN"), HERDER.calls()
                .toString());
        assertEquals(404, http.send("PUT", "/admin/loggers/org.apache.kafka.connect?scope=cluster", JSON,
                "{\"level\":\"LOUD\"}").statusCode());
    }

    @Test
    void anUnknownScopeActsAsWorker() {
        assertEquals(200, http.send("PUT", "/admin/loggers/root?scope=galaxy", JSON, "{\"level\":\"WARN\"}")
                .statusCode());
    }

    @Test
    void anInvalidLevelIs404AsKafkaAnswers() {
        assertError(http.send("PUT", "/admin/loggers/root", JSON, "{\"level\":\"LOUD\"}"), 404,
                "invalid log level 'LOUD'.");
    }

    @Test
    void aMissingLevelIs400() {
        assertError(http.send("PUT", "/admin/loggers/root", JSON, "{\"lvl\":\"DEBUG\"}"), 400,
                "Desired 'level' parameter was not specified in request.");
        assertError(http.send("PUT", "/admin/loggers/root", JSON, ""), 400,
                "Desired 'level' parameter was not specified in request.");
    }

    @Test
    void withoutTheLaunchersServiceItAnswersAsKafkaWithoutALoggingBackend() {
        LEVELS.set(null);

        assertEquals("{}", http.get("/admin/loggers").body());
        assertEquals("{\"level\":\"OFF\",\"last_modified\":0}", http.get("/admin/loggers/root").body());
        assertEquals(404, http.send("PUT", "/admin/loggers/root", JSON, "{\"level\":\"DEBUG\"}").statusCode());
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(status, body.get("error_code").asInt());
        assertEquals(message, body.get("message").asText());
    }
}

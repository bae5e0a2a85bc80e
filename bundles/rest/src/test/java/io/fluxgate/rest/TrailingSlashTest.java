package io.fluxgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.testing.FakeWorkerInfo;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.InMemoryHerder;
import io.fluxgate.rest.testing.InMemoryLoggerLevels;

/** Every route answers with a trailing slash as without, as Kafka Connect's do. */
class TrailingSlashTest {

    private static final String JSON = "application/json";
    private static RestServer server;
    private static HttpProbe http;

    @BeforeAll
    static void start() throws Exception {
        InMemoryHerder herder = new InMemoryHerder();
        FakeWorkerInfo worker = new FakeWorkerInfo().health(WorkerHealth.healthy());
        ResourceConfig api = ConnectRestApi.create(() -> Optional.of(worker), () -> Optional.of(herder));
        InMemoryLoggerLevels levels = new InMemoryLoggerLevels();
        ConnectRestApi.registerAdmin(api, () -> Optional.of(levels), Optional::empty);
        RestListener listener = new RestListener("http", "127.0.0.1", 0);
        server = RestServer.start(List.of(listener), api);
        http = new HttpProbe(server.localPort(listener));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void connectorRoutes() {
        assertEquals(201, http.send("POST", "/connectors/", JSON, "{\"name\":\"s\",\"config\":{}}").statusCode());
        assertEquals(200, http.get("/connectors/").statusCode());
        assertEquals(200, http.get("/connectors/s/").statusCode());
        assertEquals(200, http.get("/connectors/s/config/").statusCode());
        assertEquals(200, http.send("PUT", "/connectors/s/config/", JSON, "{\"tasks.max\":\"1\"}").statusCode());
        assertEquals(200, http.get("/connectors/s/status/").statusCode());
        assertEquals(200, http.get("/connectors/s/tasks/").statusCode());
        assertEquals(202, http.send("PUT", "/connectors/s/pause/", JSON, "").statusCode());
        assertEquals(204, http.send("DELETE", "/connectors/s/", JSON, "").statusCode());
    }

    @Test
    void rootHealthAndAdminRoutes() {
        assertEquals(200, http.get("/health/").statusCode());
        assertEquals(200, http.get("/admin/loggers/").statusCode());
        assertEquals(200, http.get("/admin/loggers/root/").statusCode());
        assertEquals(200, http.send("PUT", "/admin/loggers/root/", JSON, "{\"level\":\"WARN\"}").statusCode());
    }
}

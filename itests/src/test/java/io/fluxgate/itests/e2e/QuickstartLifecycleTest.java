package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The distribution started as a user starts it, with the shipped standalone config (only its ports moved so that
 * tests never clash with anything): the REST API answers, the embedded broker is a real Kafka broker, and SIGTERM
 * stops everything with exit status 0 and nothing left running.
 */
class QuickstartLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process worker;

    @AfterEach
    void killLeftovers() {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
    }

    /**
     * Twice: the first run writes the class-data-sharing archive when it exits, the second maps it. Both must serve,
     * stop with status 0 and write nothing on stderr.
     */
    @Test
    void startsServesAndStopsCleanly(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        int brokerPort = Distribution.freePort();
        int restPort = Distribution.freePort();
        Map<String, String> config = dist.shippedStandaloneConfig();
        assertEquals("true", config.get("fluxgate.embedded.broker.enable"), "the shipped config uses the embedded broker");
        config.put("fluxgate.embedded.broker.port", String.valueOf(brokerPort));
        config.put("listeners", "http://127.0.0.1:" + restPort);
        Path props = dist.writeConfig("worker.properties", config);

        String clusterId = null;
        for (int run = 1; run <= 2; run++) {
            String id = runOnce(dist, props, brokerPort, restPort, run);
            if (clusterId != null) {
                assertEquals(clusterId, id, "the embedded broker keeps its cluster across restarts");
            }
            clusterId = id;
            try (var archives = Files.list(dist.home.resolve("data/cds"))) {
                assertEquals(1, archives.filter(f -> f.toString().endsWith(".jsa")
                        || f.getFileName().toString().contains(".jsa.")).count(), "one class-data archive");
            }
        }
    }

    private String runOnce(Distribution dist, Path props, int brokerPort, int restPort, int run) throws Exception {
        long launched = System.nanoTime();
        worker = dist.start(Map.of(), "connect-standalone.sh", props.toString());
        URI base = URI.create("http://127.0.0.1:" + restPort);
        HttpResponse<String> health = awaitHealthy(base.resolve("/health"), dist);
        long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
        System.out.printf("run %d: launch -> GET /health 200 in %d ms (embedded broker included)%n", run, readyMs);
        assertEquals("healthy", JSON.readTree(health.body()).get("status").asText());
        // Healthy means plugins/ is deployed too: a connector of the shipped file plugin can be created at once.
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"probe-" + run + "\",\"config\":{"
                        + "\"connector.class\":\"FileStreamSink\",\"topics\":\"probe\",\"file\":\"/dev/null\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(204, http.send(HttpRequest.newBuilder(base.resolve("/connectors/probe-" + run)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        HttpResponse<String> root = get(base.resolve("/"));
        assertEquals(200, root.statusCode());
        JsonNode info = JSON.readTree(root.body());
        assertEquals("4.3.1", info.get("version").asText());
        assertFalse(info.get("commit").asText().isBlank());
        String clusterId = info.get("kafka_cluster_id").asText();
        assertEquals(3, info.size(), "ServerInfo has exactly version, commit, kafka_cluster_id: " + root.body());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + brokerPort))) {
            assertEquals(clusterId, admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS),
                    "GET / reports the embedded broker's cluster");
        }
        assertTrue(dist.home.resolve("data/kafka/meta.properties").toFile().isFile(),
                "the embedded broker keeps its data under the distribution's data/");

        long stopping = System.nanoTime();
        worker.destroy(); // SIGTERM
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "worker did not stop after SIGTERM");
        System.out.printf("run %d: SIGTERM -> exit in %d ms%n", run,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
        assertEquals(0, worker.exitValue(), "exit status after SIGTERM; stderr: " + dist.stderr());
        assertEquals(0, dist.leftoverProcesses().size(), "Java processes left behind");
        assertEquals("", dist.stderr().trim(), "nothing on stderr during a clean run");
        return clusterId;
    }

    private HttpResponse<String> awaitHealthy(URI health, Distribution dist) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            assertTrue(worker.isAlive(), () -> "worker exited early: " + stderrOf(dist));
            try {
                last = get(health);
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        assertNotNull(last, "REST API never answered");
        throw new AssertionError("never healthy; last answer " + last.statusCode() + " " + last.body());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String stderrOf(Distribution dist) {
        try {
            return dist.stderr();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}

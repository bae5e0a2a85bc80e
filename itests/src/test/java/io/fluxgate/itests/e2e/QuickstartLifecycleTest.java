package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private RunningWorker worker;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    /**
     * Twice: the first run writes the class-data-sharing archive when it exits, the second maps it. Both must serve,
     * stop with status 0 and write nothing on stderr.
     */
    @Test
    void startsServesAndStopsCleanly(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        assertEquals("true", dist.shippedStandaloneConfig().get("fluxgate.embedded.broker.enable"),
                "the shipped config uses the embedded broker");
        // Class data sharing as the script has it by default (on): the archive is part of what is tested.
        RunningWorker.Setup quickstart = RunningWorker.setup(dist).env("FLUXGATE_CDS", null);

        String clusterId = null;
        for (int run = 1; run <= 2; run++) {
            String id = runOnce(dist, quickstart, run);
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

    private String runOnce(Distribution dist, RunningWorker.Setup quickstart, int run) throws Exception {
        long launched = System.nanoTime();
        worker = quickstart.launch();
        HttpResponse<String> health = worker.awaitHealthy(Duration.ofSeconds(90));
        long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
        System.out.printf("run %d: launch -> GET /health 200 in %d ms (embedded broker included)%n", run, readyMs);
        assertEquals("healthy", JSON.readTree(health.body()).get("status").asText());
        // Healthy means plugins/ is deployed too: a connector of the shipped file plugin can be created at once.
        worker.create("probe-" + run, "{\"connector.class\":\"FileStreamSink\",\"topics\":\"probe\","
                + "\"file\":\"/dev/null\"}");
        worker.delete("probe-" + run);

        HttpResponse<String> root = worker.send(HttpRequest.newBuilder(worker.base.resolve("/"))
                .timeout(Duration.ofSeconds(5)));
        assertEquals(200, root.statusCode());
        JsonNode info = JSON.readTree(root.body());
        assertEquals("4.3.1", info.get("version").asText());
        assertFalse(info.get("commit").asText().isBlank());
        String clusterId = info.get("kafka_cluster_id").asText();
        assertEquals(3, info.size(), "ServerInfo has exactly version, commit, kafka_cluster_id: " + root.body());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                worker.bootstrapServers))) {
            assertEquals(clusterId, admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS),
                    "GET / reports the embedded broker's cluster");
        }
        assertTrue(dist.home.resolve("data/kafka/meta.properties").toFile().isFile(),
                "the embedded broker keeps its data under the distribution's data/");

        long stopping = System.nanoTime();
        int exitStatus = worker.stop();
        System.out.printf("run %d: SIGTERM -> exit in %d ms%n", run,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
        assertEquals(0, exitStatus, "exit status after SIGTERM; stderr: " + dist.stderr());
        assertEquals(0, dist.leftoverProcesses().size(), "Java processes left behind");
        assertEquals("", dist.stderr().trim(), "nothing on stderr during a clean run");
        return clusterId;
    }
}

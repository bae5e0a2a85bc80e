package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Cluster-scoped logger levels (KIP-976), as Strimzi sets every level: {@code PUT /admin/loggers/{ns}?scope=cluster}
 * sent to any worker is answered 204 and reaches every worker of the group through the config topic. As on Apache
 * Kafka Connect 4.3.1 (run it with {@code -Dcluster.workers=apache}), a worker started afterwards keeps its own
 * logging configuration's levels, and takes the next cluster-scoped change.
 */
class ClusterLoggersTest extends ClusterTestSupport {

    private static final String NAMESPACE = "org.apache.kafka.connect.cluster.logging.test";

    @Test
    void aClusterScopedLevelReachesEveryWorker() throws Exception {
        WorkerCluster c = cluster("loggers").start(3);
        long before = System.currentTimeMillis();

        // Sent to a follower as much as to the leader: no forwarding, the config topic carries it.
        assertEquals(204, c.worker(2).write("PUT", "/admin/loggers/" + NAMESPACE + "?scope=cluster",
                "{\"level\":\"DEBUG\"}").statusCode());
        awaitLevel(c.live(), "DEBUG");
        for (ClusterWorker worker : c.live()) {
            JsonNode level = worker.json("/admin/loggers/" + NAMESPACE);
            assertTrue(level.path("last_modified").asLong() >= before, worker + ": " + level);
        }

        ClusterWorker late = c.launch();
        late.awaitReady(Duration.ofSeconds(90));
        assertNotEquals("DEBUG", late.json("/admin/loggers/" + NAMESPACE).path("level").asText(),
                "a worker started after the change keeps its own levels, as Apache's");

        assertEquals(204, c.worker(0).write("PUT", "/admin/loggers/" + NAMESPACE + "?scope=cluster",
                "{\"level\":\"TRACE\"}").statusCode());
        awaitLevel(c.live(), "TRACE");
    }

    private static void awaitLevel(List<ClusterWorker> workers, String level) throws InterruptedException {
        WorkerCluster.await("every worker at " + level, Duration.ofSeconds(30), () -> workers.stream()
                .allMatch(w -> level.equals(w.json("/admin/loggers/" + NAMESPACE).path("level").asText())),
                () -> workers.stream().map(w -> w + "=" + w.json("/admin/loggers/" + NAMESPACE)).toList().toString());
    }
}

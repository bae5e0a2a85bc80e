package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bulkheads (issue 15) in a cluster of three workers: a healthy sequence source of three tasks, one on each worker,
 * runs beside the hostile connectors of test-plugin-hostile, one behaviour at a time (hung in the connector's
 * {@code start()} or {@code taskConfigs()}, a task hung in {@code poll()} or {@code put()}, a task dying of
 * {@code OutOfMemoryError}). For each: every REST call to every worker answers within 2 s, the hostile connector's
 * status says what happened (FAILED naming the call, or RUNNING with the stall in its trace), deleting it answers at
 * once, the healthy source keeps writing, and the group keeps its three workers and its assignment (no rebalance
 * missed: the healthy tasks stay RUNNING, one per worker). At the end the healthy topic holds every number the source
 * committed. The standalone counterpart with every behaviour is {@code e2e/BulkheadTest}.
 */
class ClusterBulkheadTest extends ClusterTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REST_BOUND_MS = 2_000;
    private static final String SOURCE = "io.fluxgate.testplugins.hostile.HostileSourceConnector";
    private static final String SINK = "io.fluxgate.testplugins.hostile.HostileSinkConnector";

    private final List<String> tooSlow = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());

    /** A hostile behaviour and what the status must say: a FAILED connector's or task's trace, or a stall. */
    private record Hostile(String type, String mode, String failedPart, String trace) {
    }

    @Test
    void aHostileConnectorCostsOnlyItselfInAThreeWorkerCluster() throws Exception {
        assumeTrue(ClusterWorker.Kind.configured() == ClusterWorker.Kind.FLUXGATE,
                "Fluxgate's bulkheads: Apache's herder waits on these calls");
        WorkerCluster c = cluster("bulkheads", Map.of("fluxgate.connector.call.timeout.ms", "3000",
                "fluxgate.task.stall.timeout.ms", "2000", "task.shutdown.graceful.timeout.ms", "2000")).start(3);
        c.createSequence(c.worker(0), "healthy", "healthy-seq", 3);
        c.awaitAllRunning("healthy", 3, Duration.ofSeconds(60));
        assertEquals(3, WorkerCluster.tasksPerWorker(c.status("healthy")).size(), "one healthy task per worker");

        List<Hostile> hostiles = List.of(
                new Hostile("source", "hang-start", "connector", "start()"),
                new Hostile("source", "hang-task-configs", "connector", "taskConfigs()"),
                new Hostile("source", "hang-poll", null, "Stalled: poll()"),
                new Hostile("sink", "hang-put", null, "Stalled: put()"),
                new Hostile("source", "oom", "task", "OutOfMemoryError"));
        int round = 0;
        for (Hostile hostile : hostiles) {
            ClusterWorker via = c.worker(round++ % 3);
            String name = hostile.type() + "-" + hostile.mode();
            Path release = dir.resolve(c.group + "-" + name + ".release");
            Map<Integer, Long> before = SequenceTopic.highest(c.records("healthy-seq"));
            long started = System.nanoTime();
            HttpResponse<String> created = timed(via, "POST", "/connectors", JSON.writeValueAsString(Map.of(
                    "name", name, "config", hostileConfig(hostile, release))));
            assertEquals(201, created.statusCode(), created.body());

            JsonNode status = awaitTrace(c, name, hostile);
            System.out.printf("%s %s: reported after %d ms: %s%n", hostile.type(), hostile.mode(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), status);
            c.awaitProgress("healthy-seq", 3, before, Duration.ofSeconds(30));

            HttpResponse<String> deleted = timed(c.worker(round % 3), "DELETE", "/connectors/" + name, null);
            assertEquals(204, deleted.statusCode(), deleted.body());
            Files.writeString(release, "done");
            c.awaitAllRunning("healthy", 3, Duration.ofSeconds(30));
            assertEquals(3, c.live().size(), "every worker still in the group after " + name);
        }
        c.assertNoLoss("healthy", "healthy-seq", 3);
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("REST beside the hostile connectors, three workers: %d calls, p50 %d ms, p99 %d ms, "
                + "max %d ms%n", sorted.size(), sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)), sorted.get(sorted.size() - 1));
        assertEquals(List.of(), tooSlow, "every REST call answers within " + REST_BOUND_MS + " ms");
    }

    /**
     * Polls the hostile connector's status on every worker (each call timed) until it says what the behaviour
     * causes; returns that status.
     */
    private JsonNode awaitTrace(WorkerCluster c, String name, Hostile hostile) throws Exception {
        JsonNode[] last = new JsonNode[1];
        WorkerCluster.await(name + " reported: " + hostile.trace(), Duration.ofSeconds(60), () -> {
            for (ClusterWorker worker : c.live()) {
                HttpResponse<String> answer = timed(worker, "GET", "/connectors/" + name + "/status", null);
                if (answer.statusCode() != 200) {
                    return false;
                }
                last[0] = parse(answer.body());
                JsonNode part = hostile.failedPart() == null || hostile.failedPart().equals("task")
                        ? last[0].path("tasks").path(0) : last[0].path("connector");
                String expectedState = hostile.failedPart() == null ? "RUNNING" : "FAILED";
                if (!part.path("state").asText().equals(expectedState)
                        || !part.path("trace").asText().contains(hostile.trace())) {
                    return false;
                }
                // Reads of the healthy connector and of the connector list are answered meanwhile.
                timed(worker, "GET", "/connectors/healthy/status", null);
                timed(worker, "GET", "/connectors?expand=status", null);
            }
            return true;
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    private static Map<String, String> hostileConfig(Hostile hostile, Path release) {
        return hostile.type().equals("source")
                ? Map.of("connector.class", SOURCE, "tasks.max", "1", "mode", hostile.mode(),
                        "release.file", release.toString())
                : Map.of("connector.class", SINK, "tasks.max", "1", "mode", hostile.mode(),
                        "release.file", release.toString(), "topics", "healthy-seq");
    }

    /** One REST call, timed; one slower than the bound is recorded, not retried. */
    private HttpResponse<String> timed(ClusterWorker worker, String method, String path, String json) {
        long started = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(worker.url(path))
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            return worker.send(request);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " on " + worker + " failed", e);
        } finally {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            millis.add(ms);
            if (ms > REST_BOUND_MS) {
                tooSlow.add(method + " " + path + " on " + worker + ": " + ms + " ms");
            }
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}

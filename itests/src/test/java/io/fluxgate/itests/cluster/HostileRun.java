package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fluxgate.itests.e2e.WorkerMBeans;

/**
 * One hostile behaviour in the cluster, as {@code e2e/BulkheadTest} checks it standalone: the connector is created
 * through one worker, its status, read from every worker, must say what happened (each kind of {@code expect} checked
 * as there), the healthy source must write on meanwhile, and the delete through another worker must answer at once
 * and be seen by every worker. Every call is timed by {@link ClusterRest}. Runs beside other behaviours: each has its
 * own connector and release file.
 */
final class HostileRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final WorkerCluster cluster;
    private final ClusterRest rest;
    private final HealthyProgress healthy;
    private final ClusterHostile hostile;
    private final String name;
    private final Path release;
    private final int via;
    private final long callTimeoutMs;

    HostileRun(WorkerCluster cluster, ClusterRest rest, HealthyProgress healthy, ClusterHostile hostile, Path release,
            int via, long callTimeoutMs) {
        this.cluster = cluster;
        this.rest = rest;
        this.healthy = healthy;
        this.hostile = hostile;
        this.name = hostile.connector();
        this.release = release;
        this.via = via;
        this.callTimeoutMs = callTimeoutMs;
    }

    /** Runs the behaviour to its end (deleted, released); returns its figures, a line. */
    String run() throws Exception {
        Map<Integer, Long> before = healthy.now();
        long started = System.nanoTime();
        boolean requestHangs = hostile.expect().equals("request hung")
                || hostile.expect().equals("validation abandoned");
        String body = JSON.writeValueAsString(Map.of("name", name, "config", hostile.config(release, "healthy-seq")));
        // A creation whose validation hangs is answered at the call deadline (3 s), past the 2 s bound of the others:
        // it is the call that hangs, so it is not timed by the prober but against the deadline (check).
        CompletableFuture<HttpResponse<String>> creation = requestHangs ? createUntimed(body)
                : CompletableFuture.completedFuture(rest.write(worker(0), "POST", "/connectors", body));
        if (creation.isDone()) {
            assertEquals(201, creation.get().statusCode(), creation.get().body());
        }
        Thread.sleep(500);
        // A write to another connector while this one is in its hung call: it waits for a herder, if anything does.
        assertEquals(202, rest.write(worker(1), "PUT", "/connectors/healthy/resume", null).statusCode());
        String figures = check(started, creation);
        healthy.awaitBeyond(before, 3, Duration.ofSeconds(30), "beside " + hostile);

        if (!requestHangs) {
            figures += ", " + delete();
        }
        Files.writeString(release, "done");
        HttpResponse<String> created = creation.get(60, TimeUnit.SECONDS);
        if (hostile.expect().equals("validation abandoned")) {
            // Answered 500 at the deadline (check); once released, a fresh creation validates at once.
            created = rest.write(worker(0), "POST", "/connectors", body);
        }
        if (requestHangs && created.statusCode() == 409) {
            created = rest.write(worker(0), "POST", "/connectors", body); // validated, then a rebalance under way
        }
        assertEquals(201, created.statusCode(), hostile + ": " + created.body());
        if (requestHangs) {
            figures += (hostile.mode().equals("hang-version") ? ", " : ", created afresh " + ms(started)
                    + " ms after the first request, once released, ") + delete();
        }
        return String.format("%-46s %s", hostile, figures);
    }

    /** Checks what the status says for this kind of behaviour; returns the figures. */
    private String check(long started, CompletableFuture<HttpResponse<String>> creation) throws Exception {
        switch (hostile.expect()) {
            case "connector FAILED" -> {
                awaitEverywhere("connector FAILED", failed("connector", hostile.trace(),
                        "within " + callTimeoutMs + " ms"));
                return "FAILED after " + ms(started) + " ms";
            }
            case "connector FAILED on pause" -> {
                awaitEverywhere("task RUNNING", state("task", "RUNNING"));
                long pausing = System.nanoTime();
                assertEquals(202, rest.write(worker(2), "PUT", "/connectors/" + name + "/pause", null).statusCode());
                awaitEverywhere("connector FAILED", failed("connector", hostile.trace(),
                        "within " + callTimeoutMs + " ms"));
                return "FAILED " + ms(pausing) + " ms after the pause";
            }
            case "task FAILED" -> {
                awaitEverywhere("task FAILED", failed("task", hostile.trace(), hostile.failedCall()));
                return "task FAILED after " + ms(started) + " ms";
            }
            case "task hung" -> {
                // RUNNING with the stall in its trace (flush and preCommit: at the first offset commit).
                JsonNode stalled = awaitEverywhere("task RUNNING and stalled", state("task", "RUNNING")
                        .and(trace("task", hostile.trace())));
                String reported = "stalled after " + ms(started) + " ms";
                // What a rebalance does to it too: its successor hangs as well, and is reported so in turn.
                String first = part(stalled, "task").path("trace").asText();
                long restarting = System.nanoTime();
                HttpResponse<String> restarted = rest.write(worker(2), "POST", "/connectors/" + name
                        + "/tasks/0/restart", null);
                assertEquals(204, restarted.statusCode(), restarted.body());
                awaitEverywhere("the restarted task RUNNING and stalled", state("task", "RUNNING")
                        .and(trace("task", hostile.trace())).and(s -> !part(s, "task").path("trace").asText()
                                .equals(first)));
                return reported + ", restarted and stalled again " + ms(restarting) + " ms after the restart";
            }
            case "task hung on delete" -> {
                awaitEverywhere("task RUNNING", state("task", "RUNNING"));
                return "RUNNING after " + ms(started) + " ms";
            }
            case "task stalled in start" -> {
                return stalledInStart(started);
            }
            case "close hung" -> {
                // The restart closes the first generation's converters and transformations: one close() hangs.
                awaitEverywhere("task RUNNING", state("task", "RUNNING"));
                long restarting = System.nanoTime();
                HttpResponse<String> restarted = rest.write(worker(2), "POST", "/connectors/" + name
                        + "/tasks/0/restart", null);
                long restartMs = ms(restarting);
                assertEquals(204, restarted.statusCode(), restarted.body());
                awaitEverywhere("task RUNNING again", state("task", "RUNNING"));
                return "task restart answered in " + restartMs + " ms";
            }
            case "threads left running" -> {
                return threadsLeftRunning(started);
            }
            case "validation abandoned" -> {
                // The creation's validation hangs meanwhile, the cluster goes on; at the call deadline the creation
                // is answered as Kafka Connect answers its own request timeout, naming the class, call and setting.
                HttpResponse<String> answer = creation.get(callTimeoutMs + 10_000, TimeUnit.MILLISECONDS);
                long answeredMs = ms(started);
                assertEquals(500, answer.statusCode(), answer.body());
                JsonNode error = JSON.readTree(answer.body());
                assertEquals(500, error.path("error_code").asInt(), answer.body());
                assertEquals("Connector class io.fluxgate.testplugins.hostile.HostileSourceConnector did not return "
                        + "from " + hostile.trace() + " within " + callTimeoutMs + " ms "
                        + "(fluxgate.connector.call.timeout.ms); the call was abandoned", error.path("message")
                        .asText(), answer.body());
                assertTrue(answeredMs >= callTimeoutMs - 100 && answeredMs < callTimeoutMs + 3_000,
                        "the creation answered at the deadline, " + answeredMs + " ms");
                return "creation answered 500 after " + answeredMs + " ms";
            }
            case "request hung" -> {
                Thread.sleep(1_500);
                // As standalone: version() is never called on a configured instance, so nothing hangs.
                return "created at once (version() is not called on a configured instance)";
            }
            default -> throw new IllegalArgumentException(hostile.expect());
        }
    }

    /**
     * No status until start() returns, as on Apache, unless it is stalled: then UNASSIGNED on a live worker, saying
     * so, and counted in that worker's stalled-task metric; RUNNING without a trace once released.
     */
    private String stalledInStart(long started) throws Exception {
        JsonNode status = awaitEverywhere("task UNASSIGNED, stalled", state("task", "UNASSIGNED")
                .and(trace("task", hostile.trace())));
        String reported = "UNASSIGNED (stalled) after " + ms(started) + " ms";
        ClusterWorker owner = owner(part(status, "task"));
        String metrics = rest.call(owner, "GET", "/metrics", null).body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("kafka_connect_worker_connector_stalled_task_count")
                && line.contains("connector=\"" + name + "\"") && line.endsWith(" 1.0")),
                "counted stalled on " + owner + ":\n" + metrics.lines()
                        .filter(line -> line.contains("stalled_task_count")).toList());
        Files.writeString(release, "done");
        awaitEverywhere("task RUNNING without a trace once started", state("task", "RUNNING")
                .and(s -> s.path("tasks").path(0).path("trace").isMissingNode()));
        return reported;
    }

    /**
     * As BulkheadTest's lingering threads, per worker: the connector's instance and task each start threads and never
     * stop them. The task's restart leaves its executor's idle thread (the plain ones end when interrupted, over the
     * budget of 1), counted on the task's worker as lingering-threads; a restart of the connector then finds more than
     * the budget left on its worker and is refused, FAILED naming the setting and the threads. The count is per
     * worker: when the connector runs elsewhere than its task, its worker holds one thread after the first restart
     * (within the budget, started again) and two after a second.
     */
    private String threadsLeftRunning(long started) throws Exception {
        JsonNode status = awaitEverywhere("task RUNNING", state("task", "RUNNING"));
        ClusterWorker taskWorker = owner(part(status, "task"));
        ClusterWorker connectorWorker = owner(status.path("connector"));
        assertEquals(204, rest.write(worker(2), "POST", "/connectors/" + name
                + "/tasks/0/restart", null).statusCode());
        awaitEverywhere("task RUNNING again", state("task", "RUNNING"));
        // lingering-threads is an attribute of connector-metrics, registered where the connector runs; every worker
        // that counts threads the connector left, the task's included, shows connector-lingering-thread-count.
        awaitWorkerLingering(taskWorker);
        if (connectorWorker == taskWorker) {
            awaitLingering(taskWorker);
        } else {
            assertEquals(204, rest.write(worker(1), "POST", "/connectors/" + name
                    + "/restart", null).statusCode());
            awaitLingering(connectorWorker);
            awaitEverywhere("connector RUNNING: one thread left on its worker, within the budget",
                    state("connector", "RUNNING"));
        }
        assertEquals(204, rest.write(worker(0), "POST", "/connectors/" + name
                + "/restart", null).statusCode());
        awaitEverywhere("connector FAILED", failed("connector", hostile.trace(), "hostile-source-connector-pool"));
        return "connector refused at its " + (connectorWorker == taskWorker ? "first restart (its task on the same "
                + "worker)" : "second restart (its task on another worker)") + ", " + ms(started) + " ms";
    }

    /**
     * Waits until {@code worker}, where the connector runs, counts one thread it left running (over JMX: Strimzi's
     * rules, which /metrics follows, export no numeric attribute of connector-metrics).
     */
    /** The task's worker shows what its stopped task left in connect-worker-metrics, as Strimzi's rules name it. */
    private void awaitWorkerLingering(ClusterWorker worker) throws Exception {
        String[] last = {""};
        await(name + ": kafka_connect_worker_connector_lingering_thread_count 1 on " + worker, () -> {
            List<String> lines = rest.call(worker, "GET", "/metrics", null).body().lines()
                    .filter(line -> line.startsWith("kafka_connect_worker_connector_lingering_thread_count"))
                    .toList();
            last[0] = lines.toString();
            return lines.stream().anyMatch(line -> line.contains("connector=\"" + name + "\"")
                    && line.endsWith(" 1.0"));
        }, () -> last[0]);
    }

    private void awaitLingering(ClusterWorker worker) throws Exception {
        try (WorkerMBeans mbeans = WorkerMBeans.attach(worker.pid())) {
            Object[] last = new Object[1];
            await(name + ": lingering-threads 1 on " + worker, () -> {
                try {
                    last[0] = mbeans.attribute("kafka.connect:type=connector-metrics,connector=" + name,
                            "lingering-threads");
                    return Double.valueOf(1.0).equals(last[0]);
                } catch (Exception e) {
                    last[0] = e;
                    return false;
                }
            }, () -> String.valueOf(last[0]));
        }
    }

    private ClusterWorker owner(JsonNode instance) {
        String id = instance.path("worker_id").asText();
        return cluster.live().stream().filter(w -> w.workerId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is a live worker"));
    }

    /** Deletes the connector through another worker, and waits until no worker knows it; returns the figure. */
    private String delete() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> deleted = rest.write(worker(1), "DELETE", "/connectors/" + name, null);
        long deleteMs = ms(started);
        assertEquals(204, deleted.statusCode(), hostile + ": " + deleted.body());
        await(name + " gone from every worker", () -> cluster.live().stream().allMatch(w ->
                rest.call(w, "GET", "/connectors/" + name + "/status", null).statusCode() == 404), () -> "");
        return "deleted in " + deleteMs + " ms";
    }

    /** Waits until every live worker reports a status {@code condition} accepts; returns the last one. */
    private JsonNode awaitEverywhere(String what, Predicate<JsonNode> condition) throws InterruptedException {
        JsonNode[] last = {JSON.createObjectNode()};
        await(name + ": " + what + " on every worker", () -> {
            for (ClusterWorker worker : cluster.live()) {
                last[0] = rest.json(worker, "/connectors/" + name + "/status");
                if (!condition.test(last[0])) {
                    return false;
                }
            }
            return true;
        }, () -> last[0].toString());
        return last[0];
    }

    private static JsonNode part(JsonNode status, String part) {
        return part.equals("task") ? status.path("tasks").path(0) : status.path(part);
    }

    private static Predicate<JsonNode> state(String part, String state) {
        return status -> part(status, part).path("state").asText().equals(state);
    }

    private static Predicate<JsonNode> trace(String part, String... words) {
        return status -> {
            String trace = part(status, part).path("trace").asText();
            for (String word : words) {
                if (!trace.contains(word)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<JsonNode> failed(String part, String... words) {
        return state(part, "FAILED").and(trace(part, words));
    }

    /** The worker {@code offset} places after the one this behaviour is created through: calls spread over all. */
    private ClusterWorker worker(int offset) {
        return cluster.worker((via + offset) % cluster.workers.size());
    }

    private CompletableFuture<HttpResponse<String>> createUntimed(String body) {
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(worker(0).url("/connectors"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As {@link WorkerCluster#await}, looking every 250 ms: several behaviours poll every worker at once. */
    private static void await(String what, java.util.function.BooleanSupplier condition, WorkerCluster.Describe now)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting until " + what
                        + "; now: " + now.get());
            }
            Thread.sleep(250);
        }
    }

    private static long ms(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}

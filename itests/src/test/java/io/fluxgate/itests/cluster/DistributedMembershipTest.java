package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Distributed mode's membership on real worker processes and a real broker: work balanced over the workers, a new
 * worker receiving work, a stopped worker's work moving, and REST requests sent to followers. The sequence source's
 * records are checked for loss after each change.
 */
class DistributedMembershipTest extends ClusterTestSupport {

    @Test
    void sixTasksOverThreeWorkersTwoEach() throws Exception {
        WorkerCluster c = cluster("balance").start(3);
        c.createSequence(c.worker(0), "seq", "balance-seq", 6);
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        // Balance may take a follow-up rebalance (incremental cooperative): wait for 2/2/2.
        WorkerCluster.await("2 tasks on each worker", Duration.ofSeconds(60), () -> {
            Map<String, Integer> counts = WorkerCluster.tasksPerWorker(c.status("seq"));
            return counts.size() == 3 && counts.values().stream().allMatch(n -> n == 2)
                    && counts.keySet().equals(c.liveIds());
        }, () -> WorkerCluster.tasksPerWorker(c.status("seq")).toString());
        // Every worker tells the same.
        for (ClusterWorker worker : c.workers) {
            assertEquals(Map.of(c.worker(0).workerId(), 2, c.worker(1).workerId(), 2, c.worker(2).workerId(), 2),
                    WorkerCluster.tasksPerWorker(worker.json("/connectors/seq/status")), worker.toString());
        }
        c.awaitProgress("balance-seq", 6, Map.of(), Duration.ofSeconds(30));
        c.assertNoLoss("seq", "balance-seq", 6);
    }

    @Test
    void aNewWorkerReceivesWork() throws Exception {
        WorkerCluster c = cluster("scale-up").start(2);
        c.createSequence(c.worker(0), "seq", "scale-up-seq", 6);
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        Map<Integer, Long> before = SequenceTopic.highest(c.records("scale-up-seq"));

        long launched = System.nanoTime();
        ClusterWorker third = c.launch();
        third.awaitReady(Duration.ofSeconds(90));
        long ready = System.nanoTime();
        WorkerCluster.await("the new worker runs tasks", Duration.ofSeconds(60),
                () -> WorkerCluster.tasksPerWorker(c.status("seq")).getOrDefault(third.workerId(), 0) > 0
                        && WorkerCluster.allRunning(c.status("seq"), 6, c.liveIds()),
                () -> c.status("seq").toString());
        long working = System.nanoTime();
        System.out.printf("scale up: the 3rd worker ran tasks %d ms after its launch, %d ms after it was ready%n",
                (working - launched) / 1_000_000, (working - ready) / 1_000_000);
        WorkerCluster.await("2 tasks on each worker", Duration.ofSeconds(60), () -> WorkerCluster
                .tasksPerWorker(c.status("seq")).values().stream().filter(n -> n == 2).count() == 3,
                () -> WorkerCluster.tasksPerWorker(c.status("seq")).toString());
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(30));
        c.awaitProgress("scale-up-seq", 6, before, Duration.ofSeconds(30));
        c.assertNoLoss("seq", "scale-up-seq", 6);
    }

    @Test
    void aStoppedWorkersTasksMove() throws Exception {
        WorkerCluster c = cluster("scale-down").start(3);
        c.createSequence(c.worker(0), "seq", "scale-down-seq", 6);
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        ClusterWorker leaving = c.worker(2);
        WorkerCluster.await("the third worker runs tasks", Duration.ofSeconds(60),
                () -> WorkerCluster.tasksPerWorker(c.status("seq")).getOrDefault(leaving.workerId(), 0) > 0,
                () -> c.status("seq").toString());
        Map<Integer, Long> before = SequenceTopic.highest(c.records("scale-down-seq"));

        long stopping = System.nanoTime();
        leaving.stop(Duration.ofSeconds(60));
        long stopped = System.nanoTime();
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        System.out.printf("scale down: the worker exited %d ms after SIGTERM (status %d), its tasks RUNNING on the"
                + " 2 others %d ms after SIGTERM%n", (stopped - stopping) / 1_000_000, leaving.process().exitValue(),
                (System.nanoTime() - stopping) / 1_000_000);
        c.awaitProgress("scale-down-seq", 6, before, Duration.ofSeconds(30));
        c.assertNoLoss("seq", "scale-down-seq", 6);
    }

    /**
     * A worker restarted within the session timeout (it does not leave the group on a stop, by default) takes its own
     * tasks back in one move: none of them is ever reported on the other workers meanwhile, and theirs stay put.
     * Apache, with scheduled.rebalance.max.delay.ms=0, would move them twice: away, then back.
     */
    @Test
    void aRestartedWorkerTakesItsTasksBackInOneMove() throws Exception {
        // A session long enough for a worker process to start again within it on a busy 2-core machine.
        WorkerCluster c = cluster("restart", Map.of("session.timeout.ms", "45000")).start(3);
        c.createSequence(c.worker(0), "seq", "restart-seq", 6);
        WorkerCluster.await("2 tasks on each worker", Duration.ofSeconds(60), () -> {
            Map<String, Integer> counts = WorkerCluster.tasksPerWorker(c.status("seq"));
            return counts.size() == 3 && counts.values().stream().allMatch(n -> n == 2)
                    && WorkerCluster.allRunning(c.status("seq"), 6, c.liveIds());
        }, () -> WorkerCluster.tasksPerWorker(c.status("seq")).toString());
        ClusterWorker restarting = c.worker(2);
        Map<Integer, String> owners = owners(c.status("seq"));
        Map<Integer, Long> before = SequenceTopic.highest(c.records("restart-seq"));

        restarting.stop(Duration.ofSeconds(60));
        long stopped = System.nanoTime();
        ClusterWorker again = c.launch();
        Set<String> stayed = Set.of(c.worker(0).workerId(), c.worker(1).workerId());
        WorkerCluster.await("the restarted worker runs the 2 tasks it had", Duration.ofSeconds(120), () -> {
            Map<Integer, String> now = owners(c.worker(0).json("/connectors/seq/status"));
            owners.forEach((task, owner) -> {
                String current = now.get(task);
                boolean moved = stayed.contains(owner) ? current != null && !current.equals(owner)
                        : current != null && stayed.contains(current);
                assertTrue(!moved, "task " + task + " moved from " + owner + " to " + current + ": " + now);
            });
            return WorkerCluster.tasksPerWorker(c.status("seq")).getOrDefault(again.workerId(), 0) == 2
                    && WorkerCluster.allRunning(c.status("seq"), 6, c.liveIds());
        }, () -> c.status("seq").toString());
        System.out.printf("restart: the worker's 2 tasks RUNNING on its new process %d ms after it stopped%n",
                (System.nanoTime() - stopped) / 1_000_000);
        c.awaitProgress("restart-seq", 6, before, Duration.ofSeconds(30));
        c.assertNoLoss("seq", "restart-seq", 6);
    }

    /** Task number to the worker id its status names, for the tasks that have one. */
    private static Map<Integer, String> owners(JsonNode status) {
        Map<Integer, String> owners = new java.util.HashMap<>();
        for (JsonNode task : status.path("tasks")) {
            if (task.has("worker_id")) {
                owners.put(task.path("id").asInt(), task.path("worker_id").asText());
            }
        }
        return owners;
    }

    @Test
    void requestsToFollowersAreForwardedAndEveryWorkerTellsTheSame() throws Exception {
        WorkerCluster c = cluster("forward").start(3);
        ClusterWorker follower = c.worker(1);
        ClusterWorker other = c.worker(2);
        c.createSequence(follower, "seq", "forward-seq", 2);
        c.awaitAllRunning("seq", 2, Duration.ofSeconds(60));

        // A config change through another follower: 2 tasks -> 4.
        HttpResponse<String> put = other.write("PUT", "/connectors/seq/config",
                WorkerCluster.sequenceConnector("seq", "forward-seq", 4).replaceFirst("^\\{\"name\":\"seq\","
                        + "\"config\":", "").replaceFirst("}$", ""));
        assertEquals(200, put.statusCode(), put.body());
        c.awaitAllRunning("seq", 4, Duration.ofSeconds(60));
        for (ClusterWorker worker : c.workers) {
            JsonNode config = worker.json("/connectors/seq/config");
            assertEquals("4", config.path("tasks.max").asText(), worker + " " + config);
            assertEquals("[\"seq\"]", worker.json("/connectors").toString(), worker.toString());
        }

        // Task restart sent to a worker that may not run the task; connector create and delete through followers.
        assertEquals(204, other.write("POST", "/connectors/seq/tasks/0/restart", null).statusCode());
        c.createTopic("forward-other", 1);
        HttpResponse<String> created = other.write("POST", "/connectors",
                WorkerCluster.sequenceConnector("other", "forward-other", 1));
        assertEquals(201, created.statusCode(), created.body());
        WorkerCluster.await("every worker lists both connectors", Duration.ofSeconds(30), () -> c.workers.stream()
                .allMatch(w -> w.json("/connectors").size() == 2), () -> c.any().json("/connectors").toString());
        HttpResponse<String> deleted = follower.write("DELETE", "/connectors/other", null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        WorkerCluster.await("no worker lists the deleted connector", Duration.ofSeconds(30), () -> c.workers.stream()
                .allMatch(w -> w.json("/connectors").toString().equals("[\"seq\"]")),
                () -> c.any().json("/connectors").toString());
        c.awaitAllRunning("seq", 4, Duration.ofSeconds(60));
        assertTrue(Set.of(200).contains(c.worker(0).status("/connectors/seq/status")));
        System.out.printf("forwarding: 409 answers retried: %d by %s, %d by %s%n", follower.conflicts, follower,
                other.conflicts, other);
        c.awaitProgress("forward-seq", 4, Map.of(), Duration.ofSeconds(30));
        c.assertNoLoss("seq", "forward-seq", 4);
    }
}

package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.ClassicGroupState;
import org.junit.jupiter.api.Test;

/**
 * Bulkheads (issue 15) in a cluster of three workers: a healthy sequence source of three tasks, one on each worker,
 * runs beside every hostile behaviour of {@code e2e/BulkheadTest}'s table ({@link ClusterHostile#all()}: hangs in
 * each connector and task call, in a converter's or transformation's {@code close()}, in validation; Errors thrown
 * from poll() and put(); a failed assembly). Behaviours run {@value #SIDE_BY_SIDE} at a time, each its own connector
 * and release file, created through the workers in turn ({@link HostileRun}): the status read from every worker must
 * say what happened (a hung task also once restarted, as a rebalance moving it does), the healthy source must write
 * on, every delete must answer and be seen everywhere. Throughout, every REST call to every worker (the test's own,
 * and a prober's reads) must answer within 2 s. At the end: the group's members are those it started with (no worker
 * left it or was dropped), the healthy tasks RUNNING one per worker (every rebalance the creations and deletes caused
 * happened), and the healthy topic holds every number the source committed. Prints each behaviour's figures and the
 * REST p50/p99/max. {@code -Dbulkhead.modes="sink hang-put,source oom"} runs those only.
 */
class ClusterBulkheadTest extends ClusterTestSupport {

    private static final long REST_BOUND_MS = 2_000;
    private static final long CALL_TIMEOUT_MS = 3_000;
    /** Behaviours at once: enough to finish the 21 in three rounds, few enough for two shared cores. */
    private static final int SIDE_BY_SIDE = 7;

    @Test
    void aHostileConnectorCostsOnlyItselfInAThreeWorkerCluster() throws Exception {
        assumeTrue(ClusterWorker.Kind.configured() == ClusterWorker.Kind.FLUXGATE,
                "Fluxgate's bulkheads: Apache's herder waits on these calls");
        long began = System.nanoTime();
        WorkerCluster c = cluster("bulkheads", Map.of(
                "fluxgate.connector.call.timeout.ms", String.valueOf(CALL_TIMEOUT_MS),
                "fluxgate.task.stall.timeout.ms", "2000", "task.shutdown.graceful.timeout.ms", "2000",
                "fluxgate.plugin.lingering.threads.max", "1")).start(3);
        c.createSequence(c.worker(0), "healthy", "healthy-seq", 3);
        c.awaitAllRunning("healthy", 3, Duration.ofSeconds(60));
        assertEquals(3, WorkerCluster.tasksPerWorker(c.status("healthy")).size(), "one healthy task per worker");
        Set<String> members = memberIds(c.describeGroup());
        assertEquals(3, members.size(), "three members: " + members);

        List<ClusterHostile> hostiles = ClusterHostile.all();
        List<Path> releases = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        ExecutorService runs = Executors.newFixedThreadPool(SIDE_BY_SIDE);
        try (ClusterRest rest = new ClusterRest(c, REST_BOUND_MS);
                HealthyProgress healthy = new HealthyProgress(broker.bootstrapServers(), "healthy-seq")) {
            rest.probe(List.of("/connectors/healthy/status", "/connectors?expand=status"));
            long behaving = System.nanoTime();
            List<Future<String>> results = new ArrayList<>();
            List<HostileRun> alone = new ArrayList<>();
            for (int i = 0; i < hostiles.size(); i++) {
                Path release = dir.resolve(c.group + "-" + hostiles.get(i).connector() + ".release");
                releases.add(release);
                HostileRun run = new HostileRun(c, rest, healthy, hostiles.get(i), release, i, CALL_TIMEOUT_MS);
                if (hostiles.get(i).alone()) {
                    alone.add(run);
                } else {
                    results.add(runs.submit(run::run));
                }
            }
            for (Future<String> result : results) {
                figures.add(outcome(result));
            }
            for (HostileRun run : alone) {
                figures.add(run.run());
            }
            long behaviours = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - behaving);

            c.awaitAllRunning("healthy", 3, Duration.ofSeconds(30));
            assertEquals(Map.of(1, 3), WorkerCluster.tasksPerWorker(c.status("healthy")).values().stream()
                    .collect(Collectors.groupingBy(n -> n, Collectors.summingInt(n -> 1))),
                    "one healthy task per worker once the hostile connectors are gone: " + c.status("healthy"));
            // The last delete's rebalance may still be under way: the group is then stable again within moments.
            ClassicGroupDescription[] group = {c.describeGroup()};
            WorkerCluster.await("the group stable", Duration.ofSeconds(30), () -> {
                try {
                    group[0] = c.describeGroup();
                    return group[0].state() == ClassicGroupState.STABLE;
                } catch (Exception e) {
                    return false;
                }
            }, () -> group[0].toString());
            assertEquals(members, memberIds(group[0]), "the group's members are those it started with");
            c.assertNoLoss("healthy", "healthy-seq", 3);
            System.out.printf("Hostile behaviours beside a healthy source, three workers, %d at a time (%d s; the "
                    + "class %d s):%n  %s%nREST beside the hostile connectors, three workers: %s%n", SIDE_BY_SIDE,
                    behaviours, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began),
                    String.join("\n  ", figures), rest.report());
            assertEquals(List.of(), rest.tooSlow(), "every REST call answers within " + REST_BOUND_MS + " ms");
        } finally {
            runs.shutdownNow();
            for (Path release : releases) {
                Files.writeString(release, "done"); // lets the hung calls end before the workers stop
            }
        }
    }

    /** The behaviour's figures, or its failure as the test's. */
    private static String outcome(Future<String> result) throws Exception {
        try {
            return result.get(3, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    private static Set<String> memberIds(ClassicGroupDescription group) {
        return group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
    }
}

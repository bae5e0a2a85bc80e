package io.fluxgate.itests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed mode's failover and scale-up figures with default worker settings (session timeout 10 s, heartbeat
 * 3 s): {@code bench.runs} times (5) each, the time from kill -9 of a follower, then of the leader, until every task
 * is RUNNING again on the survivors, and the time from the launch of a new worker until it runs a task. The connector
 * is the baseline's: FileStreamSink, 4 tasks over 2 workers ({@code bench.workers}, {@code bench.tasks}). Prints
 * medians; asserts nothing. Not part of the suite (its name is no test's): run it with
 * itests/benchmarks/failover.sh, which prints target/benchmarks/failover.txt.
 */
class FailoverBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final int WORKERS = Integer.getInteger("bench.workers", 2);
    private static final int TASKS = Integer.getInteger("bench.tasks", 4);
    private static final Path REPORT = Path.of("target/benchmarks/failover.txt");

    @TempDir
    Path dir;

    @Test
    void failoverAndScaleUp() throws Exception {
        Files.createDirectories(REPORT.getParent());
        Files.deleteIfExists(REPORT);
        try (BrokerProcess broker = BrokerProcess.startNew(dir.resolve("broker"))) {
            ClusterWorker.Kind kind = ClusterWorker.Kind.configured();
            report("distributed failover on %s, %d workers, FileStreamSink with %d tasks, default group timeouts%s",
                    kind == ClusterWorker.Kind.APACHE ? "Apache Kafka Connect 4.3.1" : "Fluxgate", WORKERS, TASKS,
                    kind == ClusterWorker.Kind.APACHE ? " (scheduled.rebalance.max.delay.ms=0)" : "");
            List<Long> follower = new ArrayList<>();
            List<Long> leader = new ArrayList<>();
            List<Long> joinFromLaunch = new ArrayList<>();
            List<Long> joinFromReady = new ArrayList<>();
            int cluster = 0;
            for (int run = 0; run < RUNS; run++) {
                follower.add(killAndMeasure(broker, "follower-" + (cluster++), WORKERS - 1));
                leader.add(killAndMeasure(broker, "leader-" + (cluster++), 0));
                long[] join = scaleUp(broker, "join-" + (cluster++));
                joinFromLaunch.add(join[0]);
                joinFromReady.add(join[1]);
            }
            report("kill -9 of a follower -> all tasks RUNNING on the survivors: median %,d ms %s", median(follower),
                    follower);
            report("kill -9 of the leader  -> all tasks RUNNING on the survivors: median %,d ms %s", median(leader),
                    leader);
            report("a new worker runs a task: median %,d ms after its launch %s, %,d ms after it answered %s",
                    median(joinFromLaunch), joinFromLaunch, median(joinFromReady), joinFromReady);
        }
    }

    private WorkerCluster newCluster(BrokerProcess broker, String name) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("session.timeout.ms", null);
        defaults.put("heartbeat.interval.ms", null);
        defaults.put("rebalance.timeout.ms", null);
        defaults.put("offset.flush.interval.ms", null);
        return new WorkerCluster("bench-" + name, broker, dir, defaults);
    }

    private void createSink(WorkerCluster c) throws Exception {
        c.createTopic(c.group + "-topic", TASKS);
        var response = c.worker(0).post("/connectors", "{\"name\":\"sink\",\"config\":{\"connector.class\":"
                + "\"FileStreamSink\",\"tasks.max\":\"" + TASKS + "\",\"topics\":\"" + c.group + "-topic\","
                + "\"file\":\"/dev/null\"}}");
        if (response.statusCode() != 201) {
            throw new AssertionError("POST /connectors: " + response.statusCode() + " " + response.body());
        }
    }

    private long killAndMeasure(BrokerProcess broker, String name, int victim) throws Exception {
        try (WorkerCluster c = newCluster(broker, name).start(WORKERS)) {
            createSink(c);
            c.awaitAllRunning("sink", TASKS, Duration.ofSeconds(60));
            ClusterWorker killed = c.worker(victim);
            WorkerCluster.await(killed + " runs tasks", Duration.ofSeconds(60),
                    () -> WorkerCluster.tasksPerWorker(c.status("sink")).getOrDefault(killed.workerId(), 0) > 0
                            && WorkerCluster.allRunning(c.status("sink"), TASKS, c.liveIds()),
                    () -> c.status("sink").toString());
            Thread.sleep(2000);
            long kill = System.nanoTime();
            killed.kill();
            c.awaitAllRunning("sink", TASKS, Duration.ofMinutes(6));
            long ms = (System.nanoTime() - kill) / 1_000_000;
            report("  %s: %,d ms", name, ms);
            return ms;
        }
    }

    private long[] scaleUp(BrokerProcess broker, String name) throws Exception {
        try (WorkerCluster c = newCluster(broker, name).start(WORKERS)) {
            createSink(c);
            c.awaitAllRunning("sink", TASKS, Duration.ofSeconds(60));
            Thread.sleep(2000);
            long launch = System.nanoTime();
            ClusterWorker added = c.launch();
            added.awaitReady(Duration.ofSeconds(90));
            long ready = System.nanoTime();
            WorkerCluster.await(added + " runs a task", Duration.ofMinutes(2),
                    () -> WorkerCluster.tasksPerWorker(c.status("sink")).getOrDefault(added.workerId(), 0) > 0
                            && WorkerCluster.allRunning(c.status("sink"), TASKS, c.liveIds()),
                    () -> c.status("sink").toString());
            long now = System.nanoTime();
            report("  %s: %,d ms from launch, %,d ms from ready", name, (now - launch) / 1_000_000,
                    (now - ready) / 1_000_000);
            return new long[] {(now - launch) / 1_000_000, (now - ready) / 1_000_000};
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void report(String format, Object... args) throws IOException {
        String line = String.format(format, args);
        System.out.println(line);
        Files.writeString(REPORT, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}

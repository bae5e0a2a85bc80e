package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The faults of distributed mode, each with the sequence source running and its records checked for loss at the end:
 * kill -9 of a follower, of the leader, of two workers of three, a worker paused (SIGSTOP) beyond the session timeout
 * that must not keep writing once it runs again, and a broker restart. After each, the cluster converges and every
 * live worker's {@code /status} tells where the tasks really run.
 */
class DistributedFailoverTest extends ClusterTestSupport {

    /** Kafka Connect's default group timeouts (session 10 s, heartbeat 3 s), which the 15 s promise is about. */
    private static final Map<String, String> DEFAULT_TIMEOUTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> map = new HashMap<>();
        map.put("session.timeout.ms", null);
        map.put("heartbeat.interval.ms", null);
        map.put("rebalance.timeout.ms", null);
        return map;
    }

    @Test
    void killFollowerAllTasksBackWithin15Seconds() throws Exception {
        killOneOfThree("kill-follower", 2);
    }

    /**
     * The connector keeps its offsets in a topic of its own ({@code offsets.storage.topic}): the tasks the survivors
     * take over resume from it, and the worker's offsets topic holds the copies Apache keeps there.
     */
    @Test
    void killLeaderAllTasksBackWithin15Seconds() throws Exception {
        WorkerCluster c = killOneOfThree("kill-leader", 0, Map.of("offsets.storage.topic", "kill-leader-offsets"));
        // The tasks moved from the killed worker commit their first offsets a flush interval after they start.
        WorkerCluster.await("every task's offset in the connector's own topic", Duration.ofSeconds(30),
                () -> ownOffsets(c).size() == 6, () -> ownOffsets(c).toString());
        SequenceTopic.assertNoLoss(c.records("kill-leader-seq"), ownOffsets(c), 6);
        WorkerCluster.await("the offsets copied to the worker's offsets topic", Duration.ofSeconds(30),
                () -> c.committed("seq").size() == 6, () -> c.committed("seq").toString());
    }

    private static Map<Integer, Long> ownOffsets(WorkerCluster c) {
        return SequenceTopic.committed(c.broker.bootstrapServers(), "kill-leader-offsets", "seq");
    }

    private WorkerCluster killOneOfThree(String name, int victim) throws Exception {
        return killOneOfThree(name, victim, Map.of());
    }

    private WorkerCluster killOneOfThree(String name, int victim, Map<String, String> connectorSettings)
            throws Exception {
        WorkerCluster c = cluster(name, DEFAULT_TIMEOUTS).start(3);
        String topic = name + "-seq";
        c.createSequence(c.worker(1), "seq", topic, 6, connectorSettings);
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        ClusterWorker killed = c.worker(victim);
        WorkerCluster.await(killed + " runs tasks", Duration.ofSeconds(60),
                () -> WorkerCluster.tasksPerWorker(c.status("seq")).getOrDefault(killed.workerId(), 0) > 0
                        && WorkerCluster.allRunning(c.status("seq"), 6, c.liveIds()),
                () -> c.status("seq").toString());
        Map<Integer, Long> before = SequenceTopic.highest(c.records(topic));

        long kill = System.nanoTime();
        killed.kill();
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(90));
        long back = (System.nanoTime() - kill) / 1_000_000;
        System.out.printf("%s: all 6 tasks RUNNING on the 2 survivors %d ms after kill -9 (default timeouts)%n",
                name, back);
        assertFalse(WorkerCluster.tasksPerWorker(c.status("seq")).containsKey(killed.workerId()));
        c.awaitProgress(topic, 6, before, Duration.ofSeconds(30));
        c.assertNoLoss("seq", topic, 6);
        assertTrue(back <= 15_000, "all tasks back " + back + " ms after kill -9 of " + killed + ": more than 15 s");
        return c;
    }

    @Test
    void killTwoOfThreeAllTasksOnTheSurvivor() throws Exception {
        WorkerCluster c = cluster("kill-two").start(3);
        c.createSequence(c.worker(0), "seq", "kill-two-seq", 6);
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        Map<Integer, Long> before = SequenceTopic.highest(c.records("kill-two-seq"));

        c.worker(0).kill(); // the leader too
        c.worker(2).kill();
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(90));
        assertEquals(Map.of(c.worker(1).workerId(), 6), WorkerCluster.tasksPerWorker(c.status("seq")));
        c.awaitProgress("kill-two-seq", 6, before, Duration.ofSeconds(30));
        c.assertNoLoss("seq", "kill-two-seq", 6);
    }

    /**
     * A worker cut off from the broker for longer than the session timeout (a process pause: GC, SIGSTOP, a VM
     * migration): the others take its tasks over; once it runs again, the task instances it ran stop writing (no
     * zombie), its status no longer claims them, and nothing is lost.
     */
    @Test
    void aWorkerPausedBeyondTheSessionTimeoutStopsItsTasks() throws Exception {
        WorkerCluster c = cluster("zombie").start(3);
        String topic = "zombie-seq";
        c.createSequence(c.worker(0), "seq", topic, 6);
        ClusterWorker paused = c.worker(2);
        WorkerCluster.await(paused + " runs tasks", Duration.ofSeconds(60),
                () -> WorkerCluster.tasksPerWorker(c.status("seq")).getOrDefault(paused.workerId(), 0) > 0
                        && WorkerCluster.allRunning(c.status("seq"), 6, c.liveIds()),
                () -> c.status("seq").toString());
        Thread.sleep(1000);

        paused.pause();
        // The task instances that ran in the paused process, and every instance that ran before the pause.
        List<SequenceTopic.Rec> beforePause = c.records(topic);
        Set<String> zombies = beforePause.stream().filter(r -> r.pid() == paused.pid())
                .map(SequenceTopic.Rec::instance).collect(Collectors.toSet());
        Set<String> earlier = beforePause.stream().map(SequenceTopic.Rec::instance).collect(Collectors.toSet());
        assertFalse(zombies.isEmpty(), "no record written by " + paused);
        Map<Integer, Long> before = SequenceTopic.highest(c.records(topic));
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        Thread.sleep(2000);

        paused.resume();
        // Given time to learn that it left the group, the paused worker's old task instances write no more.
        Thread.sleep(15_000);
        long written = zombieRecords(c, topic, zombies);
        Thread.sleep(5_000);
        long later = zombieRecords(c, topic, zombies);
        assertEquals(written, later, "task instances of " + paused + " still write 15 s after it resumed: a zombie");
        assertNothingWrittenAfterTheReplacementStarted(c.records(topic), zombies, earlier);

        // The cluster converges with the resumed worker in it; its status claims only what it runs now.
        c.awaitAllRunning("seq", 6, Duration.ofSeconds(60));
        List<SequenceTopic.Rec> recent = c.records(topic);
        long now = System.currentTimeMillis();
        for (var entry : WorkerCluster.tasksPerWorker(c.status("seq")).entrySet()) {
            assertTrue(c.liveIds().contains(entry.getKey()), entry.toString());
        }
        assertTrue(recent.stream().filter(r -> r.timestamp() > now - 3000)
                .noneMatch(r -> zombies.contains(r.instance())), "zombie records in the last 3 s");
        c.awaitProgress(topic, 6, before, Duration.ofSeconds(30));
        c.assertNoLoss("seq", topic, 6);
    }

    /**
     * No task instance of the paused worker handed a record to Kafka once the instance that replaced it had started
     * writing (both on this machine's clock: a record's timestamp is when its task sent it). Records already handed
     * to the producer before the pause may reach the broker after it wakes, with their earlier time: only fencing
     * (exactly-once) stops those.
     */
    private static void assertNothingWrittenAfterTheReplacementStarted(List<SequenceTopic.Rec> records,
            Set<String> zombies, Set<String> earlier) {
        Map<Integer, Long> replacementStart = new HashMap<>();
        for (SequenceTopic.Rec r : records) {
            if (!earlier.contains(r.instance())) {
                replacementStart.merge(r.task(), r.timestamp(), Math::min);
            }
        }
        List<String> late = new java.util.ArrayList<>();
        for (SequenceTopic.Rec r : records) {
            Long start = replacementStart.get(r.task());
            if (zombies.contains(r.instance()) && start != null && r.timestamp() >= start) {
                late.add("task " + r.task() + " #" + r.seq() + " at " + r.timestamp() + " (replacement from " + start
                        + ")");
            }
        }
        System.out.printf("zombie: %d records of the paused worker's instances sent after their replacement "
                + "started%n", late.size());
        assertEquals(List.of(), late.subList(0, Math.min(10, late.size())),
                late.size() + " records sent by the paused worker's task instances after their replacements started");
    }

    private static long zombieRecords(WorkerCluster c, String topic, Set<String> zombies) {
        return c.records(topic).stream().filter(r -> zombies.contains(r.instance())).count();
    }

    /** The broker stops (a controlled shutdown) and starts again: the tasks resume, nothing committed is lost. */
    @Test
    void aBrokerRestartLosesNothing() throws Exception {
        WorkerCluster c = cluster("broker-restart").start(3);
        String topic = "broker-restart-seq";
        c.createSequence(c.worker(0), "seq", topic, 4);
        c.awaitAllRunning("seq", 4, Duration.ofSeconds(60));
        c.awaitProgress(topic, 4, Map.of(), Duration.ofSeconds(30));
        Thread.sleep(2000);

        long stop = System.nanoTime();
        c.broker.restart(Duration.ofSeconds(3));
        System.out.printf("broker restart: down for %d ms%n", (System.nanoTime() - stop) / 1_000_000);
        Map<Integer, Long> before = SequenceTopic.highest(c.records(topic));
        c.awaitProgress(topic, 4, before, Duration.ofSeconds(90));
        c.awaitAllRunning("seq", 4, Duration.ofSeconds(90));
        System.out.printf("broker restart: all tasks RUNNING and writing %d ms after the broker stopped%n",
                (System.nanoTime() - stop) / 1_000_000);
        assertEquals(3, c.live().size(), "every worker survives a broker restart");
        c.assertNoLoss("seq", topic, 4);
    }
}

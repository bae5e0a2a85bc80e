package org.apache.kafka.connect.runtime.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.runtime.distributed.WorkerCoordinator.ConnectorsAndTasks;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.assign.ClusterAssignment;
import io.fluxgate.cluster.assign.IncrementalAssignor;
import io.fluxgate.cluster.assign.Work;

/**
 * Fluxgate's incremental assignor against Apache Kafka Connect 4.3.1's {@code IncrementalCooperativeAssignor}, round
 * for round through random histories of joins, departures, returns, new, deleted and resized connectors, leader
 * changes and time passing: both must revoke the same work, assign the same work to the same members, and ask for
 * the same delay. (In Apache's package, because its per-round entry point is package-private.)
 */
class ApacheAssignorDifferentialTest {

    @ParameterizedTest(name = "scheduled.rebalance.max.delay.ms={0}")
    @ValueSource(ints = {0, 5_000, 300_000})
    void sameDecisionsAsApache(int maxDelay) {
        int[] seen = new int[3];
        for (long seed = 1; seed <= 60; seed++) {
            new History(maxDelay, seed, seen).run(40);
        }
        // The histories must have gone through the interesting cases, not just quiet rounds.
        assertTrue(seen[REVOKING] > 100, "revoking rounds: " + seen[REVOKING]);
        assertTrue(seen[ASSIGNING] > 500, "assigning rounds: " + seen[ASSIGNING]);
        assertEquals(maxDelay > 0, seen[DELAYED] > 50, "rounds holding work back: " + seen[DELAYED]);
    }

    private static final int REVOKING = 0;
    private static final int ASSIGNING = 1;
    private static final int DELAYED = 2;

    private static final class History {
        private final Random random;
        private final long[] clock = {10_000_000};
        private final IncrementalCooperativeAssignor apache;
        private final IncrementalAssignor fluxgate;
        private final Map<String, Work> members = new LinkedHashMap<>();
        private final Map<String, Integer> taskCounts = new TreeMap<>();
        private final int maxDelay;
        private final long seed;
        private final int[] seen;
        private int generation;
        private int lastCompleted = -1;
        private int nextWorker;
        private int nextConnector;

        History(int maxDelay, long seed, int[] seen) {
            this.seen = seen;
            this.maxDelay = maxDelay;
            this.seed = seed;
            this.random = new Random(seed * 7919 + maxDelay);
            this.apache = new IncrementalCooperativeAssignor(new LogContext(), new ManualTime(() -> clock[0]),
                    maxDelay);
            this.fluxgate = new IncrementalAssignor(maxDelay, () -> clock[0]);
        }

        void run(int rounds) {
            for (int i = 0; i < 3; i++) {
                join();
            }
            for (int i = 0; i < 4; i++) {
                taskCounts.put("c" + nextConnector++, random.nextInt(6));
            }
            for (int round = 0; round < rounds; round++) {
                mutate();
                round(round);
            }
        }

        private void mutate() {
            switch (random.nextInt(12)) {
                case 0, 1 -> join();
                case 2 -> {
                    if (members.size() > 1) {
                        members.remove(randomMember());
                    }
                }
                case 3 -> taskCounts.put("c" + nextConnector++, random.nextInt(8));
                case 4 -> {
                    if (!taskCounts.isEmpty()) {
                        taskCounts.remove(new ArrayList<>(taskCounts.keySet()).get(random.nextInt(taskCounts.size())));
                    }
                }
                case 5 -> {
                    if (!taskCounts.isEmpty()) {
                        taskCounts.put(new ArrayList<>(taskCounts.keySet()).get(random.nextInt(taskCounts.size())),
                                random.nextInt(8));
                    }
                }
                case 6 -> lastCompleted = -5; // another worker led a round
                default -> clock[0] += random.nextInt(Math.max(1, maxDelay / 2) + 2_000);
            }
        }

        private void join() {
            members.put("worker-" + Integer.toString(nextWorker++ * 7 + 3, 36), Work.empty());
        }

        private String randomMember() {
            return new ArrayList<>(members.keySet()).get(random.nextInt(members.size()));
        }

        private void round(int round) {
            generation++;
            Map<String, ConnectorsAndTasks> apacheReports = new LinkedHashMap<>();
            Map<String, Work> fluxgateReports = new LinkedHashMap<>();
            members.forEach((member, work) -> {
                apacheReports.put(member, new ConnectorsAndTasks.Builder()
                        .with(new ArrayList<>(work.connectors()), apacheTasks(work.tasks())).build());
                fluxgateReports.put(member, new Work(work.connectors(), work.tasks()));
            });
            IncrementalCooperativeAssignor.ClusterAssignment expected = apache.performTaskAssignment(
                    configState(), lastCompleted, generation, apacheReports);
            ClusterAssignment actual = fluxgate.assign(new ConfiguredWork(generation, taskCounts), lastCompleted,
                    generation, fluxgateReports);
            lastCompleted = generation;

            String where = "seed " + seed + ", round " + round + ", members " + members.keySet();
            assertEquals(apache.delay, fluxgate.delay(), "delay, " + where);
            for (String member : members.keySet()) {
                assertEquals(Set.copyOf(expected.newlyAssignedConnectors(member)),
                        actual.newlyAssigned(member).connectors(), "assigned connectors of " + member + ", " + where);
                assertEquals(fluxgateTasks(expected.newlyAssignedTasks(member)),
                        actual.newlyAssigned(member).tasks(), "assigned tasks of " + member + ", " + where);
                assertEquals(Set.copyOf(expected.newlyRevokedConnectors(member)),
                        actual.revoked(member).connectors(), "revoked connectors of " + member + ", " + where);
                assertEquals(fluxgateTasks(expected.newlyRevokedTasks(member)),
                        actual.revoked(member).tasks(), "revoked tasks of " + member + ", " + where);
            }
            seen[REVOKING] += actual.revoked().values().stream().anyMatch(w -> !w.isEmpty()) ? 1 : 0;
            seen[ASSIGNING] += actual.newlyAssigned().values().stream().anyMatch(w -> !w.isEmpty()) ? 1 : 0;
            seen[DELAYED] += fluxgate.delay() > 0 ? 1 : 0;
            members.forEach((member, work) -> {
                work.removeAll(actual.revoked(member));
                work.addAll(actual.newlyAssigned(member));
            });
        }

        private ClusterConfigState configState() {
            Map<String, Map<String, String>> configs = new HashMap<>();
            taskCounts.keySet().forEach(c -> configs.put(c, Map.of()));
            return new ClusterConfigState(generation, null, new HashMap<>(taskCounts), configs, Map.of(), Map.of(),
                    Map.of(), Map.of(), Map.of(), Set.of(), Set.of());
        }
    }

    private static List<ConnectorTaskId> apacheTasks(Collection<io.fluxgate.api.herder.ConnectorTaskId> tasks) {
        return tasks.stream().map(t -> new ConnectorTaskId(t.connector(), t.task())).collect(Collectors.toList());
    }

    private static Set<io.fluxgate.api.herder.ConnectorTaskId> fluxgateTasks(Collection<ConnectorTaskId> tasks) {
        Set<io.fluxgate.api.herder.ConnectorTaskId> result = new HashSet<>();
        tasks.forEach(t -> result.add(new io.fluxgate.api.herder.ConnectorTaskId(t.connector(), t.task())));
        return result;
    }

    /** A clock the test moves by hand. */
    private record ManualTime(Supplier<Long> now) implements Time {
        @Override
        public long milliseconds() {
            return now.get();
        }

        @Override
        public long nanoseconds() {
            return now.get() * 1_000_000;
        }

        @Override
        public void sleep(long ms) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
            throw new UnsupportedOperationException();
        }
    }
}

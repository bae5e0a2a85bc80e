package io.fluxgate.cluster.assign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.ConfiguredWork;

/**
 * A group of workers around one {@link IncrementalAssignor}, as the coordinator and the members would drive it, without
 * a broker: each round, every member reports what it runs; the members then stop what was revoked and start what was
 * assigned. Records every start so tests can count moves.
 */
final class SimulatedGroup {

    private final IncrementalAssignor assignor;
    private final long[] clock;
    private final Map<String, Work> members = new LinkedHashMap<>();
    private final Map<String, Integer> taskCounts = new TreeMap<>();
    private final List<Start> starts = new ArrayList<>();
    private int generation = 0;
    private int lastCompleted = -1;
    private ClusterAssignment last;

    /** A connector or task started on a worker, in a round. */
    record Start(String worker, Object work, int generation) {
    }

    SimulatedGroup(int maxDelay) {
        this.clock = new long[] {1_000_000};
        this.assignor = new IncrementalAssignor(maxDelay, () -> clock[0]);
    }

    SimulatedGroup connector(String name, int tasks) {
        taskCounts.put(name, tasks);
        return this;
    }

    SimulatedGroup deleteConnector(String name) {
        taskCounts.remove(name);
        return this;
    }

    SimulatedGroup join(String... workers) {
        for (String worker : workers) {
            members.put(worker, Work.empty());
        }
        return this;
    }

    /** The worker is gone (left or removed by the coordinator): its work is lost. */
    SimulatedGroup remove(String worker) {
        members.remove(worker);
        return this;
    }

    /** A member reports something it does not own (a zombie, or a missed revocation). */
    SimulatedGroup alsoRuns(String worker, ConnectorTaskId task) {
        members.get(worker).tasks().add(task);
        return this;
    }

    void advance(long ms) {
        clock[0] += ms;
    }

    /** This worker leads the next round but did not lead the previous one. */
    void newLeader() {
        lastCompleted = -2;
    }

    /** One rebalance round; members apply it at once. */
    ClusterAssignment round() {
        generation++;
        Map<String, Work> reports = new LinkedHashMap<>();
        members.forEach((worker, work) -> reports.put(worker, new Work(work.connectors(), work.tasks())));
        last = assignor.assign(new ConfiguredWork(generation, taskCounts), lastCompleted, generation, reports);
        lastCompleted = generation;
        members.forEach((worker, work) -> {
            work.removeAll(last.revoked(worker));
            Work added = last.newlyAssigned(worker);
            added.connectors().forEach(c -> starts.add(new Start(worker, c, generation)));
            added.tasks().forEach(t -> starts.add(new Start(worker, t, generation)));
            work.addAll(added);
        });
        return last;
    }

    /** Rounds until nothing is revoked and no delay is pending (members rejoin after revocations, as they do). */
    int settle() {
        int rounds = 0;
        do {
            round();
            rounds++;
        } while (revokedAnything(last) && rounds < 10);
        return rounds;
    }

    static boolean revokedAnything(ClusterAssignment assignment) {
        return assignment.revoked().values().stream().anyMatch(w -> !w.isEmpty());
    }

    int delay() {
        return assignor.delay();
    }

    Work owned(String worker) {
        return members.get(worker);
    }

    Map<String, Work> members() {
        return members;
    }

    List<Start> starts() {
        return starts;
    }

    List<Start> startsSince(int generationExclusive) {
        return starts.stream().filter(s -> s.generation() > generationExclusive).toList();
    }

    int generation() {
        return generation;
    }

    /** Every configured connector and task runs exactly once. */
    boolean runsEverythingOnce() {
        Map<Object, Integer> counts = new HashMap<>();
        members.values().forEach(w -> {
            w.connectors().forEach(c -> counts.merge(c, 1, Integer::sum));
            w.tasks().forEach(t -> counts.merge(t, 1, Integer::sum));
        });
        int expected = taskCounts.size() + taskCounts.values().stream().mapToInt(Integer::intValue).sum();
        return counts.size() == expected && counts.values().stream().allMatch(n -> n == 1)
                && taskCounts.keySet().stream().allMatch(counts::containsKey);
    }

    /** Connectors and tasks each spread within one of each other. */
    boolean balanced() {
        int minC = members.values().stream().mapToInt(w -> w.connectors().size()).min().orElse(0);
        int maxC = members.values().stream().mapToInt(w -> w.connectors().size()).max().orElse(0);
        int minT = members.values().stream().mapToInt(w -> w.tasks().size()).min().orElse(0);
        int maxT = members.values().stream().mapToInt(w -> w.tasks().size()).max().orElse(0);
        return maxC - minC <= 1 && maxT - minT <= 1;
    }
}

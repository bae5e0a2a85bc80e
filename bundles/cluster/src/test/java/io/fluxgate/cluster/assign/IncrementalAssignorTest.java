package io.fluxgate.cluster.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;

/** The incremental cooperative assignor, round by round, without a broker. */
class IncrementalAssignorTest {

    @Test
    void firstRoundSpreadsConnectorsAndTasksEvenly() {
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 4).connector("b", 3).connector("c", 2)
                .join("w1", "w2", "w3");
        ClusterAssignment first = group.round();

        assertFalse(SimulatedGroup.revokedAnything(first));
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced(), group.members().toString());
        group.members().values().forEach(w -> assertEquals(1, w.connectors().size()));
        group.members().values().forEach(w -> assertEquals(3, w.tasks().size()));
    }

    @Test
    void unevenTaskCountsStayWithinOneOfEachOther() {
        SimulatedGroup group = new SimulatedGroup(0).connector("one", 1).connector("five", 5).connector("seven", 7)
                .join("w1", "w2", "w3", "w4");
        group.settle();
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced(), group.members().toString());
        // 13 tasks over 4 workers: three run 3, one runs 4.
        assertEquals(List.of(3, 3, 3, 4), group.members().values().stream().map(w -> w.tasks().size()).sorted()
                .toList());
    }

    @Test
    void aJoiningWorkerTakesOnlyTheExcessAndNothingElseMoves() {
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 4).connector("b", 4).connector("c", 4)
                .join("w1", "w2", "w3");
        group.round();
        Set<ConnectorTaskId> before = new HashSet<>();
        group.members().values().forEach(w -> before.addAll(w.tasks()));
        int generation = group.generation();

        group.join("w4");
        ClusterAssignment revoking = group.round();
        // First the excess is revoked: 12 tasks over 4 is 3 each, so one task from each of the three.
        assertEquals(3, revoking.revoked().values().stream().mapToInt(w -> w.tasks().size()).sum());
        assertTrue(revoking.revoked().values().stream().allMatch(w -> w.connectors().isEmpty()));
        ClusterAssignment assigning = group.round();
        assertFalse(SimulatedGroup.revokedAnything(assigning));

        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced(), group.members().toString());
        // Exactly the three revoked tasks started again, all on the new worker; connectors did not move (3 over 4).
        List<SimulatedGroup.Start> moves = group.startsSince(generation);
        assertEquals(3, moves.size(), moves.toString());
        assertTrue(moves.stream().allMatch(s -> s.worker().equals("w4")));
        assertEquals(3, group.owned("w4").tasks().size());
    }

    @Test
    void withoutDelayALeftWorkersWorkIsReassignedInOneRoundAndOthersKeepTheirs() {
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 3).connector("b", 3).join("w1", "w2", "w3");
        group.round();
        Work keptByW1 = copy(group.owned("w1"));
        Work keptByW2 = copy(group.owned("w2"));
        Work lost = copy(group.owned("w3"));
        int generation = group.generation();

        group.remove("w3");
        ClusterAssignment round = group.round();

        assertFalse(SimulatedGroup.revokedAnything(round));
        assertEquals(0, group.delay());
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced());
        assertTrue(group.owned("w1").tasks().containsAll(keptByW1.tasks()));
        assertTrue(group.owned("w2").tasks().containsAll(keptByW2.tasks()));
        assertEquals(lost.tasks().size() + lost.connectors().size(), group.startsSince(generation).size());
    }

    @Test
    void withADelayLostWorkWaitsForItAndIsThenReassigned() {
        SimulatedGroup group = new SimulatedGroup(10_000).connector("a", 3).connector("b", 3)
                .join("w1", "w2", "w3");
        group.round();
        Work lost = copy(group.owned("w3"));

        group.remove("w3");
        group.round();
        assertEquals(10_000, group.delay());
        assertFalse(group.runsEverythingOnce(), "held back");
        assertTrue(group.owned("w1").tasks().stream().noneMatch(lost.tasks()::contains));

        // A rebalance within the delay (another worker bouncing) keeps holding, for what is left of the delay.
        group.advance(4_000);
        group.round();
        assertEquals(6_000, group.delay());
        assertFalse(group.runsEverythingOnce());

        group.advance(6_000);
        ClusterAssignment due = group.round();
        assertEquals(0, group.delay());
        assertFalse(SimulatedGroup.revokedAnything(due));
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced());
    }

    @Test
    void aWorkerThatReturnsWithinTheDelayGetsItsWorkBackAndNothingElseMoves() {
        SimulatedGroup group = new SimulatedGroup(10_000).connector("a", 3).connector("b", 3)
                .join("w1", "w2", "w3");
        group.round();
        Work w1 = copy(group.owned("w1"));
        Work w2 = copy(group.owned("w2"));
        Work lost = copy(group.owned("w3"));
        int generation = group.generation();

        group.remove("w3");
        group.round();
        group.advance(3_000);
        group.join("w3-restarted");
        group.round();
        assertEquals(7_000, group.delay());
        group.advance(7_000);
        ClusterAssignment due = group.round();

        assertFalse(SimulatedGroup.revokedAnything(due));
        assertEquals(lost, group.owned("w3-restarted"));
        assertEquals(w1, group.owned("w1"));
        assertEquals(w2, group.owned("w2"));
        assertTrue(group.startsSince(generation).stream().allMatch(s -> s.worker().equals("w3-restarted")));
        // One more round changes nothing: no second move.
        ClusterAssignment after = group.round();
        assertFalse(SimulatedGroup.revokedAnything(after));
        assertTrue(after.newlyAssigned().values().stream().allMatch(Work::isEmpty));
    }

    @Test
    void withoutDelayAReturnerPresentWhenTheLossIsNoticedTakesTheLostWork() {
        // Fluxgate's default: a restarted worker joins before the coordinator removes the old one; both show up in
        // the same round, and the least loaded (the returner) gets the lost work.
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 4).connector("b", 5).join("w1", "w2", "w3");
        group.settle();
        Work w1 = copy(group.owned("w1"));
        Work w2 = copy(group.owned("w2"));
        Work lost = copy(group.owned("w3"));
        int generation = group.generation();

        group.remove("w3").join("w3-restarted");
        ClusterAssignment round = group.round();

        assertFalse(SimulatedGroup.revokedAnything(round));
        assertEquals(lost, group.owned("w3-restarted"));
        assertEquals(w1, group.owned("w1"));
        assertEquals(w2, group.owned("w2"));
        assertEquals(lost.connectors().size() + lost.tasks().size(), group.startsSince(generation).size());
        assertFalse(SimulatedGroup.revokedAnything(group.round()));
    }

    @Test
    void aReturnerAfterTheDelayCausesASecondMove() {
        // The price of a short delay, shown: work reassigned to survivors moves again to balance the late returner.
        SimulatedGroup group = new SimulatedGroup(2_000).connector("a", 6).join("w1", "w2", "w3");
        group.round();
        group.remove("w3");
        group.round();
        group.advance(2_000);
        group.round();
        assertTrue(group.runsEverythingOnce());
        group.join("w3-late");
        assertTrue(SimulatedGroup.revokedAnything(group.round()));
        group.round();
        assertTrue(group.balanced());
    }

    @Test
    void aNewConnectorGoesToTheLeastLoadedWithoutMovingAnything() {
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 2).connector("b", 2).join("w1", "w2", "w3");
        group.settle();
        int generation = group.generation();

        group.connector("c", 2);
        ClusterAssignment round = group.round();

        assertFalse(SimulatedGroup.revokedAnything(round));
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced(), group.members().toString());
        assertEquals(3, group.startsSince(generation).size(), "the connector and its two tasks only");
    }

    @Test
    void aDeletedConnectorIsRevokedFromWhereItRan() {
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 3).connector("b", 3).join("w1", "w2", "w3");
        group.settle();

        group.deleteConnector("a");
        ClusterAssignment round = group.round();

        Work revoked = Work.empty();
        round.revoked().values().forEach(revoked::addAll);
        assertEquals(Set.of("a"), revoked.connectors());
        assertEquals(Set.of(task("a", 0), task("a", 1), task("a", 2)), revoked.tasks());
        group.settle();
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced(), group.members().toString());
    }

    @Test
    void fewerTasksRevokeTheRemovedOnes() {
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 4).join("w1", "w2");
        group.settle();

        group.connector("a", 2);
        ClusterAssignment round = group.round();

        Work revoked = Work.empty();
        round.revoked().values().forEach(revoked::addAll);
        assertEquals(Set.of(task("a", 2), task("a", 3)), revoked.tasks());
        group.settle();
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced(), group.members().toString());
    }

    @Test
    void workRunningTwiceIsRevokedFromBothThenAssignedOnce() {
        SimulatedGroup group = new SimulatedGroup(0).connector("a", 2).join("w1", "w2");
        group.settle();
        ConnectorTaskId task = group.owned("w1").tasks().iterator().next();
        group.alsoRuns("w2", task);

        ClusterAssignment round = group.round();
        assertTrue(round.revoked("w1").tasks().contains(task));
        assertTrue(round.revoked("w2").tasks().contains(task));
        group.settle();
        assertTrue(group.runsEverythingOnce());
    }

    @Test
    void aNewLeaderReassignsADeadLeadersWorkAtOnceEvenWithADelay() {
        // Without history nothing is "lost": what nobody runs is simply new.
        SimulatedGroup group = new SimulatedGroup(300_000).connector("a", 4).join("leader", "w2", "w3");
        group.round();
        group.remove("leader");
        group.newLeader();
        ClusterAssignment round = group.round();
        assertEquals(0, group.delay());
        assertFalse(SimulatedGroup.revokedAnything(round));
        assertTrue(group.runsEverythingOnce());
    }

    @Test
    void consecutiveRevokingRoundsBackOffOnlyWhenADelayIsConfigured() {
        SimulatedGroup withDelay = new SimulatedGroup(300_000).connector("a", 12).join("w1");
        withDelay.round();
        withDelay.join("w2");
        assertTrue(SimulatedGroup.revokedAnything(withDelay.round()));
        withDelay.join("w3");
        // Two revoking rounds in a row: the second waits (Apache's 40 ms first step).
        assertFalse(SimulatedGroup.revokedAnything(withDelay.round()));
        assertEquals(40, withDelay.delay());

        SimulatedGroup withoutDelay = new SimulatedGroup(0).connector("a", 12).join("w1");
        withoutDelay.round();
        withoutDelay.join("w2");
        assertTrue(SimulatedGroup.revokedAnything(withoutDelay.round()));
        withoutDelay.join("w3");
        assertTrue(SimulatedGroup.revokedAnything(withoutDelay.round()));
        assertEquals(0, withoutDelay.delay());
        withoutDelay.settle();
        assertTrue(withoutDelay.balanced());
    }

    @Test
    void scalingDownAndUpRepeatedlyConverges() {
        SimulatedGroup group = new SimulatedGroup(0);
        for (int c = 0; c < 7; c++) {
            group.connector("c" + c, c % 4 + 1);
        }
        group.join("w1", "w2", "w3", "w4", "w5");
        group.settle();
        for (String worker : List.of("w2", "w4")) {
            group.remove(worker);
            group.settle();
            assertTrue(group.runsEverythingOnce());
            assertTrue(group.balanced(), group.members().toString());
        }
        group.join("w6", "w7", "w8");
        group.settle();
        assertTrue(group.runsEverythingOnce());
        assertTrue(group.balanced(), group.members().toString());
    }

    private static Work copy(Work work) {
        return new Work(work.connectors(), work.tasks());
    }

    private static ConnectorTaskId task(String connector, int task) {
        return new ConnectorTaskId(connector, task);
    }
}

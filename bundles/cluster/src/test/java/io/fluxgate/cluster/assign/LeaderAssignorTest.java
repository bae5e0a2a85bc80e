package io.fluxgate.cluster.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.cluster.protocol.AssignmentCodec;
import io.fluxgate.cluster.protocol.WorkerMetadata;

/** What the elected leader sends back: config checks, both assignors, and the owners it remembers. */
class LeaderAssignorTest {

    private static final Map<String, Integer> TASKS = Map.of("a", 2, "b", 1);

    private final LeaderAssignor leader = new LeaderAssignor(0, () -> 1_000L);

    @Test
    void aLeaderBehindSomeMemberAsksEveryoneToResync() {
        Map<String, WorkerMetadata> members = Map.of(
                "m1", new WorkerMetadata("http://m1/", 5, null),
                "m2", new WorkerMetadata("http://m2/", 7, null));
        LeaderAssignor.Result result = leader.assign("m1", GroupProtocol.SESSIONED, members,
                new ConfiguredWork(5, TASKS), () -> new ConfiguredWork(6, TASKS), -1, 1);

        for (String member : members.keySet()) {
            Assignment assignment = AssignmentCodec.deserialize(result.assignments().get(member));
            assertTrue(assignment.failed());
            assertEquals(Assignment.CONFIG_MISMATCH, assignment.error());
            assertEquals(7, assignment.configOffset());
            assertEquals("m1", assignment.leaderId());
            assertEquals("http://m1/", assignment.leaderUrl());
            assertTrue(assignment.connectors().isEmpty() && assignment.tasks().isEmpty());
        }
        assertTrue(result.connectorOwners().isEmpty());
    }

    @Test
    void aLeaderWhoseStoreHasCaughtUpAssignsFromTheFreshView() {
        Map<String, WorkerMetadata> members = Map.of(
                "m1", new WorkerMetadata("http://m1/", 5, null),
                "m2", new WorkerMetadata("http://m2/", 7, null));
        LeaderAssignor.Result result = leader.assign("m1", GroupProtocol.COMPATIBLE, members,
                new ConfiguredWork(5, Map.of()), () -> new ConfiguredWork(8, TASKS), -1, 1);

        Map<String, Assignment> assignments = decode(result);
        assignments.values().forEach(a -> assertEquals(8, a.configOffset()));
        assertEquals(Set.of("a", "b"), Set.copyOf(concat(assignments, true)));
        assertEquals(3, concat(assignments, false).size());
        assertEquals(new ConfiguredWork(8, TASKS), result.view());
    }

    @Test
    void theIncrementalRoundRecordsWhereEverythingRuns() {
        Map<String, WorkerMetadata> members = new TreeMap<>(Map.of(
                "m1", new WorkerMetadata("http://m1/", 1, null),
                "m2", new WorkerMetadata("http://m2/", 1, null)));
        LeaderAssignor.Result result = leader.assign("m2", GroupProtocol.SESSIONED, members,
                new ConfiguredWork(1, TASKS), () -> new ConfiguredWork(1, TASKS), -1, 1);
        Map<String, Assignment> assignments = decode(result);
        assignments.forEach((member, assignment) -> {
            String url = "http://" + member + "/";
            assignment.connectors().forEach(c -> assertEquals(url, result.connectorOwners().get(c)));
            assignment.tasks().forEach(t -> assertEquals(url, result.taskOwners().get(t)));
            assertEquals(0, assignment.delayMs());
        });
        assertEquals(2, result.connectorOwners().size());
        assertEquals(3, result.taskOwners().size());
    }

    @Test
    void theEagerRoundDealsConnectorsThenTasksRoundRobinOverSortedMembers() {
        Map<String, WorkerMetadata> members = Map.of(
                "m2", new WorkerMetadata("http://m2/", 1, null),
                "m1", new WorkerMetadata("http://m1/", 1, null));
        LeaderAssignor.Result result = leader.assign("m1", GroupProtocol.EAGER, members,
                new ConfiguredWork(1, TASKS), () -> new ConfiguredWork(1, TASKS), -1, 1);
        Map<String, Assignment> assignments = decode(result);
        // a -> m1, b -> m2, then a-0 -> m1, a-1 -> m2, b-0 -> m1 (Apache's EagerAssignor).
        assertEquals(List.of("a"), assignments.get("m1").connectors());
        assertEquals(List.of("b"), assignments.get("m2").connectors());
        assertEquals(Set.of(new ConnectorTaskId("a", 0), new ConnectorTaskId("b", 0)),
                Set.copyOf(assignments.get("m1").tasks()));
        assertEquals(List.of(new ConnectorTaskId("a", 1)), assignments.get("m2").tasks());
        assertEquals(0, result.assignments().get("m1").duplicate().getShort(), "version 0 on the wire");
    }

    private static Map<String, Assignment> decode(LeaderAssignor.Result result) {
        Map<String, Assignment> decoded = new HashMap<>();
        result.assignments().forEach((m, bytes) -> decoded.put(m, AssignmentCodec.deserialize(bytes.duplicate())));
        return decoded;
    }

    private static List<Object> concat(Map<String, Assignment> assignments, boolean connectors) {
        return assignments.values().stream()
                .flatMap(a -> (connectors ? a.connectors() : a.tasks()).stream().map(Object.class::cast))
                .toList();
    }
}

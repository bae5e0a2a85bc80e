package io.fluxgate.cluster.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.utils.LogContext;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.cluster.RebalanceListener;

/** How a member keeps what it owns across incremental assignments, and when it stops work. */
class OwnedWorkTest {

    private final List<String> revocations = new ArrayList<>();
    private final OwnedWork owned = new OwnedWork(new RebalanceListener() {
        @Override
        public void onAssigned(Assignment assignment, int generation) {
        }

        @Override
        public void onRevoked(String leaderId, Collection<String> connectors, Collection<ConnectorTaskId> tasks) {
            revocations.add(connectors + " " + tasks);
        }
    }, new LogContext());

    @Test
    void incrementalAssignmentsAddToWhatIsKeptAndRevokeFirst() {
        owned.take(assignment(List.of("a"), List.of(task("a", 0), task("a", 1)), List.of(), List.of()),
                GroupProtocol.SESSIONED);
        Assignment next = owned.take(assignment(List.of("b"), List.of(task("b", 0)), List.of(),
                List.of(task("a", 1))), GroupProtocol.SESSIONED);

        assertEquals(List.of("[] [a-1]"), revocations);
        // New first, then kept: Apache's order, which is also what the member reports at its next join.
        assertEquals(List.of("b", "a"), next.connectors());
        assertEquals(List.of(task("b", 0), task("a", 0)), next.tasks());
        assertEquals(next, owned.current());
    }

    @Test
    void fallingBackToEagerStopsWhatIsNoLongerAssigned() {
        owned.take(assignment(List.of("a"), List.of(task("a", 0), task("a", 1)), List.of(), List.of()),
                GroupProtocol.COMPATIBLE);
        // The rebalance started under "compatible" (nothing stopped), the eager assignment lists everything.
        Assignment eager = owned.take(assignment(List.of("a"), List.of(task("a", 1)), List.of(), List.of()),
                GroupProtocol.EAGER);
        assertEquals(List.of("[] [a-0]"), revocations);
        assertEquals(List.of(task("a", 1)), eager.tasks());

        // Later eager rounds stop everything when they start, and replace it.
        owned.revokeAllKeepingSnapshot();
        owned.take(assignment(List.of(), List.of(task("a", 0)), List.of(), List.of()), GroupProtocol.EAGER);
        assertEquals(List.of("[] [a-0]", "[a] [a-1]"), revocations);
    }

    @Test
    void revokingAllForgetsEvenAFailedAssignmentsKeptWork() {
        owned.take(assignment(List.of("a"), List.of(task("a", 0)), List.of(), List.of()), GroupProtocol.SESSIONED);
        owned.take(new Assignment(Assignment.CONFIG_MISMATCH, "leader", "http://leader/", 9, List.of(), List.of(),
                List.of(), List.of(), 0), GroupProtocol.SESSIONED);
        owned.revokeAll("leaving");
        assertEquals(List.of("[a] [a-0]"), revocations);
        assertNull(owned.current());
    }

    private static Assignment assignment(List<String> connectors, List<ConnectorTaskId> tasks,
            List<String> revokedConnectors, List<ConnectorTaskId> revokedTasks) {
        return new Assignment(Assignment.NO_ERROR, "leader", "http://leader/", 1, connectors, tasks,
                revokedConnectors, revokedTasks, 0);
    }

    private static ConnectorTaskId task(String connector, int task) {
        return new ConnectorTaskId(connector, task);
    }
}

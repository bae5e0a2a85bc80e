package io.fluxgate.cluster;

import java.util.List;
import java.util.Objects;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * What the leader of a generation decided for this worker, as Kafka Connect's {@code ExtendedAssignment}.
 *
 * <p>{@link #connectors()} and {@link #tasks()} are everything the worker owns after the rebalance: what it kept plus
 * what it was newly given (in the eager protocol, simply what it was given). {@link #revokedConnectors()} and
 * {@link #revokedTasks()} were taken away in this rebalance and have already been handed to
 * {@link RebalanceListener#onRevoked} before this assignment was delivered.
 *
 * @param error             {@link #NO_ERROR}, or {@link #CONFIG_MISMATCH} when the leader had not read the config
 *                          topic as far as some member: then nothing is assigned, and the worker should read the
 *                          config topic to the end before its next {@link GroupMember#poll} rejoins
 * @param leaderId          the member id of the leader
 * @param leaderUrl         the leader's REST URL, where requests only the leader may serve are forwarded
 * @param configOffset      the config topic offset the leader assigned from: start nothing before the local config
 *                          view has reached it
 * @param delayMs           how long the leader holds back the work of departed workers before reassigning it (0 when
 *                          nothing is held back); the member rejoins by itself when it expires
 */
public record Assignment(short error, String leaderId, String leaderUrl, long configOffset,
        List<String> connectors, List<ConnectorTaskId> tasks, List<String> revokedConnectors,
        List<ConnectorTaskId> revokedTasks, int delayMs) {

    public static final short NO_ERROR = 0;
    /** The leader was behind some member on the config topic. */
    public static final short CONFIG_MISMATCH = 1;

    public Assignment {
        Objects.requireNonNull(leaderId, "leaderId");
        Objects.requireNonNull(leaderUrl, "leaderUrl");
        connectors = List.copyOf(connectors);
        tasks = List.copyOf(tasks);
        revokedConnectors = List.copyOf(revokedConnectors);
        revokedTasks = List.copyOf(revokedTasks);
    }

    /** Whether the leader could not assign (the worker must catch up on the config topic and rejoin). */
    public boolean failed() {
        return error != NO_ERROR;
    }
}

package io.fluxgate.cluster.assign;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.cluster.protocol.AssignmentCodec;
import io.fluxgate.cluster.protocol.WorkerMetadata;

/**
 * What the elected leader does between JoinGroup and SyncGroup (Kafka Connect's {@code ConnectAssignor}
 * implementations): check that it has read the config topic as far as every member, run the assignor of the chosen
 * sub-protocol, and write each member's assignment. Holds the incremental assignor's state between rounds.
 */
public final class LeaderAssignor {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderAssignor.class);

    private final IncrementalAssignor incremental;

    /**
     * @param maxDelay {@code scheduled.rebalance.max.delay.ms} as the assignor applies it (0: lost work is reassigned
     *                 as soon as the coordinator has removed its worker)
     */
    public LeaderAssignor(int maxDelay, LongSupplier clock) {
        this.incremental = new IncrementalAssignor(maxDelay, clock);
    }

    /**
     * One round.
     *
     * @param members                 each member's metadata, by member id
     * @param leaderView              the config view the leader joined with
     * @param freshView               asked only when some member has read further than {@code leaderView}
     * @param lastCompletedGeneration the generation of this worker's last completed rebalance
     * @param generation              the generation being assigned
     */
    public Result assign(String leaderId, GroupProtocol protocol, Map<String, WorkerMetadata> members,
            ConfiguredWork leaderView, Supplier<ConfiguredWork> freshView, int lastCompletedGeneration,
            int generation) {
        String leaderUrl = members.get(leaderId).url();
        long maxOffset = members.values().stream().mapToLong(WorkerMetadata::configOffset).max().orElseThrow();
        ConfiguredWork view = leaderView;
        if (view.configOffset() < maxOffset) {
            // Members have read further: catch up if the config store already has, else let everyone re-sync.
            view = freshView.get();
            if (view.configOffset() < maxOffset) {
                LOG.info("Was selected to perform assignments, but do not have latest config found in sync request "
                        + "(leader at offset {}, a member at {}). Returning an empty configuration to trigger "
                        + "re-sync.", view.configOffset(), maxOffset);
                Map<String, ByteBuffer> mismatch = new HashMap<>();
                for (String member : members.keySet()) {
                    mismatch.put(member, AssignmentCodec.serialize(new Assignment(Assignment.CONFIG_MISMATCH,
                            leaderId, leaderUrl, maxOffset, List.of(), List.of(), List.of(), List.of(), 0),
                            protocol));
                }
                return new Result(mismatch, Map.of(), Map.of(), view);
            }
            maxOffset = view.configOffset();
        }
        return protocol == GroupProtocol.EAGER
                ? eager(leaderId, leaderUrl, maxOffset, members, view)
                : incremental(leaderId, leaderUrl, maxOffset, protocol, members, view, lastCompletedGeneration,
                        generation);
    }

    private Result incremental(String leaderId, String leaderUrl, long offset, GroupProtocol protocol,
            Map<String, WorkerMetadata> members, ConfiguredWork view, int lastCompletedGeneration, int generation) {
        Map<String, Work> reported = members.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> {
            Assignment allocation = e.getValue().allocation();
            return allocation == null ? Work.empty() : new Work(allocation.connectors(), allocation.tasks());
        }));
        ClusterAssignment result = incremental.assign(view, lastCompletedGeneration, generation, reported);
        int delay = incremental.delay();
        Map<String, ByteBuffer> serialized = new HashMap<>();
        for (String member : members.keySet()) {
            Work added = result.newlyAssigned(member);
            Work revoked = result.revoked(member);
            Assignment assignment = new Assignment(Assignment.NO_ERROR, leaderId, leaderUrl, offset,
                    List.copyOf(added.connectors()), List.copyOf(added.tasks()), List.copyOf(revoked.connectors()),
                    List.copyOf(revoked.tasks()), delay);
            LOG.debug("Assignment for {}: {}", member, assignment);
            serialized.put(member, AssignmentCodec.serialize(assignment, protocol));
        }
        return owners(serialized, result.owned(), members, view);
    }

    private static Result eager(String leaderId, String leaderUrl, long offset, Map<String, WorkerMetadata> members,
            ConfiguredWork view) {
        Map<String, Work> assigned = EagerAssignor.assign(view, members.keySet());
        Map<String, ByteBuffer> serialized = new HashMap<>();
        assigned.forEach((member, work) -> serialized.put(member, AssignmentCodec.serialize(new Assignment(
                Assignment.NO_ERROR, leaderId, leaderUrl, offset, List.copyOf(work.connectors()),
                List.copyOf(work.tasks()), List.of(), List.of(), 0), GroupProtocol.EAGER)));
        return owners(serialized, assigned, members, view);
    }

    private static Result owners(Map<String, ByteBuffer> serialized, Map<String, Work> owned,
            Map<String, WorkerMetadata> members, ConfiguredWork view) {
        Map<String, String> connectorOwners = new HashMap<>();
        Map<ConnectorTaskId, String> taskOwners = new HashMap<>();
        owned.forEach((member, work) -> {
            String url = members.get(member).url();
            work.connectors().forEach(connector -> connectorOwners.put(connector, url));
            work.tasks().forEach(task -> taskOwners.put(task, url));
        });
        return new Result(serialized, connectorOwners, taskOwners, view);
    }

    /**
     * A round's outcome.
     *
     * @param assignments     each member's serialized assignment
     * @param connectorOwners where each connector runs after the round, by REST URL (for forwarding)
     * @param taskOwners      where each task runs after the round
     * @param view            the config view the round was computed from
     */
    public record Result(Map<String, ByteBuffer> assignments, Map<String, String> connectorOwners,
            Map<ConnectorTaskId, String> taskOwners, ConfiguredWork view) {
    }
}

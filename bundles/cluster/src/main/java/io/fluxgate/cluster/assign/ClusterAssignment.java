package io.fluxgate.cluster.assign;

import java.util.List;
import java.util.Map;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * The outcome of one incremental rebalance, per member id.
 *
 * @param newlyAssigned what each member starts in this round (not what it keeps)
 * @param revoked       what each member stops in this round
 * @param owned         what each member runs once this round is done: kept plus newly assigned
 */
public record ClusterAssignment(Map<String, Work> newlyAssigned, Map<String, Work> revoked,
        Map<String, Work> owned) {

    public ClusterAssignment {
        newlyAssigned = Map.copyOf(newlyAssigned);
        revoked = Map.copyOf(revoked);
        owned = Map.copyOf(owned);
    }

    public Work newlyAssigned(String member) {
        return newlyAssigned.getOrDefault(member, Work.empty());
    }

    public Work revoked(String member) {
        return revoked.getOrDefault(member, Work.empty());
    }

    public Work owned(String member) {
        return owned.getOrDefault(member, Work.empty());
    }

    /** The newly assigned connectors of a member, as a list for the wire. */
    public List<String> newConnectors(String member) {
        return List.copyOf(newlyAssigned(member).connectors());
    }

    public List<ConnectorTaskId> newTasks(String member) {
        return List.copyOf(newlyAssigned(member).tasks());
    }
}

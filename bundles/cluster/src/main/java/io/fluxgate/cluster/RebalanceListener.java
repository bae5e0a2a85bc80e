package io.fluxgate.cluster;

import java.util.Collection;

import org.osgi.annotation.versioning.ConsumerType;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * How the herder hears about rebalances. {@link #onRevoked} and {@link #onAssigned} happen on the thread that called
 * {@link GroupMember#poll} (or {@link GroupMember#leave}, {@link GroupMember#close}), in this order within one
 * rebalance: {@link #onRevoked} (when something is taken away), then {@link #onAssigned}.
 */
@ConsumerType
public interface RebalanceListener {

    /**
     * The worker now owns {@code assignment}'s connectors and tasks in {@code generation}. Start what is not running
     * once the local config view has reached {@link Assignment#configOffset()}; keep what runs. The member's
     * {@link GroupMember#poll} returns right after this call, so that the herder can act on it.
     */
    void onAssigned(Assignment assignment, int generation);

    /**
     * Stop these connectors and tasks (commit their offsets) before returning: the leader gives them to other workers
     * in the next rebalance, which starts only after this call returns. Also called with everything the worker owns
     * when the group coordinator has been unreachable for {@code heartbeat.interval.ms} (the group will have removed
     * the worker, so its work runs elsewhere and must stop here), and, in the eager protocol, at every rebalance.
     *
     * @param leaderId the leader of the generation that assigned them, or null if unknown
     */
    void onRevoked(String leaderId, Collection<String> connectors, Collection<ConnectorTaskId> tasks);

    /**
     * The herder did not call {@link GroupMember#poll} within {@code rebalance.timeout.ms}; the member has left the
     * group, and rejoins on the next poll. A hint that the herder's thread was blocked. Called on the member's
     * heartbeat thread, since the polling thread is the one that is stuck.
     */
    default void onPollTimeoutExpiry() {
    }
}

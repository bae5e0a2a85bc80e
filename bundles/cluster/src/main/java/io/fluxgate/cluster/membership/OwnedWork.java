package io.fluxgate.cluster.membership;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.LogContext;
import org.slf4j.Logger;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.cluster.RebalanceListener;

/**
 * What this worker owns in the group: the last assignment, completed with what it kept from the ones before, exactly
 * as Kafka Connect's {@code WorkerCoordinator} keeps its {@code assignmentSnapshot}. It is reported to the leader as
 * the member's allocation at every join, so it must say what really runs: anything taken away goes through
 * {@link RebalanceListener#onRevoked} first.
 */
final class OwnedWork {

    private final RebalanceListener listener;
    private final Logger log;
    private volatile Assignment current;
    /** Whether the rebalance in progress started under the eager protocol, which stopped everything already. */
    private boolean revokedAtPrepare;

    OwnedWork(RebalanceListener listener, LogContext logContext) {
        this.listener = listener;
        this.log = logContext.logger(OwnedWork.class);
    }

    /** The owned work, or null before the first assignment and after everything was revoked. */
    Assignment current() {
        return current;
    }

    /**
     * Takes in a new assignment. In the incremental protocols it lists only what is new, so the revoked work is
     * stopped first and what was kept is added to it, in Apache's order (new first, then kept); in the eager protocol
     * it is the whole assignment (everything was revoked when the rebalance started).
     */
    Assignment take(Assignment received, GroupProtocol protocol) {
        Assignment next = received;
        if (protocol.incremental()) {
            if (!received.revokedConnectors().isEmpty() || !received.revokedTasks().isEmpty()) {
                listener.onRevoked(received.leaderId(), received.revokedConnectors(), received.revokedTasks());
            }
            Assignment previous = current;
            if (previous != null) {
                List<String> connectors = new ArrayList<>(received.connectors());
                List<ConnectorTaskId> tasks = new ArrayList<>(received.tasks());
                List<String> keptConnectors = new ArrayList<>(previous.connectors());
                keptConnectors.removeAll(received.revokedConnectors());
                List<ConnectorTaskId> keptTasks = new ArrayList<>(previous.tasks());
                keptTasks.removeAll(received.revokedTasks());
                connectors.addAll(keptConnectors);
                tasks.addAll(keptTasks);
                next = new Assignment(received.error(), received.leaderId(), received.leaderUrl(),
                        received.configOffset(), connectors, tasks, received.revokedConnectors(),
                        received.revokedTasks(), received.delayMs());
            }
        } else if (!revokedAtPrepare && current != null) {
            // The group just fell back to the eager protocol (a member that speaks only it joined): the rebalance
            // started under an incremental protocol, so nothing was stopped then. Stop what is not assigned again.
            stopNoLongerAssigned(current, received);
        }
        revokedAtPrepare = false;
        current = next;
        return next;
    }

    private void stopNoLongerAssigned(Assignment previous, Assignment received) {
        List<String> connectors = new ArrayList<>(previous.connectors());
        connectors.removeAll(received.connectors());
        List<ConnectorTaskId> tasks = new ArrayList<>(previous.tasks());
        tasks.removeAll(received.tasks());
        if (!connectors.isEmpty() || !tasks.isEmpty()) {
            listener.onRevoked(previous.leaderId(), connectors, tasks);
        }
    }

    /** The eager protocol stops everything when a rebalance starts; the snapshot is replaced when it ends. */
    void revokeAllKeepingSnapshot() {
        Assignment owned = current;
        if (owned != null && !owned.failed()) {
            log.debug("Revoking previous assignment {}", owned);
            listener.onRevoked(owned.leaderId(), owned.connectors(), owned.tasks());
        }
        revokedAtPrepare = true;
    }

    /**
     * Stops everything and forgets it: when the coordinator is unreachable (the group has removed or will remove
     * this worker, and its work runs elsewhere: KAFKA-9184), and before leaving or closing.
     */
    void revokeAll(String why) {
        Assignment owned = current;
        // A failed assignment still lists the work kept from before, which keeps running: revoke it too.
        if (owned != null && !(owned.connectors().isEmpty() && owned.tasks().isEmpty())) {
            log.info("Revoking assignment {}: {}", owned, why);
            listener.onRevoked(owned.leaderId(), owned.connectors(), owned.tasks());
        }
        current = null;
    }
}

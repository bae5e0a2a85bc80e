package io.fluxgate.cluster.membership;

import java.util.Collection;

import org.apache.kafka.common.utils.Time;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.RebalanceListener;

/**
 * Passes the coordinator's callbacks on to the herder's listener, noting what the poll loop must do next: return
 * after a delivered assignment, rejoin once revoked work is stopped, rejoin when the leader's delay expires; and
 * telling the {@link GroupContact} that a delivered assignment puts the member back in touch.
 */
final class DeliveryTracker implements RebalanceListener {

    private final RebalanceListener listener;
    private final Time time;
    private final GroupContact contact;
    private boolean delivered;
    private boolean followUp;
    private long rejoinAt = Long.MAX_VALUE;

    DeliveryTracker(RebalanceListener listener, Time time, GroupContact contact) {
        this.listener = listener;
        this.time = time;
        this.contact = contact;
    }

    @Override
    public void onAssigned(Assignment assignment, int generation) {
        delivered = true;
        // Revoked work is stopped by now; the next round gives it to its new owners (as Apache's herder does).
        followUp = !assignment.revokedConnectors().isEmpty() || !assignment.revokedTasks().isEmpty();
        rejoinAt = assignment.delayMs() > 0 ? time.milliseconds() + assignment.delayMs() : Long.MAX_VALUE;
        listener.onAssigned(assignment, generation);
        if (!assignment.failed()) {
            // What the group gave to others was revoked before this assignment: the tasks that remain may write.
            contact.renew();
        }
    }

    @Override
    public void onRevoked(String leaderId, Collection<String> connectors, Collection<ConnectorTaskId> tasks) {
        listener.onRevoked(leaderId, connectors, tasks);
    }

    @Override
    public void onPollTimeoutExpiry() {
        listener.onPollTimeoutExpiry();
    }

    void startPoll() {
        delivered = false;
    }

    boolean deliveredThisPoll() {
        return delivered;
    }

    void requestDueRejoin(WorkerCoordinator coordinator, long now) {
        if (followUp) {
            followUp = false;
            coordinator.requestRejoin("revoked connectors and tasks are stopped");
        }
        if (now >= rejoinAt) {
            rejoinAt = Long.MAX_VALUE;
            coordinator.requestRejoin("the leader's scheduled rebalance delay expired");
        }
    }

    long timeToDueRejoin(long now) {
        return Math.max(0, rejoinAt - now);
    }

    void reset() {
        followUp = false;
        rejoinAt = Long.MAX_VALUE;
    }
}

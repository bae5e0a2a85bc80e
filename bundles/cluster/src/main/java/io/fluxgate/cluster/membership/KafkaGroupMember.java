package io.fluxgate.cluster.membership;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.clients.GroupRebalanceConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.cluster.RebalanceListener;
import io.fluxgate.cluster.assign.LeaderAssignor;

/**
 * A {@link GroupMember} on Kafka's group coordinator: the poll loop of Kafka Connect's {@code WorkerCoordinator.poll}
 * (coordinator discovery, joins, heart-beats), plus the follow-up rebalances Apache's herder requests by hand (after
 * revocations, when the leader's delay expires), and the departure rule of {@link #close()}.
 */
final class KafkaGroupMember implements GroupMember {

    /** How long closing waits for the LeaveGroup answer and in-flight requests. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Logger log;
    private final Time time;
    private final CoordinatorConnection connection;
    private final WorkerCoordinator coordinator;
    private final int heartbeatIntervalMs;
    /** Apache's rule when scheduled.rebalance.max.delay.ms is set: a stopping worker leaves the group. */
    private final boolean leaveOnClose;
    private final DeliveryTracker delivery;
    private final GroupContact contact;
    private boolean closed;

    static KafkaGroupMember create(Map<String, ?> workerConfig, String restUrl,
            Supplier<ConfiguredWork> configuredWork, RebalanceListener listener, Time time) {
        GroupClientConfig config = new GroupClientConfig(workerConfig);
        Integer maxDelay = config.scheduledRebalanceMaxDelayMs();
        CoordinatorConnection connection = null;
        try {
            LogContext logContext = new LogContext("[Worker groupId=" + config.groupId() + ", url=" + restUrl + "] ");
            GroupRebalanceConfig rebalanceConfig = new GroupRebalanceConfig(config,
                    GroupRebalanceConfig.ProtocolType.CONNECT);
            GroupContact contact = new GroupContact(logContext, time, rebalanceConfig.sessionTimeoutMs,
                    rebalanceConfig.rebalanceTimeoutMs);
            connection = new CoordinatorConnection(config, time, logContext, contact);
            DeliveryTracker delivery = new DeliveryTracker(listener, time, contact);
            // Unset delay (Fluxgate's default): nothing leaves the group on purpose, so every departure is detected
            // one session timeout after the worker was last heard from, and its work is reassigned at once.
            LeaderAssignor assignor = new LeaderAssignor(maxDelay == null ? 0 : maxDelay, time::milliseconds);
            WorkerCoordinator coordinator = new WorkerCoordinator(rebalanceConfig, logContext,
                    connection.client(), connection.metrics(), time, restUrl, configuredWork, delivery,
                    config.protocol(), assignor);
            return new KafkaGroupMember(logContext, time, connection, coordinator, config.heartbeatIntervalMs(),
                    maxDelay != null, delivery, contact);
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            throw e;
        }
    }

    private KafkaGroupMember(LogContext logContext, Time time, CoordinatorConnection connection,
            WorkerCoordinator coordinator, int heartbeatIntervalMs, boolean leaveOnClose, DeliveryTracker delivery,
            GroupContact contact) {
        this.log = logContext.logger(KafkaGroupMember.class);
        this.time = time;
        this.connection = connection;
        this.coordinator = coordinator;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.leaveOnClose = leaveOnClose;
        this.delivery = delivery;
        this.contact = contact;
    }

    @Override
    public void poll(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("Timeout must not be negative");
        }
        ensureOpen();
        delivery.startPoll();
        try {
            pollUntil(time.milliseconds() + timeout.toMillis());
        } catch (WakeupException e) {
            log.trace("Poll woken up");
        }
    }

    private void pollUntil(long deadline) {
        long now = time.milliseconds();
        do {
            if (coordinator.coordinatorUnknown()) {
                if (!coordinator.ensureCoordinatorReady(Duration.ofMillis(heartbeatIntervalMs))) {
                    // KAFKA-9184: out of touch for a heartbeat interval, the group may already have moved this
                    // worker's work elsewhere; stop it here rather than run it twice.
                    coordinator.revokeAll("the group coordinator was unreachable for " + heartbeatIntervalMs
                            + " ms, so the work may already run elsewhere");
                }
                now = time.milliseconds();
            }
            if (contact.takeRejoinWanted()) {
                coordinator.requestRejoin("nothing was heard from the group coordinator for longer than "
                        + "session.timeout.ms");
            }
            delivery.requestDueRejoin(coordinator, now);
            // Joining blocks until it completes; while the coordinator is unreachable, keep the poll's timeout instead
            // and try to find it again on the next pass (Apache would block here until a wakeup).
            if (coordinator.needsRejoin() && !coordinator.coordinatorUnknown()) {
                coordinator.ensureActiveGroup();
                now = time.milliseconds();
            }
            if (delivery.deliveredThisPoll()) {
                // Let the herder act on the assignment before anything else happens.
                return;
            }
            coordinator.pollHeartbeatNow(now);
            // The network client is shared with the heartbeat thread: never block past the next heartbeat.
            long wait = Math.min(Math.max(0, deadline - now), coordinator.timeToNextHeartbeatFrom(now));
            wait = Math.min(wait, delivery.timeToDueRejoin(now));
            connection.client().poll(time.timer(wait));
            now = time.milliseconds();
        } while (now < deadline);
    }

    @Override
    public void ensureActive() {
        poll(Duration.ZERO);
    }

    @Override
    public void wakeup() {
        connection.client().wakeup();
    }

    @Override
    public void requestRejoin(String reason) {
        coordinator.requestRejoin(reason);
    }

    @Override
    public boolean inTouch() {
        return contact.inTouch();
    }

    @Override
    public String memberId() {
        return coordinator.memberId();
    }

    @Override
    public int generation() {
        return coordinator.lastCompletedGenerationId();
    }

    @Override
    public Optional<Assignment> assignment() {
        return coordinator.assignment();
    }

    @Override
    public boolean isLeader() {
        return coordinator.isLeader();
    }

    @Override
    public Optional<String> leaderUrl() {
        return assignment().map(Assignment::leaderUrl);
    }

    @Override
    public Optional<String> ownerUrl(String connector) {
        return coordinator.ownerUrl(connector);
    }

    @Override
    public Optional<String> ownerUrl(ConnectorTaskId task) {
        return coordinator.ownerUrl(task);
    }

    @Override
    public GroupProtocol protocol() {
        return coordinator.currentProtocol();
    }

    @Override
    public void leave(String reason) {
        ensureOpen();
        coordinator.revokeAll("leaving the group: " + reason);
        delivery.reset();
        coordinator.leave(reason);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Alone in the group, nobody could take the work over nor be disturbed: leaving only spares the next start
        // the wait for this member's session to expire.
        boolean leave = leaveOnClose || coordinator.aloneInGroup();
        log.info("Closing group membership, {}", leave ? "leaving the group"
                : "staying in the group until the coordinator removes this member (one session timeout)");
        try {
            coordinator.revokeAll("the worker is stopping");
            coordinator.close(CLOSE_TIMEOUT, leave);
        } finally {
            Utils.closeQuietly(connection, "group member connection");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The group member is closed");
        }
    }
}

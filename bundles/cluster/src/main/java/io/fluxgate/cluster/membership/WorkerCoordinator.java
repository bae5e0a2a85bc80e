package io.fluxgate.cluster.membership;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.clients.GroupRebalanceConfig;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.internals.AbstractCoordinator;
import org.apache.kafka.clients.consumer.internals.ConsumerNetworkClient;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Timer;
import org.slf4j.Logger;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.cluster.RebalanceListener;
import io.fluxgate.cluster.assign.LeaderAssignor;
import io.fluxgate.cluster.protocol.AssignmentCodec;
import io.fluxgate.cluster.protocol.MetadataCodec;
import io.fluxgate.cluster.protocol.WorkerMetadata;

/**
 * The "connect" side of Kafka's classic group protocol, as Kafka Connect's {@code WorkerCoordinator}: what this worker
 * puts in its JoinGroup request, what it does when elected leader, and how it takes in its assignment. The JoinGroup,
 * SyncGroup and heartbeat mechanics are {@link AbstractCoordinator}'s; the poll loop that drives them is
 * {@link KafkaGroupMember}'s.
 *
 * <p>Threads: the group callbacks run on the polling thread; the heartbeat thread may call
 * {@link #requestRejoin(String)} and {@link #handlePollTimeoutExpiry()}.
 */
final class WorkerCoordinator extends AbstractCoordinator {

    private final Logger log;
    private final String restUrl;
    private final Supplier<ConfiguredWork> configuredWork;
    private final RebalanceListener listener;
    private final GroupProtocol configuredProtocol;
    private final LeaderAssignor leaderAssignor;
    private final OwnedWork owned;

    private ConfiguredWork configSnapshot = ConfiguredWork.NONE;
    private volatile GroupProtocol currentProtocol;
    private volatile int lastCompletedGenerationId = Generation.NO_GENERATION.generationId;
    private volatile boolean rejoinRequested;
    /** The owners of the last round this worker led; null when it did not lead it. */
    private volatile LeaderAssignor.Result leaderRound;
    /** Members of the last round this worker led: 1 means it is alone, so leaving on close costs nothing. */
    private volatile int leaderRoundSize;

    WorkerCoordinator(GroupRebalanceConfig rebalanceConfig, LogContext logContext, ConsumerNetworkClient client,
            Metrics metrics, Time time, String restUrl, Supplier<ConfiguredWork> configuredWork,
            RebalanceListener listener, GroupProtocol configuredProtocol, LeaderAssignor leaderAssignor) {
        super(rebalanceConfig, logContext, client, metrics, CoordinatorConnection.METRIC_GROUP_PREFIX, time);
        this.log = logContext.logger(WorkerCoordinator.class);
        this.restUrl = restUrl;
        this.configuredWork = configuredWork;
        this.listener = listener;
        this.configuredProtocol = configuredProtocol;
        this.currentProtocol = configuredProtocol;
        this.leaderAssignor = leaderAssignor;
        this.owned = new OwnedWork(listener, logContext);
        registerMetrics(metrics);
    }

    @Override
    protected String protocolType() {
        return "connect";
    }

    @Override
    protected JoinGroupRequestProtocolCollection metadata() {
        // The herder's view goes to the group now: what it asked for before is served by this round, what it asks
        // for from now on (it read a change while the round runs) needs another one, so the flag is cleared here
        // and not when the round completes, which would lose such a request and leave new tasks unassigned.
        rejoinRequested = false;
        configSnapshot = configuredWork.get();
        return MetadataCodec.joinProtocols(
                new WorkerMetadata(restUrl, configSnapshot.configOffset(), owned.current()), configuredProtocol);
    }

    @Override
    protected boolean onJoinPrepare(Timer timer, int generation, String memberId) {
        log.info("Rebalance started");
        leaderRound = null;
        if (currentProtocol == GroupProtocol.EAGER) {
            owned.revokeAllKeepingSnapshot();
        } else {
            log.debug("Cooperative rebalance: keeping assignment {} until it is explicitly revoked", owned.current());
        }
        return true;
    }

    @Override
    protected Map<String, ByteBuffer> onLeaderElected(String leaderId, String protocol,
            List<JoinGroupResponseMember> allMemberMetadata, boolean skipAssignment) {
        if (skipAssignment) {
            throw new IllegalStateException("Can't skip assignment because Connect does not support static "
                    + "membership.");
        }
        Map<String, WorkerMetadata> members = new HashMap<>();
        for (JoinGroupResponseMember member : allMemberMetadata) {
            members.put(member.memberId(), MetadataCodec.deserialize(ByteBuffer.wrap(member.metadata())));
        }
        log.debug("Member metadata: {}", members);
        LeaderAssignor.Result round = leaderAssignor.assign(leaderId, GroupProtocol.fromWireName(protocol), members,
                configSnapshot, configuredWork, lastCompletedGenerationId, generation().generationId);
        configSnapshot = round.view();
        leaderRound = round;
        leaderRoundSize = members.size();
        return round.assignments();
    }

    @Override
    protected void onJoinComplete(int generation, String memberId, String protocol, ByteBuffer memberAssignment) {
        Assignment received = AssignmentCodec.deserialize(memberAssignment);
        currentProtocol = GroupProtocol.fromWireName(protocol);
        // Members always count as joined, even when the assignment failed: what to do next is the herder's call.
        Assignment assignment = owned.take(received, currentProtocol);
        lastCompletedGenerationId = generation;
        log.info("Joined group at generation {} with protocol {} as {}: {}", generation, currentProtocol, memberId,
                assignment);
        listener.onAssigned(assignment, generation);
    }

    @Override
    protected boolean rejoinNeededOrPending() {
        Assignment current = owned.current();
        return super.rejoinNeededOrPending() || current == null || current.failed() || rejoinRequested;
    }

    @Override
    public void requestRejoin(String reason) {
        log.debug("Request joining group due to: {}", reason);
        rejoinRequested = true;
    }

    @Override
    protected void handlePollTimeoutExpiry() {
        listener.onPollTimeoutExpiry();
        maybeLeaveGroup(GroupMembershipOperation.DEFAULT, "worker poll timeout has expired.");
    }

    // What the poller and the member read

    /** The member id while in a stable generation, else "". */
    @Override
    public String memberId() {
        Generation generation = generationIfStable();
        return generation != null ? generation.memberId : JoinGroupRequest.UNKNOWN_MEMBER_ID;
    }

    int lastCompletedGenerationId() {
        return lastCompletedGenerationId;
    }

    GroupProtocol currentProtocol() {
        return currentProtocol;
    }

    Optional<Assignment> assignment() {
        return Optional.ofNullable(owned.current());
    }

    boolean isLeader() {
        Assignment current = owned.current();
        return current != null && memberId().equals(current.leaderId());
    }

    /** Owners are known to the leader only, and only outside a rebalance. */
    Optional<String> ownerUrl(String connector) {
        LeaderAssignor.Result round = leaderRound;
        if (round == null || rejoinNeededOrPending() || !isLeader()) {
            return Optional.empty();
        }
        return Optional.ofNullable(round.connectorOwners().get(connector));
    }

    Optional<String> ownerUrl(ConnectorTaskId task) {
        LeaderAssignor.Result round = leaderRound;
        if (round == null || rejoinNeededOrPending() || !isLeader()) {
            return Optional.empty();
        }
        return Optional.ofNullable(round.taskOwners().get(task));
    }

    /** Whether this worker led the last round and was its only member. */
    boolean aloneInGroup() {
        return isLeader() && leaderRoundSize == 1;
    }

    // What the poller does

    /** Hands everything owned to {@code onRevoked} and forgets it: the worker is about to be out of the group. */
    void revokeAll(String why) {
        owned.revokeAll(why);
    }

    boolean ensureCoordinatorReady(Duration timeout) {
        return ensureCoordinatorReady(time.timer(timeout.toMillis()));
    }

    void pollHeartbeatNow(long now) {
        pollHeartbeat(now);
    }

    long timeToNextHeartbeatFrom(long now) {
        return timeToNextHeartbeat(now);
    }

    boolean needsRejoin() {
        return rejoinNeededOrPending();
    }

    void leave(String reason) {
        maybeLeaveGroup(GroupMembershipOperation.LEAVE_GROUP, reason);
    }

    void close(Duration timeout, boolean leaveGroup) {
        close(time.timer(timeout.toMillis()),
                leaveGroup ? GroupMembershipOperation.LEAVE_GROUP : GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    private void registerMetrics(Metrics metrics) {
        String group = CoordinatorConnection.METRIC_GROUP_PREFIX + "-coordinator-metrics";
        Measurable connectors = (config, now) -> assignment().map(a -> a.connectors().size()).orElse(0);
        Measurable tasks = (config, now) -> assignment().map(a -> a.tasks().size()).orElse(0);
        metrics.addMetric(metrics.metricName("assigned-connectors", group,
                "The number of connector instances currently assigned to this worker"), connectors);
        metrics.addMetric(metrics.metricName("assigned-tasks", group,
                "The number of tasks currently assigned to this worker"), tasks);
    }

}

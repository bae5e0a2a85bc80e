package io.fluxgate.runtime.distributed;

import java.util.Optional;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.ForwardRequestException;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.GroupMember;

/**
 * Who does what in the group, as this worker knows it from its last assignment: whether it leads, where the leader
 * is, and (on the leader) where each connector and task runs. A worker without an assignment (during a rebalance, or
 * cut off from the group) knows no leader: requests that need one are refused with a {@link ForwardRequestException}
 * without a target, which the REST API answers with 409.
 */
final class GroupView {

    private final GroupMember member;
    private final AssignedWork work;
    private final String url;

    /** @param url this worker's advertised URL, as the group hands it around */
    GroupView(GroupMember member, AssignedWork work, String url) {
        this.member = member;
        this.work = work;
        this.url = url;
    }

    /**
     * Whether the last assignment names this worker as the leader (by URL: the member's own view of its id changes
     * while it rejoins, and the assignment it works from does not).
     */
    boolean leader() {
        Assignment assignment = work.assignment();
        return assignment != null && !assignment.failed() && url.equals(assignment.leaderUrl());
    }

    Optional<String> leaderUrl() {
        Assignment assignment = work.assignment();
        return assignment == null || assignment.failed() ? Optional.empty() : Optional.of(assignment.leaderUrl());
    }

    /** Throws unless this worker leads the group. */
    void requireLeader() {
        if (!leader()) {
            throw notLeader();
        }
    }

    ForwardRequestException notLeader() {
        return leaderUrl().map(ForwardRequestException::toLeader).orElseGet(() -> new ForwardRequestException(null,
                "Cannot complete request momentarily due to no known leader URL, likely because a rebalance was "
                        + "underway."));
    }

    /** For a request only the connector's owner can serve: to its owner from the leader, else to the leader. */
    ForwardRequestException notOwner(String connector) {
        if (!leader()) {
            return notLeader();
        }
        return new ForwardRequestException(member.ownerUrl(connector).orElse(null),
                "Cannot complete request because connector " + connector + " is not assigned to this worker");
    }

    ForwardRequestException notOwner(ConnectorTaskId task) {
        if (!leader()) {
            return notLeader();
        }
        return new ForwardRequestException(member.ownerUrl(task).orElse(null),
                "Cannot complete request because task " + task + " is not assigned to this worker");
    }
}

package io.fluxgate.cluster.membership;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;

/**
 * When the group coordinator last answered this member, and so whether the member may still count itself in the
 * group: the answer to "may this worker's tasks write?", asked before every write.
 *
 * <p>The coordinator removes a member it has not heard from for {@code session.timeout.ms} and the leader gives its
 * work to others. A worker whose process was frozen (SIGSTOP, a long GC pause, a VM migration) learns of it only when
 * its heartbeat thread runs again and asks, while its task threads, woken at the same instant, go on writing beside
 * their replacements. So each task asks this instead, on its own thread and clock: the member is in touch while less
 * than {@code session.timeout.ms} has passed since it sent a request the coordinator then answered as a member
 * (a heartbeat, a SyncGroup: counted from the moment it was sent, since the coordinator heard it no earlier; a
 * JoinGroup: from its answer, when the coordinator resets the member's session), or while a JoinGroup sent in touch
 * waits for its answer (the coordinator keeps a joining member, up to {@code rebalance.timeout.ms}).
 *
 * <p>Once out of touch, the member stays so until the group has delivered it a new assignment ({@link #renew()}):
 * that is when the work given to others has been revoked here. A rejoin is asked for, so that this comes soon even
 * when the coordinator had not yet removed the member.
 */
final class GroupContact {

    private static final long NONE = Long.MIN_VALUE;

    private final Logger log;
    private final Time time;
    private final long sessionTimeoutNanos;
    private final long rebalanceTimeoutNanos;
    private volatile long lastContactNanos;
    private volatile long joinSentNanos = NONE;
    private volatile boolean lapsed;
    private volatile boolean rejoinWanted;

    GroupContact(LogContext logContext, Time time, long sessionTimeoutMs, long rebalanceTimeoutMs) {
        this.log = logContext.logger(GroupContact.class);
        this.time = time;
        this.sessionTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMs);
        this.rebalanceTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(rebalanceTimeoutMs);
        // Nothing runs before the first assignment, which needs a JoinGroup answered: a start counts as contact.
        this.lastContactNanos = time.nanoseconds();
    }

    /** Whether the member may still count itself in the group. Any thread; a clock read and volatile reads. */
    boolean inTouch() {
        if (lapsed) {
            return false;
        }
        long now = time.nanoseconds();
        long joinSent = joinSentNanos;
        if (joinSent != NONE && now - joinSent < rebalanceTimeoutNanos) {
            return true;
        }
        long silence = now - lastContactNanos;
        if (silence < sessionTimeoutNanos) {
            return true;
        }
        lapse(silence);
        return false;
    }

    private synchronized void lapse(long silenceNanos) {
        if (lapsed) {
            return;
        }
        lapsed = true;
        rejoinWanted = true;
        log.warn("Nothing heard from the group coordinator for {} ms (session.timeout.ms is {}): the group may have "
                + "given this worker's work to others, so its tasks write nothing until the group assigns work to it "
                + "again", TimeUnit.NANOSECONDS.toMillis(silenceNanos), TimeUnit.NANOSECONDS.toMillis(sessionTimeoutNanos));
    }

    /** The group delivered an assignment, after revoking here what runs elsewhere now: the member is in touch. */
    synchronized void renew() {
        if (lapsed) {
            log.info("In touch with the group again: tasks may write");
        }
        lastContactNanos = time.nanoseconds();
        lapsed = false;
    }

    /** Whether a rejoin should be asked for since the member fell out of touch; true once. */
    boolean takeRejoinWanted() {
        if (rejoinWanted) {
            rejoinWanted = false;
            return true;
        }
        return false;
    }

    /** A request is being sent to the coordinator; returns the time it counts from. */
    long sending(ApiKeys api) {
        long now = time.nanoseconds();
        if (api == ApiKeys.JOIN_GROUP) {
            // Only a join sent in touch keeps the member: a lapsed member's join is a new start, not a continuation.
            joinSentNanos = !lapsed && now - lastContactNanos < sessionTimeoutNanos ? now : NONE;
        }
        return now;
    }

    /** The coordinator answered a request sent at {@code sentNanos}. */
    void answered(ApiKeys api, long sentNanos, AbstractResponse body) {
        switch (api) {
            case HEARTBEAT -> {
                Errors error = ((HeartbeatResponse) body).error();
                if (error == Errors.NONE || error == Errors.REBALANCE_IN_PROGRESS) {
                    contact(sentNanos);
                }
            }
            case SYNC_GROUP -> {
                Errors error = ((SyncGroupResponse) body).error();
                if (error == Errors.NONE || error == Errors.REBALANCE_IN_PROGRESS) {
                    contact(sentNanos);
                }
            }
            case JOIN_GROUP -> {
                joinSentNanos = NONE;
                if (((JoinGroupResponse) body).error() == Errors.NONE) {
                    contact(time.nanoseconds());
                }
            }
            default -> {
            }
        }
    }

    /** A request sent at {@code sentNanos} got no answer (disconnected, timed out). */
    void unanswered(ApiKeys api) {
        if (api == ApiKeys.JOIN_GROUP) {
            joinSentNanos = NONE;
        }
    }

    private void contact(long atNanos) {
        // Answers may complete out of order (heartbeat thread and polling thread): keep the latest.
        synchronized (this) {
            if (atNanos - lastContactNanos > 0) {
                lastContactNanos = atNanos;
            }
        }
    }
}

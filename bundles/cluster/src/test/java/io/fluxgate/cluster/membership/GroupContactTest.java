package io.fluxgate.cluster.membership;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

class GroupContactTest {

    private static final long SESSION_MS = 10_000;
    private static final long REBALANCE_MS = 60_000;

    private final ManualTime time = new ManualTime();
    private final GroupContact contact = new GroupContact(new LogContext(), time, SESSION_MS, REBALANCE_MS);

    @Test
    void answeredHeartbeatsKeepTheMemberInTouch() {
        for (int i = 0; i < 10; i++) {
            heartbeat(Errors.NONE);
            time.sleep(3_000);
            assertTrue(contact.inTouch());
        }
    }

    @Test
    void aSilenceOfASessionTimeoutPutsItOutOfTouchUntilAnAssignment() {
        heartbeat(Errors.NONE);
        time.sleep(9_999);
        assertTrue(contact.inTouch());
        // A freeze: the next look, on any thread, finds the silence.
        time.sleep(20_000);
        assertFalse(contact.inTouch());
        assertTrue(contact.takeRejoinWanted());
        assertFalse(contact.takeRejoinWanted(), "asked once");
        // Answers on waking do not bring it back: only an assignment does, after revocations.
        heartbeat(Errors.NONE);
        join(Errors.NONE);
        sync(Errors.NONE);
        assertFalse(contact.inTouch());
        contact.renew();
        assertTrue(contact.inTouch());
    }

    @Test
    void theHeartbeatCountsFromWhenItWasSent() {
        long sent = contact.sending(ApiKeys.HEARTBEAT);
        time.sleep(8_000); // a slow answer
        contact.answered(ApiKeys.HEARTBEAT, sent, new HeartbeatResponse(new HeartbeatResponseData()));
        time.sleep(2_000);
        assertFalse(contact.inTouch(), "the coordinator last heard of it 10 s ago");
    }

    @Test
    void refusedHeartbeatsAreNoContact() {
        heartbeat(Errors.NONE);
        time.sleep(5_000);
        heartbeat(Errors.UNKNOWN_MEMBER_ID);
        time.sleep(5_000);
        assertFalse(contact.inTouch());
    }

    @Test
    void aRebalanceInProgressIsContact() {
        time.sleep(5_000);
        heartbeat(Errors.REBALANCE_IN_PROGRESS);
        time.sleep(9_000);
        assertTrue(contact.inTouch());
    }

    @Test
    void aJoinSentInTouchKeepsItForTheRebalanceTimeout() {
        time.sleep(5_000);
        long sent = contact.sending(ApiKeys.JOIN_GROUP);
        time.sleep(30_000); // waiting for a slow member
        assertTrue(contact.inTouch());
        contact.answered(ApiKeys.JOIN_GROUP, sent, join(Errors.NONE, false));
        time.sleep(9_000);
        assertTrue(contact.inTouch(), "the session starts again at the join's answer");
        time.sleep(1_000);
        assertFalse(contact.inTouch());
    }

    @Test
    void aJoinSentOutOfTouchKeepsNothing() {
        time.sleep(11_000);
        contact.sending(ApiKeys.JOIN_GROUP);
        assertFalse(contact.inTouch());
    }

    @Test
    void aJoinThatGotNoAnswerStopsKeepingIt() {
        time.sleep(5_000);
        contact.sending(ApiKeys.JOIN_GROUP);
        contact.unanswered(ApiKeys.JOIN_GROUP);
        time.sleep(5_000);
        assertFalse(contact.inTouch());
    }

    private void heartbeat(Errors error) {
        long sent = contact.sending(ApiKeys.HEARTBEAT);
        contact.answered(ApiKeys.HEARTBEAT, sent,
                new HeartbeatResponse(new HeartbeatResponseData().setErrorCode(error.code())));
    }

    private void join(Errors error) {
        long sent = contact.sending(ApiKeys.JOIN_GROUP);
        contact.answered(ApiKeys.JOIN_GROUP, sent, join(error, false));
    }

    private static JoinGroupResponse join(Errors error, boolean unused) {
        return new JoinGroupResponse(new JoinGroupResponseData().setErrorCode(error.code()), (short) 9);
    }

    private void sync(Errors error) {
        long sent = contact.sending(ApiKeys.SYNC_GROUP);
        contact.answered(ApiKeys.SYNC_GROUP, sent,
                new SyncGroupResponse(new SyncGroupResponseData().setErrorCode(error.code())));
    }

    /** A clock that moves only when told. */
    private static final class ManualTime implements Time {

        private long nanos = 1_000_000_000L;

        @Override
        public long milliseconds() {
            return nanos / 1_000_000;
        }

        @Override
        public long nanoseconds() {
            return nanos;
        }

        @Override
        public void sleep(long ms) {
            nanos += ms * 1_000_000;
        }

        @Override
        public void waitObject(Object obj, java.util.function.Supplier<Boolean> condition, long deadlineMs) {
            throw new UnsupportedOperationException();
        }
    }
}

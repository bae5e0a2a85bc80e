package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.SourceTaskHarness.WAIT;
import static io.fluxgate.runtime.task.SourceTaskHarness.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.Stage;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.testing.Await;

/**
 * What a source task does when sending, converting, polling or committing fails: retriable failures are retried
 * without losing or repeating a record, others fail the task (or, with {@code errors.tolerance=all}, skip the
 * record), and whatever the failure no offset beyond the first record not written is committed.
 */
class WorkerSourceTaskFailureTest {

    private SourceTaskHarness harness = new SourceTaskHarness();

    @AfterEach
    void stopTask() {
        harness.close();
    }

    @Test
    void aRetriableSendFailureResumesTheBatchAtTheRefusedRecordAfterABackoff() {
        harness.start();
        harness.producer.refuse("a3"::equals, new TimeoutException("buffer full"));
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3), record("a", 4));
        Await.until("the refused record was tried again", WAIT, () -> harness.producer.sendAttempts() >= 4);
        assertEquals(List.of("a1", "a2"), harness.producer.sentValues(), "nothing after the refused record is sent");

        harness.producer.ack(0);
        harness.producer.ack(1);
        int attempts = harness.producer.sendAttempts();
        Await.until("the task went round its loop again", WAIT, () -> harness.producer.sendAttempts() >= attempts + 2);
        harness.task().commitOffsets();
        assertEquals(2L, harness.committedPosition("a"), "the refused record does not hold back those before it");

        harness.producer.acceptAll();
        harness.awaitSent(4);
        assertEquals(List.of("a1", "a2", "a3", "a4"), harness.producer.sentValues(), "nothing lost, nothing twice");
        assertEquals(0, harness.plugin.unpolled());
        harness.producer.ack(3);
        harness.producer.ack(2);
        harness.stopAndAwait();
        assertEquals(4L, harness.committedPosition("a"));
        assertEquals(List.of("running", "shutdown"), harness.listener.statuses());
    }

    @Test
    void aSendErrorFailsTheTaskAndNothingFromTheFailedRecordOnIsCommitted() {
        harness.flushTimeoutMs(300).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3), record("b", 1));
        harness.awaitSent(4);
        RecordTooLargeException error = new RecordTooLargeException("too large");
        harness.producer.ack(0);
        harness.producer.fail(1, error);
        harness.producer.ack(2);
        harness.producer.ack(3);
        harness.plugin.willReturn(record("a", 4));
        harness.awaitFailure();

        assertInstanceOf(ConnectException.class, harness.listener.failure());
        assertSame(error, harness.listener.failure().getCause());
        assertEquals(1L, harness.committedPosition("a"), "a3 was acknowledged, but a2 before it was lost");
        assertEquals(1L, harness.committedPosition("b"), "other partitions are committed as acknowledged");
        assertEquals(4, harness.producer.sentValues().size(), "nothing is sent after the error");
        assertFalse(harness.task().shouldCommitOffsets(), "the committer leaves a failed task alone");
        // The failure is reported first, then the task closes: waited for, not raced.
        Await.until("the failed task closed", WAIT, () -> harness.plugin.stopped && harness.producer.closed());
    }

    @Test
    void withToleranceAllASendErrorSkipsTheRecordReportsItAndDeliveryGoesOn() {
        harness.tolerance(ToleranceType.ALL).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3));
        harness.awaitSent(3);
        RecordTooLargeException error = new RecordTooLargeException("too large");
        harness.producer.fail(1, error);

        assertEquals(1, harness.reportedErrors.size());
        assertEquals(Stage.KAFKA_PRODUCE, harness.reportedErrors.get(0).stage());
        assertSame(error, harness.reportedErrors.get(0).error());
        assertEquals("a2", harness.reportedErrors.get(0).original().value());
        assertEquals("a2", harness.plugin.committedRecords.get(0).record().value());
        assertNull(harness.plugin.committedRecords.get(0).metadata(), "the plugin learns the record was dropped");

        harness.producer.ack(2);
        harness.producer.ack(0);
        harness.plugin.willReturn(record("a", 4));
        harness.awaitSent(4);
        harness.producer.ack(3);
        harness.stopAndAwait();
        assertEquals(4L, harness.committedPosition("a"), "the skipped record no longer holds back the partition");
        assertFalse(harness.listener.has("failed"));
    }

    @Test
    void aSendThatThrowsANonRetriableExceptionFailsTheTask() {
        harness.flushTimeoutMs(300).start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        harness.producer.ack(0);
        RecordTooLargeException error = new RecordTooLargeException("too large");
        harness.producer.refuse("a2"::equals, error);
        harness.plugin.willReturn(record("a", 2), record("a", 3));
        harness.awaitFailure();

        assertEquals("Unrecoverable exception trying to send", harness.listener.failure().getMessage());
        assertSame(error, harness.listener.failure().getCause());
        assertEquals(List.of("a1"), harness.producer.sentValues());
        assertEquals(2, harness.producer.sendAttempts(), "a non-retriable failure is not retried");
        assertEquals(1L, harness.committedPosition("a"));
    }

    @Test
    void aRecordThatCannotBeConvertedFailsTheTaskOutsideToleranceAfterCommittingWhatWasAcknowledged() {
        harness.start();
        harness.plugin.willReturn(record("a", 1, "one"));
        harness.awaitSent(1);
        harness.producer.ack(0);
        harness.plugin.willReturn(record("a", 2, "poison"), record("a", 3, "three"));
        harness.awaitFailure();

        assertEquals("Tolerance exceeded in error handler", harness.listener.failure().getMessage());
        assertInstanceOf(DataException.class, harness.listener.failure().getCause());
        assertEquals(Stage.VALUE_CONVERTER, harness.reportedErrors.get(0).stage(), "the error is reported first");
        assertEquals(List.of("one"), harness.producer.sentValues());
        assertEquals(1L, harness.committedPosition("a"), "the final commit of a failing task keeps what was written");
        assertEquals(1, harness.plugin.commits());
    }

    @Test
    void aPollFailureFailsTheTaskWithItsCauseAfterCommittingWhatWasAcknowledged() {
        harness.start();
        harness.plugin.willReturn(record("a", 1), record("a", 2));
        harness.awaitSent(2);
        harness.producer.ack(1);
        IllegalStateException error = new IllegalStateException("source gone");
        harness.plugin.willThrow(error);
        Await.until("the failing poll was made", WAIT, () -> harness.plugin.unpolled() == 0);
        assertFalse(harness.listener.has("failed"), "the task waits for its records in flight first");
        harness.producer.ack(0);
        harness.awaitFailure();

        assertSame(error, harness.listener.failure());
        assertEquals(2L, harness.committedPosition("a"));
        assertEquals(List.of("running", "failed"), harness.listener.statuses(), "a failed task is not also shut down");
    }

    @Test
    void aRecordWhoseConversionIsStillBeingRetriedWhenTheTaskStopsIsNotCommittedAsDone() {
        harness.tolerance(ToleranceType.ALL).retryTimeoutMs(-1).start();
        harness.plugin.willReturn(record("a", 1, "one"), record("a", 2, "unavailable"));
        harness.awaitSent(1);
        harness.producer.ack(0);
        Await.until("the conversion of a2 is being retried", WAIT, () -> harness.taskThreadIsIn("callWithRetries"));

        harness.stopAndAwait(); // a rebalance, a restart, a reconfiguration: nothing wrong with a2
        assertEquals(List.of("one"), harness.producer.sentValues());
        assertEquals(1L, harness.committedPosition("a"),
                "a2 was never written: its offset must stay uncommitted so that the next instance reads it again");
    }

    @Test
    void aFailedOffsetFlushKeepsTheOffsetsForTheNextCommitAndDoesNotTellThePlugin() {
        FailingOnceOffsetStore store = new FailingOnceOffsetStore();
        harness = new SourceTaskHarness(store);
        harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        harness.producer.ack(0);
        harness.awaitLoopPassed();

        store.failure = new ConnectException("offsets topic unavailable");
        assertFalse(harness.task().commitOffsets());
        assertNull(harness.committedPosition("a"));
        assertEquals(0, harness.plugin.commits(), "the plugin may only drop what is committed");

        assertTrue(harness.task().commitOffsets(), "the next commit writes the offsets of the failed one");
        assertEquals(1L, harness.committedPosition("a"));
        assertEquals(1, harness.plugin.commits());
    }

    /** An offset store whose next write fails when told to. */
    private static final class FailingOnceOffsetStore extends MemoryOffsetBackingStore {

        volatile RuntimeException failure;

        @Override
        public synchronized void set(Map<ByteBuffer, ByteBuffer> values) {
            RuntimeException next = failure;
            failure = null;
            if (next != null) {
                throw next;
            }
            super.set(values);
        }
    }
}

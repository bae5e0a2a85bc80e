package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.SourceTaskHarness.WAIT;
import static io.fluxgate.runtime.task.SourceTaskHarness.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.testing.Await;

/**
 * The {@link WorkLease} guard (docs/frozen-workers.md): while its worker may have lost the task to another, a source
 * task neither polls, sends nor commits offsets; it carries on where it was once the lease is held again.
 */
class WorkerSourceTaskLeaseTest {

    private final SourceTaskHarness harness = new SourceTaskHarness();

    @AfterEach
    void stopTask() {
        harness.close();
    }

    @Test
    void withoutTheLeaseTheTaskNeitherPollsNorSendsAndResumesOnceItIsBack() {
        harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);

        harness.lease.lose();
        // Once refused, the loop does not reach poll() again: a poll begun before the loss is already counted.
        Await.until("the task found the lease gone", WAIT, () -> harness.lease.refusals() >= 1);
        int polls = harness.plugin.polls();
        harness.plugin.willReturn(record("a", 2));
        Await.until("the task asked for the lease again and again", WAIT, () -> harness.lease.refusals() >= 4);
        assertEquals(polls, harness.plugin.polls(), "no poll without the lease");
        assertEquals(1, harness.plugin.unpolled());
        assertEquals(List.of("a1"), harness.producer.sentValues(), "no send without the lease");

        harness.lease.regain();
        harness.awaitSent(2);
        assertEquals(List.of("a1", "a2"), harness.producer.sentValues());
        assertFalse(harness.listener.has("failed"));
    }

    @Test
    void withoutTheLeaseNoOffsetIsCommittedUntilItIsBack() {
        harness.start();
        harness.plugin.willReturn(record("a", 1), record("a", 2));
        harness.awaitSent(2);
        harness.producer.ack(0);
        harness.awaitLoopPassed();

        harness.lease.lose();
        assertFalse(harness.task().commitOffsets(), "another worker may have committed further already");
        assertNull(harness.committedPosition("a"));
        assertEquals(0, harness.plugin.commits(), "nor is the plugin told of a commit");
        harness.producer.ack(1); // acknowledgements of records sent before the loss still count

        harness.lease.regain();
        harness.awaitLoopPassed();
        assertTrue(harness.task().commitOffsets());
        assertEquals(2L, harness.committedPosition("a"), "the offsets held back are committed once the lease is back");
        assertEquals(1, harness.plugin.commits());
    }

    @Test
    void aLeaseLostInTheMiddleOfABatchStopsItAtTheNextRecordAndResumesThere() {
        AtomicBoolean frozen = new AtomicBoolean();
        harness.transformations(FunctionTransformation.peeking(record -> {
            if ("a3".equals(record.value()) && frozen.compareAndSet(false, true)) {
                harness.lease.lose(); // the freeze falls while a3 is being transformed
            }
        })).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3), record("a", 4));
        Await.until("the task found the lease gone", WAIT, () -> harness.lease.refusals() >= 3);
        assertEquals(List.of("a1", "a2"), harness.producer.sentValues(), "a3 and a4 are held back");

        harness.lease.regain();
        harness.awaitSent(4);
        assertEquals(List.of("a1", "a2", "a3", "a4"), harness.producer.sentValues(), "nothing lost, nothing twice");
        assertEquals(0, harness.plugin.unpolled());
        harness.producer.ackAll();
        harness.stopAndAwait();
        assertEquals(4L, harness.committedPosition("a"));
    }

    @Test
    void aTaskStoppedWithoutTheLeaseCommitsNothingOnItsWayOut() {
        harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        harness.lease.lose();
        Await.until("the task found the lease gone", WAIT, () -> harness.lease.refusals() >= 1);
        harness.producer.ack(0);

        harness.stopAndAwait();
        assertNull(harness.committedPosition("a"), "the replacement's offsets must not be taken back");
        assertEquals(0, harness.plugin.commits());
        assertEquals(List.of("running", "shutdown"), harness.listener.statuses());
        assertTrue(harness.plugin.stopped);
    }
}

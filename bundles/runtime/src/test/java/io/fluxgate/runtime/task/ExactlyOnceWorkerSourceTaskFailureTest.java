package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.ExactlyOnceTaskHarness.values;
import static io.fluxgate.runtime.task.SourceTaskHarness.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.testing.Await;

/**
 * What the exactly-once source task does when something fails: a failed send or commit aborts the transaction and
 * fails the task, with nothing of the transaction committed; the herder's checks run around initTransactions(), before
 * the plugin starts, and a failing one fails the task before anything is sent; and the worker's periodic committer
 * never writes for it.
 */
class ExactlyOnceWorkerSourceTaskFailureTest {

    private ExactlyOnceTaskHarness harness = new ExactlyOnceTaskHarness();

    @AfterEach
    void stopTask() {
        harness.close();
    }

    @Test
    void aSendTheProducerRefusesAbortsTheTransactionAndFailsTheTask() {
        harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitCommits(1);

        harness.producer.sendException = new KafkaException("the broker is gone");
        harness.plugin.willReturn(record("a", 2), record("a", 3));
        harness.awaitFailure();

        assertTrue(harness.listener.failure() instanceof ConnectException);
        assertEquals("Unrecoverable exception trying to send", harness.listener.failure().getMessage());
        assertTrue(harness.producer.transactionAborted(), "the open transaction is aborted at once");
        assertEquals(1, harness.producer.commitCount(), "only the first batch was committed");
        assertEquals(List.of("a1"), values(harness.producer.history()));
        assertEquals(1, harness.plugin.committedRecords.size(), "commitRecord only for committed records");
    }

    @Test
    void aSendThatFailsAfterwardsAbortsTheTransactionAtItsBoundaryAndFailsTheTask() {
        harness = new ExactlyOnceTaskHarness(false);
        harness.boundary(TransactionBoundary.CONNECTOR, 0).start();
        harness.plugin.willReturn(record("a", 1));
        Await.until("a1 is sent", SourceTaskHarness.WAIT, () -> harness.producer.uncommittedRecords().size() == 1);
        assertTrue(harness.producer.errorNext(new KafkaException("a1 was not written")));

        harness.plugin.transactionContext().commitTransaction();
        harness.plugin.willReturn(record("a", 2));
        harness.awaitFailure();

        assertEquals("Failed to flush offsets and/or records for task orders-source-0",
                harness.listener.failure().getMessage());
        assertEquals(0, harness.producer.commitCount());
        assertEquals(1, harness.producer.aborted.size());
        assertEquals(List.of("a1", "a2"), values(harness.producer.aborted.get(0)));
        assertTrue(harness.plugin.committedRecords.isEmpty());
    }

    @Test
    void recordsFailedBecauseTheConnectorAbortedTheirTransactionDoNotFailTheTask() {
        harness = new ExactlyOnceTaskHarness(false);
        harness.boundary(TransactionBoundary.CONNECTOR, 0).start();
        SourceRecord a1 = record("a", 1);
        harness.plugin.transactionContext().abortTransaction(a1);
        harness.plugin.willReturn(a1);
        harness.awaitCommits(1);
        assertEquals(List.of("a1"), values(harness.producer.aborted.get(0)), "a1's send failed by the abort");

        harness.plugin.transactionContext().commitTransaction();
        harness.plugin.willReturn(record("a", 2));
        harness.awaitCommits(2);
        assertEquals(List.of("a2"), values(harness.producer.committed.get(1)));
        assertFalse(harness.listener.has("failed"));
    }

    @Test
    void aCommitThatFailsAbortsAndFailsTheTask() {
        harness.producer.commitTransactionException = new ProducerFencedException("a newer instance took over");
        harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitFailure();

        assertEquals("Failed to flush offsets and/or records for task orders-source-0",
                harness.listener.failure().getMessage());
        assertTrue(harness.listener.failure().getCause() instanceof ProducerFencedException);
        assertEquals(0, harness.producer.commitCount());
        assertTrue(harness.producer.history().isEmpty());
        assertTrue(harness.plugin.committedRecords.isEmpty());
    }

    @Test
    void recordsForTheOffsetsTopicFailTheTask() {
        harness.transformations(FunctionTransformation.rerouting(ExactlyOnceTaskHarness.OFFSETS_TOPIC)).start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitFailure();

        assertEquals("Source tasks may not produce to their own offsets topics when exactly-once support is enabled",
                harness.listener.failure().getMessage());
        assertTrue(harness.producer.history().isEmpty());
    }

    @Test
    void theProducerChecksRunAroundInitTransactionsBeforeThePluginStartsAndAnythingIsSent() {
        List<String> seen = new CopyOnWriteArrayList<>();
        harness.checks(new ProducerChecks(
                () -> seen.add("pre: initialized=" + harness.producer.transactionInitialized() + " started="
                        + harness.plugin.started),
                () -> seen.add("post: initialized=" + harness.producer.transactionInitialized() + " started="
                        + harness.plugin.started + " sent=" + harness.producer.calls.contains("send"))));
        harness.plugin.willReturn(record("a", 1));
        harness.start();
        harness.awaitCommits(1);

        assertEquals(List.of("pre: initialized=false started=false",
                "post: initialized=true started=false sent=false"), seen);
        assertEquals("initTransactions", harness.producer.calls.get(0));
    }

    @Test
    void aFailingPreProducerCheckFailsTheTaskBeforeItsProducerIsUsed() {
        harness.checks(new ProducerChecks(() -> {
            throw new ConnectException("Failed to perform round of zombie fencing");
        }, () -> { }));
        harness.plugin.willReturn(record("a", 1));
        harness.start();
        harness.awaitFailure();

        assertEquals("Failed to perform round of zombie fencing", harness.listener.failure().getMessage());
        assertEquals(List.of(), harness.producer.calls, "not even initTransactions()");
        assertFalse(harness.plugin.started);
        assertEquals(0, harness.plugin.polls());
        // The failure is reported first, then the task closes: waited for, not raced.
        Await.until("the failed task closed", SourceTaskHarness.WAIT, () -> harness.producer.closed());
        assertFalse(harness.plugin.stopped, "a plugin never started is not stopped");
    }

    @Test
    void aFailingPostProducerCheckFailsTheTaskBeforeAnythingIsSent() {
        harness.checks(new ProducerChecks(() -> { }, () -> {
            throw new ConnectException("Cannot start source task orders-source-0 as it has already been revoked");
        }));
        harness.plugin.willReturn(record("a", 1));
        harness.start();
        harness.awaitFailure();

        assertEquals(List.of("initTransactions"), harness.producer.calls);
        assertFalse(harness.plugin.started);
        assertEquals(0, harness.plugin.polls());
    }

    @Test
    void theWorkersPeriodicCommitterDoesNothingForTheTask() throws InterruptedException {
        ExactlyOnceWorkerSourceTask task = harness.boundary(TransactionBoundary.CONNECTOR, 0).start();
        harness.plugin.willReturn(record("a", 1));
        Await.until("a1 is sent", SourceTaskHarness.WAIT, () -> harness.producer.uncommittedRecords().size() == 1);

        try (OffsetCommitScheduler committer = new OffsetCommitScheduler(5)) {
            committer.schedule(task);
            Thread.sleep(300);
            committer.remove(task.id());
        }
        assertFalse(task.shouldCommitOffsets());
        assertEquals(0, harness.producer.commitCount(), "no commit outside the connector's boundaries");
        assertEquals(1, harness.producer.uncommittedRecords().size(), "no offsets written beside the transaction");
        assertEquals(0, harness.plugin.commits());
    }
}

package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.ExactlyOnceTaskHarness.offsetKeys;
import static io.fluxgate.runtime.task.ExactlyOnceTaskHarness.values;
import static io.fluxgate.runtime.task.SourceTaskHarness.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.testing.Await;

/**
 * The exactly-once source task's transactions: each holds the records sent since the last boundary and their offsets,
 * written by the same producer to the offsets topic as the worker's store writes them, and ends where
 * {@code transaction.boundary} says: after each batch ({@code poll}), after an interval ({@code interval}), where the
 * connector asks ({@code connector}); and when the task stops.
 */
class ExactlyOnceWorkerSourceTaskTest {

    private ExactlyOnceTaskHarness harness = new ExactlyOnceTaskHarness();

    @AfterEach
    void stopTask() {
        harness.close();
    }

    @Test
    void pollBoundaryCommitsEachBatchWithItsOffsetsInOneTransaction() {
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("b", 1));
        harness.plugin.willReturn(record("a", 3));
        harness.start();
        harness.awaitCommits(2);

        List<ProducerRecord<byte[], byte[]>> first = harness.producer.committed.get(0);
        assertEquals(List.of("a1", "a2", "b1"), values(first), "the first batch, in poll order");
        assertEquals(Map.of("a", 2L, "b", 1L), harness.positions(first), "and its offsets, the last per partition");
        assertEquals(List.of("[\"orders-source\",{\"file\":\"a\"}]", "[\"orders-source\",{\"file\":\"b\"}]"),
                offsetKeys(first), "keyed as the worker's offset store keys them");
        List<ProducerRecord<byte[], byte[]>> second = harness.producer.committed.get(1);
        assertEquals(List.of("a3"), values(second));
        assertEquals(Map.of("a", 3L), harness.positions(second));
        assertTrue(harness.producer.aborted.isEmpty());
        assertEquals(2, harness.producer.commitCount(), "nothing is committed for the empty polls in between");

        Await.until("the plugin is told of the committed records", SourceTaskHarness.WAIT,
                () -> harness.plugin.committedRecords.size() == 4);
        harness.plugin.committedRecords.forEach(committed -> assertNotNull(committed.metadata(),
                "commitRecord with the metadata of the write: " + committed.record()));
        assertTrue(harness.plugin.commits() >= 2, "SourceTask.commit() after each transaction");
        assertEquals(3.0, harness.metrics.value("transaction-size-max"));
        assertEquals(1.0, harness.metrics.value("transaction-size-min"));
        assertEquals(2.0, harness.metrics.value("transaction-size-avg"));
    }

    @Test
    void recordsAndOffsetsAreSentOnlyInsideATransactionAfterInitTransactions() {
        harness.plugin.willReturn(record("a", 1));
        harness.start();
        harness.awaitCommits(1);

        List<String> calls = harness.producer.calls;
        assertEquals(List.of("initTransactions", "beginTransaction", "send", "send", "commitTransaction"),
                calls.subList(0, 5), "the record, then its offset, in the transaction");
        assertTrue(harness.producer.history().stream().allMatch(r -> r.topic().equals("orders")
                || r.topic().equals(ExactlyOnceTaskHarness.OFFSETS_TOPIC)));
    }

    @Test
    void offsetsOfFilteredRecordsAreCommittedInTheTransaction() {
        harness.transformations(FunctionTransformation.dropping("b1", "c1")).start();
        harness.plugin.willReturn(record("a", 1), record("b", 1));
        harness.awaitCommits(1);
        assertEquals(List.of("a1"), values(harness.producer.committed.get(0)));
        assertEquals(Map.of("a", 1L, "b", 1L), harness.positions(harness.producer.committed.get(0)));

        harness.plugin.willReturn(record("c", 1));
        harness.awaitCommits(2);
        assertEquals(List.of(), values(harness.producer.committed.get(1)), "a batch entirely filtered out...");
        assertEquals(Map.of("c", 1L), harness.positions(harness.producer.committed.get(1)),
                "...still commits its offsets, in a transaction of its own");
        Await.until("the plugin is told of the dropped records", SourceTaskHarness.WAIT,
                () -> harness.plugin.committedRecords.size() == 3);
        assertNull(harness.plugin.committedRecords.get(1).metadata(), "b1 was dropped: no metadata");
    }

    @Test
    void intervalBoundaryCommitsTheBatchesOfAnIntervalTogether() {
        harness.boundary(TransactionBoundary.INTERVAL, 2_000);
        harness.plugin.willReturn(record("a", 1));
        harness.plugin.willReturn(record("a", 2), record("b", 1));
        long started = System.currentTimeMillis();
        harness.start();
        Await.until("both batches are sent", SourceTaskHarness.WAIT,
                () -> harness.producer.uncommittedRecords().size() == 3);
        if (System.currentTimeMillis() - started < 1_500) {
            assertEquals(0, harness.producer.commitCount(), "nothing committed before the interval");
        }

        harness.awaitCommits(1);
        List<ProducerRecord<byte[], byte[]>> first = harness.producer.committed.get(0);
        assertEquals(List.of("a1", "a2", "b1"), values(first), "two polls, one transaction");
        assertEquals(Map.of("a", 2L, "b", 1L), harness.positions(first));
        assertTrue(System.currentTimeMillis() - started >= 2_000, "committed once the interval passed");
    }

    @Test
    void connectorBoundaryCommitsAndAbortsWhereTheConnectorAsks() {
        harness.boundary(TransactionBoundary.CONNECTOR, 0).start();
        TransactionContext transactions = harness.plugin.transactionContext();
        assertNotNull(transactions, "a connector defining its boundaries gets a transaction context");

        SourceRecord a2 = record("a", 2);
        transactions.commitTransaction(a2);
        harness.plugin.willReturn(record("a", 1), a2, record("a", 3));
        harness.awaitCommits(1);
        assertEquals(List.of("a1", "a2"), values(harness.producer.committed.get(0)), "committed on a2");
        assertEquals(Map.of("a", 2L), harness.positions(harness.producer.committed.get(0)));

        SourceRecord b1 = record("b", 1);
        transactions.abortTransaction(b1);
        harness.plugin.willReturn(b1, record("b", 2));
        harness.awaitCommits(2);
        assertEquals(List.of("a3", "b1"), values(harness.producer.aborted.get(0)), "aborted on b1, with a3");
        assertEquals(List.of(), values(harness.producer.committed.get(1)));
        assertEquals(Map.of("a", 3L, "b", 1L), harness.positions(harness.producer.committed.get(1)),
                "the aborted records' offsets are committed: they are not read again");

        transactions.commitTransaction();
        harness.plugin.willReturn(record("c", 1));
        harness.awaitCommits(3);
        assertEquals(List.of("b2", "c1"), values(harness.producer.committed.get(2)), "committed after the batch");
        assertEquals(Map.of("b", 2L, "c", 1L), harness.positions(harness.producer.committed.get(2)));

        transactions.abortTransaction();
        harness.plugin.willReturn(record("d", 1));
        harness.awaitCommits(4);
        assertEquals(List.of("d1"), values(harness.producer.aborted.get(1)), "the batch aborted");
        assertEquals(Map.of("d", 1L), harness.positions(harness.producer.committed.get(3)));
        assertFalse(harness.listener.has("failed"));
    }

    @Test
    void connectorBoundaryLeavesATransactionOpenUntilAsked() throws InterruptedException {
        harness.boundary(TransactionBoundary.CONNECTOR, 0).start();
        harness.plugin.willReturn(record("a", 1));
        Await.until("the record is sent", SourceTaskHarness.WAIT,
                () -> harness.producer.uncommittedRecords().size() == 1);
        Thread.sleep(200);
        assertEquals(0, harness.producer.commitCount());
        assertTrue(harness.producer.transactionInFlight());
    }

    @Test
    void stopCommitsWhatWasPolled() {
        harness.boundary(TransactionBoundary.INTERVAL, 600_000).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2));
        Await.until("the records are sent", SourceTaskHarness.WAIT,
                () -> harness.producer.uncommittedRecords().size() == 2);
        assertEquals(0, harness.producer.commitCount());

        harness.stopAndAwait();
        assertEquals(1, harness.producer.commitCount(), "the final commit");
        assertEquals(List.of("a1", "a2"), values(harness.producer.committed.get(0)));
        assertEquals(Map.of("a", 2L), harness.positions(harness.producer.committed.get(0)));
        assertTrue(harness.plugin.stopped);
        assertTrue(harness.producer.closed());
    }

    @Test
    void pauseCommitsTheOpenTransaction() {
        ExactlyOnceWorkerSourceTask task = harness.boundary(TransactionBoundary.INTERVAL, 600_000).start();
        harness.plugin.willReturn(record("a", 1));
        Await.until("the record is sent", SourceTaskHarness.WAIT,
                () -> harness.producer.uncommittedRecords().size() == 1);

        task.transitionTo(TargetState.PAUSED);
        harness.awaitCommits(1);
        assertEquals(List.of("a1"), values(harness.producer.committed.get(0)), "no transaction hangs while paused");
    }
}

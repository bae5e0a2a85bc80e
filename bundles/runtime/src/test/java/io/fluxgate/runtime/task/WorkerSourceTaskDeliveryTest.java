package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.SourceTaskHarness.WAIT;
import static io.fluxgate.runtime.task.SourceTaskHarness.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.Stage;
import io.fluxgate.runtime.testing.Await;

/**
 * The source task's data plane when all goes well: poll, transform, convert, send; and at-least-once delivery: an
 * offset is committed only once its record and every earlier record of its source partition were acknowledged or
 * dropped, however the acknowledgements are ordered.
 */
class WorkerSourceTaskDeliveryTest {

    private SourceTaskHarness harness = new SourceTaskHarness();

    @AfterEach
    void stopTask() {
        harness.close();
    }

    @Test
    void sendsEachPolledRecordTransformedAndConvertedInPollOrder() {
        harness.transformations(FunctionTransformation.rerouting("orders-v2")).start();
        harness.plugin.willReturn(record("a", 1), record("b", 1), record("a", 2));
        harness.awaitSent(3);

        List<ProducerRecord<byte[], byte[]>> sent = harness.producer.sentRecords();
        assertEquals(List.of("a1", "b1", "a2"), harness.producer.sentValues());
        ProducerRecord<byte[], byte[]> first = sent.get(0);
        assertEquals("orders-v2", first.topic(), "the transformed record is sent");
        assertNull(first.key());
        assertNull(first.partition());
        assertEquals(1_700_000_000_001L, first.timestamp());
        assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), first.headers().lastHeader("origin").value(),
                "headers go through the header converter");
        assertEquals(3, harness.producer.sendAttempts(), "each record is sent once");
    }

    @Test
    void commitsOnlyUpToTheFirstUnacknowledgedRecordOfEachPartitionWhateverTheAckOrder() {
        harness.start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3), record("b", 1), record("b", 2));
        harness.awaitSent(5);

        harness.producer.ack(2); // a3
        harness.producer.ack(1); // a2
        harness.producer.ack(3); // b1
        harness.awaitLoopPassed();
        assertTrue(harness.task().commitOffsets());
        assertNull(harness.committedPosition("a"), "a1 is not acknowledged: nothing of a may be committed");
        assertEquals(1L, harness.committedPosition("b"), "b2 is in flight: b stops at b1");

        harness.producer.ack(0); // a1: a is acknowledged up to a3
        harness.awaitLoopPassed();
        assertTrue(harness.task().commitOffsets());
        assertEquals(3L, harness.committedPosition("a"));
        assertEquals(1L, harness.committedPosition("b"));

        harness.producer.ack(4);
        harness.awaitLoopPassed();
        assertTrue(harness.task().commitOffsets());
        assertEquals(2L, harness.committedPosition("b"));
    }

    @Test
    void offsetsOfLaterBatchesWaitForAnUnacknowledgedRecordOfAnEarlierOne() {
        harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        harness.plugin.willReturn(record("a", 2), record("a", 3));
        harness.awaitSent(3);
        harness.producer.ack(1);
        harness.producer.ack(2);
        harness.awaitLoopPassed();
        harness.task().commitOffsets();
        assertNull(harness.committedPosition("a"), "a record of an earlier batch holds back those of later ones");

        harness.producer.ack(0);
        harness.awaitLoopPassed();
        harness.task().commitOffsets();
        assertEquals(3L, harness.committedPosition("a"));
    }

    @Test
    void metricsCountPolledRecordsWrittenOnlyOnceAcknowledgedAndFilteredOnesAsDoneNotWritten() {
        harness.transformations(FunctionTransformation.dropping("skip")).start();
        harness.plugin.willReturn(record("a", 1, "keep"), record("a", 2, "skip"), record("a", 3, "keep"));
        harness.awaitSent(2);
        harness.producer.ack(0);
        harness.awaitLoopPassed();
        harness.metrics.update();
        assertEquals(3.0, metric("source-record-poll-total"), "polled before transformations");
        assertEquals(1.0, metric("source-record-write-total"), "written once acknowledged; filtered not counted");
        assertEquals(1.0, metric("source-record-active-count"), "the unacknowledged one is still active");

        harness.producer.ack(1);
        harness.awaitLoopPassed();
        assertTrue(harness.task().commitOffsets());
        assertEquals(2.0, metric("source-record-write-total"));
        assertEquals(0.0, metric("source-record-active-count"));
    }

    private double metric(String name) {
        return harness.metrics.value(name);
    }

    @Test
    void filteredRecordsHaveTheirOffsetsCommittedInTurn() {
        harness.transformations(FunctionTransformation.dropping("skip")).start();
        harness.plugin.willReturn(record("a", 1, "keep"), record("a", 2, "skip"), record("a", 3, "skip"),
                record("b", 1, "skip"));
        harness.awaitSent(1);
        Await.until("the task was told of the records it dropped", WAIT,
                () -> harness.plugin.committedRecords.size() == 3);
        assertEquals(List.of("keep"), harness.producer.sentValues());
        harness.plugin.committedRecords.forEach(committed -> assertNull(committed.metadata(),
                "a dropped record is committed without metadata"));

        harness.awaitLoopPassed();
        harness.task().commitOffsets();
        assertNull(harness.committedPosition("a"), "a2 and a3 were dropped, but a1 before them is in flight");
        assertEquals(1L, harness.committedPosition("b"), "a partition only dropped from is committed at once");

        harness.producer.ack(0);
        harness.awaitLoopPassed();
        harness.task().commitOffsets();
        assertEquals(3L, harness.committedPosition("a"), "once a1 is acknowledged, a3 (dropped) is committable");
    }

    @Test
    void aRecordThatCannotBeConvertedWithinToleranceIsSkippedReportedAndItsOffsetCommittedInTurn() {
        harness.tolerance(ToleranceType.ALL).start();
        harness.plugin.willReturn(record("a", 1, "one"), record("a", 2, "poison"), record("a", 3, "three"));
        harness.awaitSent(2);
        assertEquals(List.of("one", "three"), harness.producer.sentValues());
        assertEquals(1, harness.reportedErrors.size());
        assertEquals(Stage.VALUE_CONVERTER, harness.reportedErrors.get(0).stage());
        assertEquals("poison", harness.reportedErrors.get(0).original().value());

        harness.producer.ack(0);
        harness.awaitLoopPassed();
        harness.task().commitOffsets();
        assertEquals(2L, harness.committedPosition("a"), "the skipped record counts as done with");
        harness.producer.ack(1);
        harness.awaitLoopPassed();
        harness.task().commitOffsets();
        assertEquals(3L, harness.committedPosition("a"));
    }

    @Test
    void tellsThePluginOfEachRecordOnceAcknowledgedWithTheRecordItPolled() {
        harness.transformations(FunctionTransformation.rerouting("orders-v2")).start();
        SourceRecord polled = record("a", 1);
        harness.plugin.willReturn(polled, record("a", 2));
        harness.awaitSent(2);
        assertTrue(harness.plugin.committedRecords.isEmpty(), "nothing is acknowledged yet");

        harness.producer.ack(1);
        harness.producer.ack(0);
        assertEquals(2, harness.plugin.committedRecords.size());
        ScriptedSourceTask.Committed first = harness.plugin.committedRecords.get(1);
        assertSame(polled, first.record(), "the plugin gets back the record it returned, not the transformed one");
        assertEquals("orders-v2", first.metadata().topic(), "with where the record was written");
        assertEquals("a2", harness.plugin.committedRecords.get(0).record().value(), "in acknowledgement order");
    }

    @Test
    void callsThePluginsCommitOnceTheOffsetsAreWritten() {
        harness.start();
        List<Long> committedAtPluginCommit = new CopyOnWriteArrayList<>();
        harness.plugin.onCommit = () -> committedAtPluginCommit.add(harness.committedPosition("a"));
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        harness.producer.ack(0);
        harness.awaitLoopPassed();
        assertEquals(List.of(), committedAtPluginCommit);

        assertTrue(harness.task().commitOffsets());
        assertEquals(List.of(1L), committedAtPluginCommit);
        assertTrue(harness.task().commitOffsets(), "a commit with nothing new succeeds");
        assertEquals(2, harness.plugin.commits(), "and tells the plugin too, as Kafka Connect does");
    }

    @Test
    void aPluginThatThrowsFromCommitRecordOrCommitDoesNotStopDeliveryNorCommits() {
        harness.start();
        harness.plugin.commitRecordFailure = new IllegalStateException("commitRecord");
        harness.plugin.commitFailure = new IllegalStateException("commit");
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        harness.producer.ack(0);
        harness.awaitLoopPassed();
        assertTrue(harness.task().commitOffsets(), "the offsets were written; the plugin's failure is only logged");
        assertEquals(1L, harness.committedPosition("a"));

        harness.plugin.willReturn(record("a", 2));
        harness.awaitSent(2);
        assertFalse(harness.listener.has("failed"));
    }

    @Test
    void reportsATopicAsActiveOnlyOnceARecordToItIsAcknowledged() {
        harness.transformations(FunctionTransformation.rerouting("orders-v2")).start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        assertEquals(Set.of(), harness.activeTopics);
        harness.producer.ack(0);
        assertEquals(Set.of("orders-v2"), harness.activeTopics);
    }

    @Test
    void makesSureOfEachTopicBeforeSendingToItAndRetriesWhenTheCheckFailsRetriably() {
        List<String> ensured = new CopyOnWriteArrayList<>();
        harness.topicCreator(topic -> {
            ensured.add(topic);
            if (ensured.size() == 1) {
                throw new RetriableException("topic metadata not yet available");
            }
        }).transformations(FunctionTransformation.rerouting("orders-v2")).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2));
        harness.awaitSent(2);

        assertEquals(List.of("orders-v2", "orders-v2", "orders-v2"), ensured);
        assertEquals(List.of("a1", "a2"), harness.producer.sentValues());
        harness.producer.ackAll();
        harness.stopAndAwait();
        assertEquals(2L, harness.committedPosition("a"), "the record whose topic check failed is not lost");
    }

    @Test
    void aRetriablePollFailureIsRetriedWithoutFailingTheTask() {
        harness.start();
        harness.plugin.willThrow(new RetriableException("source briefly unavailable"));
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        assertFalse(harness.listener.has("failed"));
        assertEquals(List.of("running"), harness.listener.statuses());
    }

    @Test
    void aRestartedTaskReadsTheOffsetsItsPredecessorCommitted() {
        harness.start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("b", 7));
        harness.awaitSent(3);
        harness.producer.ackAll();
        harness.stopAndAwait();

        SourceTaskHarness restarted = new SourceTaskHarness(harness.store());
        harness = restarted;
        restarted.start();
        assertEquals(2L, restarted.plugin.committedOffset(SourceTaskHarness.partition("a")).get("position"));
        assertEquals(7L, restarted.plugin.committedOffset(SourceTaskHarness.partition("b")).get("position"));
        assertNull(restarted.plugin.committedOffset(SourceTaskHarness.partition("c")));
    }
}

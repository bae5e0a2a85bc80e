package io.fluxgate.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Only offsets whose record, and every earlier record of the same source partition, were acknowledged. */
class SubmittedRecordsTest {

    private static final Map<String, Object> P1 = Map.of("file", "a");
    private static final Map<String, Object> P2 = Map.of("file", "b");

    private final SubmittedRecords records = new SubmittedRecords(Integer.MAX_VALUE);

    @Test
    void anUnacknowledgedRecordHoldsBackLaterOnesOfItsPartitionOnly() {
        SubmittedRecords.SubmittedRecord a1 = records.submit(P1, Map.of("pos", 1));
        SubmittedRecords.SubmittedRecord a2 = records.submit(P1, Map.of("pos", 2));
        SubmittedRecords.SubmittedRecord b1 = records.submit(P2, Map.of("pos", 10));
        a2.ack();
        b1.ack();
        assertEquals(Map.of(P2, Map.of("pos", 10)), records.committableOffsets());

        a1.ack();
        assertEquals(Map.of(P1, Map.of("pos", 2)), records.committableOffsets());
        assertEquals(Map.of(), records.committableOffsets(), "each offset is handed out once");
    }

    @Test
    void aRemovedRecordNoLongerHoldsAnythingBack() {
        SubmittedRecords.SubmittedRecord a1 = records.submit(P1, Map.of("pos", 1));
        records.submit(P1, Map.of("pos", 2)).ack();
        records.remove(a1);
        assertEquals(Map.of(P1, Map.of("pos", 2)), records.committableOffsets());
    }

    @Test
    void awaitsEveryInFlightRecord() throws Exception {
        SubmittedRecords.SubmittedRecord a1 = records.submit(P1, Map.of("pos", 1));
        assertFalse(records.awaitAllMessages(10));
        Thread acker = new Thread(() -> {
            sleep(50);
            a1.ack();
        });
        acker.start();
        assertTrue(records.awaitAllMessages(5_000));
        assertEquals(0, records.pending());
        a1.ack(); // a second acknowledgement changes nothing
        assertEquals(0, records.pending());
    }

    @Test
    void aRecordRemovedFromTheMiddleLeavesTheOthersInOrder() {
        SubmittedRecords.SubmittedRecord a1 = records.submit(P1, Map.of("pos", 1));
        SubmittedRecords.SubmittedRecord a2 = records.submit(P1, Map.of("pos", 2));
        records.submit(P1, Map.of("pos", 3)).ack();
        records.remove(a2);
        assertEquals(Map.of(), records.committableOffsets(), "a1 still holds back a3");
        a1.ack();
        assertEquals(Map.of(P1, Map.of("pos", 3)), records.committableOffsets());
    }

    @Test
    void aRecordSubmittedAgainAfterARefusalTakesItsTurnBehindThoseBeforeIt() {
        // a send refused synchronously: the record is removed, then submitted again with the rest of its batch
        SubmittedRecords.SubmittedRecord a1 = records.submit(P1, Map.of("pos", 1));
        records.remove(records.submit(P1, Map.of("pos", 2)));
        SubmittedRecords.SubmittedRecord a2 = records.submit(P1, Map.of("pos", 2));
        records.submit(P1, Map.of("pos", 3)).ack();
        a2.ack();
        assertEquals(Map.of(), records.committableOffsets());
        a1.ack();
        assertEquals(Map.of(P1, Map.of("pos", 3)), records.committableOffsets());
        assertEquals(0, records.pending());
    }

    @Test
    void aPartitionCommittedInFullStartsAfresh() {
        records.submit(P1, Map.of("pos", 1)).ack();
        assertEquals(Map.of(P1, Map.of("pos", 1)), records.committableOffsets());
        SubmittedRecords.SubmittedRecord a2 = records.submit(P1, Map.of("pos", 2));
        assertEquals(Map.of(), records.committableOffsets(), "the committed head is not handed out again");
        a2.ack();
        assertEquals(Map.of(P1, Map.of("pos", 2)), records.committableOffsets());
    }

    @Test
    void removingTheOnlyRecordOfAPartitionLeavesNothingToCommit() {
        records.remove(records.submit(P1, Map.of("pos", 1)));
        assertEquals(Map.of(), records.committableOffsets());
        assertEquals(0, records.pending());
    }

    @Test
    void eachRecordIsPendingUntilSettledOnceHoweverOftenItIsAcknowledgedOrRemoved() {
        SubmittedRecords.SubmittedRecord a1 = records.submit(P1, Map.of("pos", 1));
        SubmittedRecords.SubmittedRecord a2 = records.submit(P1, Map.of("pos", 2));
        SubmittedRecords.SubmittedRecord b1 = records.submit(P2, Map.of("pos", 1));
        assertEquals(3, records.pending());
        a1.ack();
        a1.ack();
        assertEquals(2, records.pending());
        records.remove(a2);
        records.remove(a2);
        assertEquals(1, records.pending());
        records.remove(a1); // acknowledged already: not counted twice
        assertEquals(1, records.pending());
        assertFalse(records.awaitAllMessages(0));
        b1.ack();
        assertTrue(records.awaitAllMessages(0), "nothing pending: no wait");
    }

    @Test
    void anInterruptedWaitGivesUpAndKeepsTheInterrupt() {
        records.submit(P1, Map.of("pos", 1));
        Thread.currentThread().interrupt();
        try {
            assertFalse(records.awaitAllMessages(5_000));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void acknowledgementsFromManyThreadsInAnyOrderReleaseEachPartitionsLastOffset() throws Exception {
        int partitions = 4;
        int perPartition = 500;
        List<SubmittedRecords.SubmittedRecord> submitted = new ArrayList<>();
        for (int position = 1; position <= perPartition; position++) {
            for (int partition = 0; partition < partitions; partition++) {
                submitted.add(records.submit(Map.of("file", "f" + partition), Map.of("pos", position)));
            }
        }
        Collections.shuffle(submitted, new Random(42));
        ExecutorService ackers = Executors.newFixedThreadPool(4);
        try {
            int slice = submitted.size() / 4;
            for (int i = 0; i < 4; i++) {
                List<SubmittedRecords.SubmittedRecord> mine = submitted.subList(i * slice, (i + 1) * slice);
                ackers.execute(() -> mine.forEach(SubmittedRecords.SubmittedRecord::ack));
            }
            assertTrue(records.awaitAllMessages(10_000), "the last acknowledgement wakes the waiter");
        } finally {
            ackers.shutdown();
            assertTrue(ackers.awaitTermination(10, TimeUnit.SECONDS));
        }
        Map<Map<String, Object>, Map<String, Object>> expected = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            expected.put(Map.of("file", "f" + partition), Map.of("pos", perPartition));
        }
        assertEquals(expected, records.committableOffsets());
        assertEquals(0, records.pending());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

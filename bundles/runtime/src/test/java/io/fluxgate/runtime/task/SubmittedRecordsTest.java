package io.fluxgate.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Only offsets whose record, and every earlier record of the same source partition, were acknowledged. */
class SubmittedRecordsTest {

    private static final Map<String, Object> P1 = Map.of("file", "a");
    private static final Map<String, Object> P2 = Map.of("file", "b");

    private final SubmittedRecords records = new SubmittedRecords();

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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

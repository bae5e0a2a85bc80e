package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.SourceTaskHarness.WAIT;
import static io.fluxgate.runtime.task.SourceTaskHarness.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.testing.Await;

/**
 * {@code fluxgate.source.task.max.unacknowledged.records}: a source faster than its broker stops polling while the
 * limit's worth of records waits for acknowledgement, resumes as acknowledgements come, is reported stalled (naming
 * the limit) when none come for the stall timeout, and still fails when a send it waits for failed.
 */
class WorkerSourceTaskThrottleTest {

    private final SourceTaskHarness harness = new SourceTaskHarness().maxUnacknowledged(3);

    @AfterEach
    void stopTask() {
        harness.close();
    }

    @Test
    void stopsPollingAtTheLimitAndResumesAsTheBrokerAcknowledges() throws Exception {
        harness.start();
        harness.plugin.willReturn(record("a", 1), record("a", 2));
        harness.plugin.willReturn(record("a", 3), record("a", 4));
        harness.plugin.willReturn(record("a", 5));
        harness.awaitSent(4);
        Thread.sleep(300); // time for polls the limit must prevent
        assertEquals(4, harness.producer.sentValues().size(), "nothing polled past the limit");
        assertEquals(1, harness.plugin.unpolled(), "the third batch waits in the connector");

        harness.producer.ack(0);
        Thread.sleep(300);
        assertEquals(1, harness.plugin.unpolled(), "3 still unacknowledged: at the limit, no poll");

        harness.producer.ack(1);
        harness.awaitSent(5);
        assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), harness.producer.sentValues());
    }

    @Test
    void aTaskThatWaitsForAcknowledgementsPastTheStallTimeoutIsReportedStalledNamingTheLimit() throws Exception {
        WorkerSourceTask task = harness.start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3));
        harness.awaitSent(3);
        // Looked at until the wait has lasted the detector's 200 ms: when the loop reaches it depends on the load.
        Await.until("the throttled task is reported stalled", WAIT, () -> {
            task.checkStall(new StallDetector(200), System.nanoTime(), System.currentTimeMillis());
            return harness.listener.statuses().stream().anyMatch(s -> s.startsWith("stall"));
        });
        List<String> reports = harness.listener.statuses().stream().filter(s -> s.startsWith("stall")).toList();
        assertEquals(1, reports.size(), "reported: " + reports);
        assertTrue(reports.get(0).contains("waiting for the broker to acknowledge the records sent "
                + "(fluxgate.source.task.max.unacknowledged.records reached)"), reports.get(0));

        harness.producer.ackAll();
        Await.until("the task polls again", WAIT, () -> harness.plugin.unpolled() == 0 && harness.plugin.polls() > 1);
        // Looked at until a check sees the progress: a check that lands just as a loaded machine resumes the loop
        // may still see the old wait (failed once so).
        Await.until("the stall is reported ended", WAIT, () -> {
            task.checkStall(new StallDetector(200), System.nanoTime(), System.currentTimeMillis());
            return harness.listener.statuses().contains("stall ended");
        });
    }

    @Test
    void aFailedSendFailsAThrottledTaskInsteadOfLeavingItWaitingForAnAcknowledgementThatNeverComes() {
        harness.flushTimeoutMs(100).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3));
        harness.awaitSent(3);
        harness.producer.fail(1, new RecordTooLargeException("too large"));
        harness.awaitFailure();
    }

    @Test
    void stopsAtOnceWhileThrottled() {
        harness.flushTimeoutMs(100).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("a", 3));
        harness.awaitSent(3);
        harness.stopAndAwait();
    }
}

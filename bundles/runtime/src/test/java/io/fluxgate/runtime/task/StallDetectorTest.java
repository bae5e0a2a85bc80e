package io.fluxgate.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The stall rule on a fake clock: what a task's thread records, and what the watch concludes from it. */
class StallDetectorTest {

    private static final long TIMEOUT_MS = 60_000;
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final TaskProgress progress = new TaskProgress(clock::get);
    private final StallDetector detector = new StallDetector(TIMEOUT_MS);

    private void advanceSeconds(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private Stall stall() {
        return progress.stall(detector, clock.get());
    }

    @Test
    void aCallRunningLongerThanTheTimeoutIsAStallUntilItReturns() {
        progress.enter("poll()");
        advanceSeconds(59);
        assertNull(stall(), "not yet");
        advanceSeconds(1);
        Stall stall = stall();
        assertEquals("poll()", stall.call());
        assertEquals(clock.get() - TimeUnit.SECONDS.toNanos(60), stall.sinceNanos());

        progress.exit();
        progress.progressed();
        assertNull(stall(), "returned: no longer stalled");
    }

    @Test
    void anIdleTaskIsNeverStalled() {
        advanceSeconds(3_600);
        assertNull(stall(), "between calls, with nothing waiting");
        progress.waiting(0);
        advanceSeconds(3_600);
        assertNull(stall());
    }

    @Test
    void recordsWaitingWithNoPutAreAStallTimedFromWhenTheyArrived() {
        advanceSeconds(3_600); // idle for an hour: the stall must not count that hour
        progress.waiting(0);
        advanceSeconds(1);
        progress.waiting(1_234);
        long arrived = clock.get() - TimeUnit.SECONDS.toNanos(1);
        advanceSeconds(58);
        assertNull(stall());
        advanceSeconds(1);
        progress.waiting(1_300); // still waiting, more of them
        Stall stall = stall();
        assertNull(stall.call());
        assertEquals(1_300, stall.waitingRecords());
        assertEquals(arrived, stall.sinceNanos());

        progress.progressed(); // a put took records
        assertNull(stall());
    }

    @Test
    void aHungCallComesBeforeWaitingRecords() {
        progress.waiting(10);
        progress.enter("put()");
        advanceSeconds(61);
        assertEquals("put()", stall().call());
    }

    @Test
    void aRestartCountsFromNowAndForgetsWhatWaited() {
        progress.waiting(10);
        advanceSeconds(120);
        progress.restart(); // resumed after a pause
        assertNull(stall());
        advanceSeconds(120);
        assertNull(stall(), "nothing known to wait since the restart");
    }

    @Test
    void theSameStallIsReportedOnceAndANewOneAgain() {
        progress.enter("put()");
        advanceSeconds(61);
        Stall first = stall();
        advanceSeconds(10);
        assertTrue(first.sameAs(stall()), "the same hung call");
        progress.exit();
        progress.enter("put()");
        advanceSeconds(61);
        assertFalse(first.sameAs(stall()), "another hung call");
        assertFalse(first.sameAs(null));
    }

    @Test
    void theMessageSaysWhatIsStuckAndSinceWhen() {
        long since = Instant.parse("2026-12-07T14:03:12.345Z").toEpochMilli();
        assertEquals("Stalled: put() has not returned for over 60 s (fluxgate.task.stall.timeout.ms), since "
                + "2026-12-07T14:03:12Z", new Stall("put()", 0, 0).message(since, 60_000));
        assertEquals("Stalled: 1,234 records wait and no put() has taken any for over 1.5 s "
                + "(fluxgate.task.stall.timeout.ms), since 2026-12-07T14:03:12Z",
                new Stall(null, 0, 1_234).message(since, 1_500));
        assertTrue(new Stall(null, 0, 1).message(since, 1_500).startsWith("Stalled: 1 record waits and no put()"));
        assertTrue(new Stall("sending a polled batch (transformations, converters, producer.send())", 0, 0)
                .message(since, 60_000).startsWith("Stalled: sending a polled batch (transformations, converters, "
                        + "producer.send()) has not finished for over 60 s"));
    }
}

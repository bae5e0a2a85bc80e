package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.SourceTaskHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.testing.Await;

/**
 * What a task reports when the stall watch looks at it (the test plays the watch): a stall once when it begins, its
 * end once when the task makes progress again, and nothing while it is paused or stopping, so that a stall never
 * overwrites a pause or a shutdown (StalledTaskTest has a paused sink with records waiting).
 */
class WorkerTaskStallTest {

    private static final StallDetector DETECTOR = new StallDetector(200);
    private final SourceTaskHarness harness = new SourceTaskHarness();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopTask() {
        release.countDown();
        harness.close();
    }

    private void look(WorkerSourceTask task) {
        task.checkStall(DETECTOR, System.nanoTime(), System.currentTimeMillis());
    }

    private List<String> stallReports() {
        return harness.listener.statuses().stream().filter(s -> s.startsWith("stall")).toList();
    }

    private void awaitHungInPoll(WorkerSourceTask task) throws InterruptedException {
        Await.until("the task hangs in poll", WAIT, () -> harness.taskThreadIsIn("await"));
        Thread.sleep(300); // past the detector's 200 ms
    }

    @Test
    void aTaskHungInPollIsReportedStalledOnceThenNoLongerOnceItReturns() throws Exception {
        harness.plugin.willHangUntil(release);
        WorkerSourceTask task = harness.start();
        awaitHungInPoll(task);
        look(task);
        look(task);
        List<String> reports = stallReports();
        assertEquals(1, reports.size(), "reported once: " + reports);
        assertTrue(reports.get(0).startsWith("stalled: Stalled: poll() has not returned for over 0.2 s "
                + "(fluxgate.task.stall.timeout.ms), since "), reports.get(0));

        release.countDown();
        int polls = harness.plugin.polls();
        Await.until("the task polls again", WAIT, () -> harness.plugin.polls() > polls);
        look(task);
        look(task);
        assertEquals(List.of(reports.get(0), "stall ended"), stallReports());
    }

    @Test
    void aPausedOrStoppingTaskIsNotStalled() throws Exception {
        WorkerSourceTask task = harness.start();
        task.transitionTo(TargetState.PAUSED);
        Await.until("paused", WAIT, () -> harness.listener.has("paused"));
        Thread.sleep(300);
        look(task);
        task.transitionTo(TargetState.STARTED);
        harness.plugin.willHangUntil(release);
        Await.until("the task hangs in poll", WAIT, () -> harness.taskThreadIsIn("await"));
        Thread.sleep(300);
        task.stop(); // a stop does not end a hung poll: the task is stopping, not stalled
        look(task);
        assertEquals(List.of(), stallReports());
    }
}

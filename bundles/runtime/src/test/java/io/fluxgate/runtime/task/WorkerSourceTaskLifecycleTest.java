package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.SourceTaskHarness.WAIT;
import static io.fluxgate.runtime.task.SourceTaskHarness.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.testing.Await;

/**
 * A source task's lifecycle around its data: pausing and resuming, stopping while records are in flight (the final
 * commit waits for them, up to {@code offset.flush.timeout.ms}), and closing every part it owns.
 */
class WorkerSourceTaskLifecycleTest {

    private final SourceTaskHarness harness = new SourceTaskHarness();

    @AfterEach
    void stopTask() {
        harness.close();
    }

    @Test
    void aPausedTaskNeitherPollsNorSendsUntilResumed() {
        WorkerSourceTask task = harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);

        task.transitionTo(TargetState.PAUSED);
        Await.until("the task reported its pause", WAIT, () -> harness.listener.has("paused"));
        // WAITING (no timeout): parked until the target state changes, so nothing can be polled from here on
        Await.until("the task waits to be resumed", WAIT, () -> harness.taskThreadState() == Thread.State.WAITING);
        int polls = harness.plugin.polls();
        harness.plugin.willReturn(record("a", 2));
        assertEquals(Thread.State.WAITING, harness.taskThreadState());
        assertEquals(polls, harness.plugin.polls());
        assertEquals(1, harness.plugin.unpolled());

        task.transitionTo(TargetState.STARTED);
        harness.awaitSent(2);
        assertEquals(List.of("running", "paused", "resumed"), harness.listener.statuses());
        assertEquals(List.of("a1", "a2"), harness.producer.sentValues());
    }

    @Test
    void acknowledgementsDuringAPauseAreCommittedWhenThePausedTaskStops() {
        WorkerSourceTask task = harness.start();
        harness.plugin.willReturn(record("a", 1));
        harness.awaitSent(1);
        task.transitionTo(TargetState.PAUSED);
        Await.until("the task waits to be resumed", WAIT, () -> harness.taskThreadState() == Thread.State.WAITING);
        harness.producer.ack(0);

        harness.stopAndAwait();
        assertEquals(1L, harness.committedPosition("a"));
        assertEquals(List.of("running", "paused", "shutdown"), harness.listener.statuses());
    }

    @Test
    void aTaskCreatedPausedStartsThePluginOnlyOnceResumed() {
        WorkerSourceTask task = harness.createdPaused().start();
        Await.until("the task reported its pause", WAIT, () -> harness.listener.has("paused"));
        Await.until("the task waits to be resumed", WAIT, () -> harness.taskThreadState() == Thread.State.WAITING);
        assertFalse(harness.plugin.started);
        assertEquals(0, harness.plugin.polls());

        harness.plugin.willReturn(record("a", 1));
        task.transitionTo(TargetState.STARTED);
        harness.awaitSent(1);
        assertTrue(harness.plugin.started);
        assertEquals(List.of("paused", "running"), harness.listener.statuses());
    }

    @Test
    void stoppingWaitsForTheRecordsInFlightAndCommitsThem() {
        harness.start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("b", 1));
        harness.awaitSent(3);
        harness.producer.ack(1);

        harness.task().stop();
        Await.until("the task waits for its records in flight", WAIT,
                () -> harness.taskThreadIsIn("awaitAllMessages"));
        assertNull(harness.committedPosition("a"));
        harness.producer.ack(2);
        harness.producer.ack(0);
        assertTrue(harness.task().awaitStop(WAIT.toMillis()));

        assertEquals(2L, harness.committedPosition("a"));
        assertEquals(1L, harness.committedPosition("b"));
        assertEquals(1, harness.plugin.commits());
        assertEquals(List.of("running", "shutdown"), harness.listener.statuses());
    }

    @Test
    void theFinalCommitGivesUpOnRecordsNotAcknowledgedWithinTheFlushTimeout() {
        harness.flushTimeoutMs(400).start();
        harness.plugin.willReturn(record("a", 1), record("a", 2), record("b", 1));
        harness.awaitSent(3);
        harness.producer.ack(1);
        harness.producer.ack(2);

        long stopping = System.nanoTime();
        harness.stopAndAwait();
        long stoppedAfterMs = (System.nanoTime() - stopping) / 1_000_000;

        assertTrue(stoppedAfterMs >= 400, "waited the flush timeout for a1, stopped after " + stoppedAfterMs + " ms");
        assertNull(harness.committedPosition("a"), "a2 is acknowledged but a1 before it never was");
        assertEquals(1L, harness.committedPosition("b"));
        assertEquals(List.of("running", "shutdown"), harness.listener.statuses(), "a timeout is not a failure");
        harness.producer.ack(0); // too late: the producer is closed, nothing changes
        assertNull(harness.committedPosition("a"));
    }

    @Test
    void closesEveryPartItOwnsWhenStopped() {
        FunctionTransformation transformation = FunctionTransformation.rerouting("orders-v2");
        boolean[] topicCreatorClosed = new boolean[1];
        harness.transformations(transformation).topicCreator(new TopicCreator() {
            @Override
            public void ensureTopic(String topic) {
            }

            @Override
            public void close() {
                topicCreatorClosed[0] = true;
            }
        }).start();
        harness.stopAndAwait();

        assertTrue(harness.plugin.stopped);
        assertTrue(harness.producer.closed());
        assertTrue(transformation.closed);
        assertTrue(topicCreatorClosed[0]);
        ConnectException readAfterStop = assertThrows(ConnectException.class,
                () -> harness.plugin.committedOffset(SourceTaskHarness.partition("a")));
        assertTrue(readAfterStop.getMessage().startsWith("Offset reader is closed"));
    }

    @Test
    void aPluginThatFailsToStartFailsTheTaskAndIsStillStopped() {
        IllegalStateException error = new IllegalStateException("no such database");
        harness.plugin.startFailure = error;
        WorkerSourceTask task = harness.start();
        assertTrue(task.awaitStop(WAIT.toMillis()));

        assertEquals(error, harness.listener.failure());
        assertEquals(List.of("failed"), harness.listener.statuses());
        assertTrue(harness.plugin.stopped, "stop() is owed once start() was called, even if it threw");
        assertTrue(harness.producer.closed());
        assertEquals(0, harness.plugin.polls());
    }
}

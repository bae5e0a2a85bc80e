package io.fluxgate.runtime.task;

import static io.fluxgate.runtime.task.ScriptedConsumer.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.testing.RecordingStatusListener;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.ErrorReporter;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.errors.Stage;
import io.fluxgate.runtime.metrics.SinkTaskMetrics;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.transforms.TransformationChain;
import io.fluxgate.runtime.transforms.TransformationStage;

/**
 * The sink task's data plane against Kafka's in-memory consumer: what is put, what is committed and when, across
 * preCommit answers, asynchronous commits, rebalances, pauses, redeliveries and failures. Each test writes a script
 * of steps, one per poll (see {@link ScriptedConsumer}), and runs the task on the test's thread until a step stops it
 * or the task fails; assertions follow, on what the plugin, the consumer and the status listener saw.
 */
class WorkerSinkTaskTest {

    private static final ConnectorTaskId ID = new ConnectorTaskId("sink", 0);
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition NOT_SUBSCRIBED = new TopicPartition("refunds", 0);
    /** An interval or timeout no test reaches: commits happen when the script asks for them. */
    private static final long NEVER = Duration.ofHours(1).toMillis();
    /** A value the value converter refuses. */
    private static final String POISON = "poison";

    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private final ScriptedConsumer consumer = new ScriptedConsumer(timeline);
    private final SinkTaskMetrics sinkMetrics = SinkTaskMetrics.unreported(ID);
    private final RecordingSinkTask plugin = new RecordingSinkTask(timeline);
    private final RecordingStatusListener status = new RecordingStatusListener();
    private final Set<String> trackedTopics = new HashSet<>();
    private final List<ProcessingContext<ConsumerRecord<byte[], byte[]>>> reportedErrors = new ArrayList<>();
    private ErrorReporter<ConsumerRecord<byte[], byte[]>> errorReporter = context -> {
        reportedErrors.add(context);
        return ErrorReporter.done();
    };
    private Map<String, String> taskConfig = Map.of(SinkTask.TOPICS_CONFIG, TOPIC);
    private RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator = RetryWithToleranceOperator.none();
    private List<TransformationStage<SinkRecord>> transformations = List.of();
    private boolean withErrantRecordReporter;
    private long commitIntervalMs = NEVER;
    private long commitTimeoutMs = NEVER;
    private TargetState initialState = TargetState.STARTED;
    private WorkerSinkTask task;

    private WorkerSinkTask newTask() {
        StringConverter keys = new StrictStringConverter();
        keys.configure(Map.of(), true);
        StringConverter values = new StrictStringConverter();
        values.configure(Map.of(), false);
        RecordConversion conversion = new RecordConversion(keys, values, new SimpleHeaderConverter());
        operator.addReporter(errorReporter);
        TransformationChain<ConsumerRecord<byte[], byte[]>, SinkRecord> chain = new TransformationChain<>(
                transformations, operator);
        SinkErrantRecordReporter reporter = withErrantRecordReporter
                ? new SinkErrantRecordReporter(operator, conversion) : null;
        task = new WorkerSinkTask(ID, getClass().getClassLoader(), status, initialState, new WorkerSinkTask.Parts(
                plugin, taskConfig, conversion, chain, operator, consumer, reporter, null,
                sinkMetrics, commitIntervalMs, commitTimeoutMs));
        task.trackTopics(trackedTopics::add);
        return task;
    }

    /** Runs the task on this thread until the script stops it or it fails; a failed step fails the test. */
    private void run() {
        newTask().run();
        if (status.failure() instanceof AssertionError scriptFailure) {
            throw scriptFailure;
        }
    }

    private Thread runOnItsOwnThread() {
        Thread thread = new Thread(newTask(), "sink-task-under-test");
        thread.start();
        return thread;
    }

    private void requestCommit() {
        plugin.context().requestCommit();
    }

    private void stopTask() {
        task.stop();
    }

    private void failPuts(int times, Supplier<RuntimeException> failure) {
        AtomicInteger calls = new AtomicInteger();
        plugin.onPut = batch -> {
            if (calls.incrementAndGet() <= times) {
                throw failure.get();
            }
        };
    }

    private static OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset);
    }

    private static List<String> values(List<SinkRecord> records) {
        return records.stream().map(r -> (String) r.value()).toList();
    }

    @Nested
    class Delivery {

        @Test
        void putsEachRecordConvertedWithWhereItWasRead() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
                consumer.send(P0, 1, "c");
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of("initialize", "start", "open", "put"), timeline.subList(0, 4));
            assertEquals(taskConfig, plugin.startedWith);
            assertEquals(Set.of(P0, P1), Set.copyOf(plugin.opened.get(0)));
            assertEquals(1, plugin.puts.size(), "one poll, one batch");
            List<SinkRecord> batch = plugin.puts.get(0);
            assertEquals(Set.of("a", "b", "c"), Set.copyOf(values(batch)));
            assertTrue(values(batch).indexOf("a") < values(batch).indexOf("c"), "a partition's records in order");
            SinkRecord c = batch.stream().filter(r -> "c".equals(r.value())).findFirst().orElseThrow();
            assertEquals(TOPIC, c.topic());
            assertEquals(0, c.kafkaPartition());
            assertEquals(1L, c.kafkaOffset());
            assertEquals("k1", c.key());
            assertNull(c.timestamp(), "a record without timestamp has none");
            assertEquals(Set.of(TOPIC), trackedTopics);
        }

        @Test
        void commitsTheOffsetAfterTheLastRecordPutOfEachPartition() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                consumer.send(P1, 0, "c");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            Map<TopicPartition, OffsetAndMetadata> expected = Map.of(P0, at(2), P1, at(1));
            assertEquals(expected, plugin.flushes.get(0), "SinkTask's preCommit flushes what was put");
            assertEquals(List.of(expected), consumer.asyncCommits());
            assertEquals(2L, consumer.committedOffset(P0));
            assertEquals(1L, consumer.committedOffset(P1));
            assertEquals(3.0, sinkMetrics.value("sink-record-read-total"));
            assertEquals(3.0, sinkMetrics.value("sink-record-send-total"));
            assertEquals(2.0, sinkMetrics.value("partition-count"));
            assertTrue(sinkMetrics.value("offset-commit-completion-total") >= 1.0);
            assertTrue(timeline.indexOf("put") < timeline.indexOf("preCommit"));
            assertTrue(timeline.indexOf("preCommit") < timeline.indexOf("commitAsync"));
        }

        @Test
        void commitsOnTheIntervalWithoutBeingAsked() {
            commitIntervalMs = 0;
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
            }).then(() -> { }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of(Map.of(P0, at(2))), consumer.asyncCommits(),
                    "committed once: later intervals had nothing new");
        }

        @Test
        void theOffsetsOfABatchNotYetPutAreNotCommitted() {
            failPuts(2, () -> new RetriableException("busy"));
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                requestCommit();
            }).then(() -> { }).then(WorkerSinkTaskTest.this::requestCommit)
                    .then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(Map.of(P0, at(0)), plugin.preCommits.get(0), "asked while the batch was not yet put");
            assertEquals(List.of(Map.of(P0, at(2))), consumer.asyncCommits(), "committed only once it was put");
            assertEquals(List.of("a", "b", "a", "b", "a", "b"), plugin.valuesPut());
        }

        @Test
        void aRecordATransformationDropsIsNotPutButItsOffsetIsCommitted() {
            transformations = List.of(new TransformationStage<>(new DropValue("drop"), getClass().getClassLoader(),
                    null, null, false));
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "drop");
                consumer.send(P0, 2, "c");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of("a", "c"), plugin.valuesPut());
            assertEquals(List.of(Map.of(P0, at(3))), consumer.asyncCommits());
        }
    }

    @Nested
    class PreCommit {

        @Test
        void partitionsPreCommitLeavesOutKeepTheirLastCommittedOffset() {
            plugin.preCommitAnswers.add(offsets -> Map.of(P0, offsets.get(P0)));
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                consumer.send(P1, 0, "c");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(Map.of(P0, at(2), P1, at(1)), plugin.preCommits.get(0));
            assertEquals(List.of(Map.of(P0, at(2), P1, at(0))), consumer.asyncCommits());
            assertEquals(List.of(Map.of(P0, at(2), P1, at(1))), consumer.syncCommits(),
                    "on stop SinkTask's own preCommit returns P1 too");
        }

        @Test
        void commitsTheLowerOffsetPreCommitReturnsWithItsMetadata() {
            plugin.preCommitAnswers.add(offsets -> Map.of(P0, new OffsetAndMetadata(1, "written up to a")));
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                consumer.send(P0, 2, "c");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::requestCommit).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of(Map.of(P0, new OffsetAndMetadata(1, "written up to a")), Map.of(P0, at(3))),
                    consumer.asyncCommits());
        }

        @Test
        void ignoresOffsetsNotYetConsumedAndOffsetsOfPartitionsNotAssigned() {
            plugin.preCommitAnswers.add(offsets -> Map.of(P0, at(10), P1, at(1), NOT_SUBSCRIBED, at(5)));
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(Map.of(P0, at(0), P1, at(1)), consumer.asyncCommits().get(0),
                    "P0 stays where it was: offset 10 was never consumed; refunds-0 is not this task's");
            assertNull(consumer.committedOffset(NOT_SUBSCRIBED));
        }

        @Test
        void anEmptyOrNullAnswerCommitsNothingAndLaterCommitsStillHappen() {
            plugin.preCommitAnswers.add(offsets -> Map.of());
            plugin.preCommitAnswers.add(offsets -> null);
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::requestCommit).then(WorkerSinkTaskTest.this::requestCommit)
                    .then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertTrue(plugin.preCommits.size() >= 3);
            assertEquals(List.of(Map.of(P0, at(2))), consumer.asyncCommits(),
                    "the opted-out commits neither committed nor left a commit in flight");
            assertEquals(List.of(), consumer.syncCommits());
        }

        @Test
        void aPreCommitFailureRewindsToTheLastCommittedOffsets() {
            AtomicLong positionAfterFailure = new AtomicLong(-1);
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                requestCommit();
            }).then(() -> {
                consumer.send(P0, 2, "c");
                consumer.send(P0, 3, "d");
                plugin.preCommitAnswers.add(offsets -> {
                    throw new IllegalStateException("flush failed");
                });
                requestCommit();
            }).then(() -> {
                positionAfterFailure.set(consumer.position(P0));
                consumer.send(P0, 2, "c"); // consumed again from where the group is
                consumer.send(P0, 3, "d");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(2, positionAfterFailure.get());
            assertEquals(List.of(Map.of(P0, at(2)), Map.of(P0, at(4))), consumer.asyncCommits());
            assertEquals(List.of("a", "b", "c", "d", "c", "d"), plugin.valuesPut());
            assertNull(status.failure(), "a failed commit does not fail the task");
        }
    }

    @Nested
    class AsynchronousCommits {

        /** Two commits in flight: commit 0 for offset 2, commit 1 for offset 4 (a timeout of 0 lets both start). */
        private void twoCommitsInFlight() {
            commitTimeoutMs = 0;
            consumer.holdAsyncCommits();
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                requestCommit();
            }).then(() -> {
                consumer.send(P0, 2, "c");
                consumer.send(P0, 3, "d");
                requestCommit();
            });
        }

        @Test
        void aLateCallbackOfAnEarlierCommitDoesNotRollTheCommittedOffsetsBack() {
            AtomicLong positionAfterRewind = new AtomicLong(-1);
            twoCommitsInFlight();
            consumer.then(() -> {
                consumer.completeHeldCommit(1, null);
                consumer.completeHeldCommit(0, null); // arrives last
                requestCommit();
            }).then(() -> {
                plugin.preCommitAnswers.add(offsets -> {
                    throw new IllegalStateException("rewind to the last committed offsets");
                });
                requestCommit();
            }).then(() -> {
                positionAfterRewind.set(consumer.position(P0));
                task.stop();
            });
            run();

            assertEquals(List.of(Map.of(P0, at(2)), Map.of(P0, at(4))), consumer.asyncCommits(),
                    "4 is known committed: nothing to commit again");
            assertEquals(4, positionAfterRewind.get(), "rewound to 4, not to the late 2");
            assertEquals(List.of(), consumer.syncCommits());
        }

        @Test
        void aLateFailureOfAnEarlierCommitIsIgnored() {
            twoCommitsInFlight();
            consumer.then(() -> {
                consumer.completeHeldCommit(1, null);
                consumer.completeHeldCommit(0, new CommitFailedException("late"));
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(2, consumer.asyncCommits().size(), "4 is known committed: nothing to commit again");
            assertEquals(List.of(), consumer.syncCommits());
            assertNull(status.failure());
        }

        @Test
        void aFailedCommitIsRetriedWithTheSameOffsets() {
            consumer.failNextAsyncCommit(new CommitFailedException("rebalance in progress"));
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::requestCommit).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of(Map.of(P0, at(2)), Map.of(P0, at(2))), consumer.asyncCommits());
            assertEquals(2L, consumer.committedOffset(P0));
            assertNull(status.failure());
        }

        @Test
        void noCommitStartsWhileOneIsInFlight() {
            AtomicInteger commitsWhileInFlight = new AtomicInteger(-1);
            consumer.holdAsyncCommits();
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                requestCommit();
            }).then(() -> {
                consumer.send(P0, 2, "c");
                requestCommit();
            }).then(() -> {
                commitsWhileInFlight.set(consumer.asyncCommits().size());
                consumer.completeHeldCommit(0, null);
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(1, commitsWhileInFlight.get());
            assertEquals(List.of(Map.of(P0, at(2)), Map.of(P0, at(3))), consumer.asyncCommits(),
                    "the request made meanwhile is served once the first commit completed");
        }
    }

    /**
     * The final commit as a task stops: the herder stops waiting for it after a second (cancel: its status is no
     * longer reported), but a task that is only slow still commits what it put; one given up after
     * {@code task.shutdown.graceful.timeout.ms} does not, as in Apache.
     */
    @Nested
    class FinalCommit {

        private void putThenStopWith(Runnable herderSide) {
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
            }).then(() -> {
                stopTask();
                herderSide.run();
            });
            run();
        }

        @Test
        void aTaskTheHerderStoppedWaitingForStillCommitsWhatItPut() {
            putThenStopWith(() -> task.cancel());
            assertEquals(List.of(Map.of(P0, at(2))), consumer.syncCommits());
        }

        @Test
        void aTaskGivenUpAfterTheGracefulTimeoutCommitsNothing() {
            putThenStopWith(() -> task.giveUp());
            assertEquals(List.of(), consumer.syncCommits());
        }

        /**
         * A real consumer of a task hung in put() stays in its group until max.poll.interval.ms: the successor got no
         * partitions for 5 minutes and was RUNNING, idle, not seen stalled (ClusterBulkheadTest, a hung sink
         * restarted).
         */
        @Test
        void aTaskGivenUpWhileHungInPutLeavesItsGroupWithoutRunningPluginCode() throws Exception {
            CountDownLatch inPut = new CountDownLatch(1);
            CountDownLatch released = new CountDownLatch(1);
            plugin.onPut = batch -> {
                if (!batch.isEmpty()) {
                    inPut.countDown();
                    awaitUninterruptibly(released);
                }
            };
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
            });
            Thread thread = runOnItsOwnThread();
            assertTrue(inPut.await(10, TimeUnit.SECONDS));
            stopTask();
            task.cancel();
            Thread.sleep(200);
            assertFalse(consumer.closedByTask(), "only cancelled: a task merely slow may still commit");

            task.giveUp();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!consumer.closedByTask() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(consumer.closedByTask(), "the consumer left the group while the task is still in put()");
            assertTrue(thread.isAlive(), "still in put()");
            List<String> afterPut = timeline.subList(timeline.lastIndexOf("put"), timeline.size());
            assertEquals(List.of("put", "consumer.close"), List.copyOf(afterPut),
                    "no flush, preCommit or close(partitions) of the hung plugin on the closing thread");

            released.countDown();
            thread.join(10_000);
            assertFalse(thread.isAlive(), "the task's thread ends once put() returns");
            assertEquals(List.of(), consumer.syncCommits());
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            while (true) {
                try {
                    latch.await();
                    return;
                } catch (InterruptedException deaf) {
                    // as a hung plugin
                }
            }
        }
    }

    @Nested
    class Rebalances {

        @Test
        void revokedPartitionsAreFlushedClosedAndCommittedAlone() {
            plugin.preCommitAnswers.add(offsets -> Map.of(P0, at(1), P1, at(1)));
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 1, "c");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(Map.of(P1, at(1)), plugin.preCommits.get(0), "asked about the revoked partition only");
            assertEquals(List.of(P1), plugin.closed.get(0));
            assertEquals(Map.of(P1, at(1)), consumer.syncCommits().get(0),
                    "P0, assigned but not revoked, is left to the next commit");
            assertTrue(timeline.indexOf("close") < timeline.indexOf("commitSync"));
            assertEquals(List.of(Map.of(P0, at(2))), consumer.asyncCommits(), "P1 is no longer committed");
            assertEquals(List.of("a", "b", "c"), plugin.valuesPut());
        }

        @Test
        void revokingAPartitionDropsItsRecordsAwaitingRedelivery() {
            AtomicReference<Set<TopicPartition>> pausedAfter = new AtomicReference<>();
            failPuts(1, () -> new RetriableException("busy"));
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> consumer.rebalanceTo(P0)).then(() -> {
                pausedAfter.set(consumer.pausedAssigned());
                task.stop();
            });
            run();

            assertEquals(Set.of("a", "b"), Set.copyOf(values(plugin.puts.get(0))));
            assertEquals(List.of("a"), values(plugin.puts.get(1)), "b went with its partition");
            assertNull(consumer.committedOffset(P1), "nothing of P1 was put: nothing to commit");
            assertEquals(Set.of(), pausedAfter.get(), "resumed once the rest of the batch was put");
        }

        @Test
        void aRecordRoutedToAnotherTopicIsStillDroppedWithItsRevokedPartition() {
            RegexRouter<SinkRecord> router = new RegexRouter<>();
            router.configure(Map.of("regex", "(.*)", "replacement", "routed-$1"));
            transformations = List.of(new TransformationStage<>(router, getClass().getClassLoader(), null, null,
                    false));
            failPuts(1, () -> new RetriableException("busy"));
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> consumer.rebalanceTo(P0)).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of("a"), values(plugin.puts.get(1)));
            assertEquals("routed-" + TOPIC, plugin.puts.get(1).get(0).topic());
        }

        @Test
        void lostPartitionsAreClosedWithoutCommittingAndStartOverWhenAssignedAgain() {
            AtomicInteger preCommitsWhenLost = new AtomicInteger(-1);
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> consumer.lose(P1)).then(() -> {
                preCommitsWhenLost.set(plugin.preCommits.size());
                consumer.rebalanceTo(P0, P1);
                consumer.send(P1, 0, "b");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of(P1), plugin.closed.get(0));
            assertEquals(0, preCommitsWhenLost.get(), "a lost partition is not another's to commit for");
            assertEquals(List.of(), consumer.syncCommits());
            assertEquals(List.of(P1), plugin.opened.get(1));
            assertEquals(List.of("a", "b", "b"), plugin.valuesPut());
            assertEquals(List.of(Map.of(P0, at(1), P1, at(1))), consumer.asyncCommits());
        }

        @Test
        void anAssignedPartitionStartsFromItsCommittedOffset() {
            AtomicLong positionAtOpen = new AtomicLong(-1);
            plugin.onOpen = partitions -> positionAtOpen.set(consumer.position(P0));
            consumer.then(() -> {
                consumer.seedCommitted(P0, 5);
                consumer.rebalanceTo(P0);
                consumer.send(P0, 3, "already committed");
                consumer.send(P0, 5, "x");
                consumer.send(P0, 6, "y");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(5, positionAtOpen.get());
            assertEquals(List.of("x", "y"), plugin.valuesPut());
            assertEquals(List.of(Map.of(P0, at(7))), consumer.asyncCommits());
        }

        @Test
        void aRewindAskedInOpenIsAppliedOnceThePartitionIsOpen() {
            plugin.onOpen = partitions -> plugin.context().offset(P0, 2);
            consumer.then(() -> {
                consumer.seedCommitted(P0, 5);
                consumer.rebalanceTo(P0);
                consumer.send(P0, 2, "c");
                consumer.send(P0, 3, "d");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of("c", "d"), plugin.valuesPut());
            assertEquals(List.of(Map.of(P0, at(4))), consumer.asyncCommits());
        }

        @Test
        void aRewindAskedInPutIsAppliedBeforeTheNextPoll() {
            AtomicInteger puts = new AtomicInteger();
            plugin.onPut = batch -> {
                if (puts.incrementAndGet() == 1) {
                    plugin.context().offset(P0, 0);
                }
            };
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
            }).then(() -> {
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of("a", "b", "a", "b"), plugin.valuesPut());
            assertEquals(List.of(Map.of(P0, at(2))), consumer.asyncCommits());
        }

        @Test
        void aFailureToOpenFailsTheTask() {
            IllegalStateException failure = new IllegalStateException("cannot open");
            plugin.onOpen = partitions -> {
                throw failure;
            };
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
            });
            run();

            assertSame(failure, status.failure());
            assertEquals(List.of(), plugin.puts);
            assertTrue(timeline.contains("stop"));
            assertTrue(consumer.closedByTask());
        }

        @Test
        void aFailureToCloseARevokedPartitionFailsTheTask() {
            IllegalStateException failure = new IllegalStateException("cannot close");
            AtomicInteger closes = new AtomicInteger();
            plugin.onClose = partitions -> {
                if (closes.incrementAndGet() == 1) {
                    throw failure;
                }
            };
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> consumer.rebalanceTo(P0));
            run();

            assertSame(failure, status.failure());
            assertEquals(List.of(P1), plugin.closed.get(0));
            assertEquals(Map.of(P1, at(1)), plugin.preCommits.get(0), "flushed before it was closed");
            assertTrue(timeline.contains("stop"));
        }

        @Test
        void aFailedCommitOfRevokedPartitionsDoesNotFailTheTask() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> {
                consumer.failNextSyncCommit(new CommitFailedException("generation changed"));
                consumer.rebalanceTo(P0);
                consumer.send(P0, 1, "c");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertNull(status.failure());
            assertEquals(List.of(P1), plugin.closed.get(0));
            assertNull(consumer.committedOffset(P1));
            assertEquals(List.of(Map.of(P0, at(2))), consumer.asyncCommits(), "the task went on");
        }
    }

    @Nested
    class TargetStates {

        @Test
        void pausingPausesEveryPartitionAndCommitsUntilResumed() {
            AtomicReference<Set<TopicPartition>> pausedWhilePaused = new AtomicReference<>();
            AtomicReference<List<String>> putWhilePaused = new AtomicReference<>();
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> task.transitionTo(TargetState.PAUSED)).then(() -> {
                pausedWhilePaused.set(consumer.pausedAssigned());
                consumer.send(P0, 1, "c");
            }).then(() -> {
                putWhilePaused.set(plugin.valuesPut());
                task.transitionTo(TargetState.STARTED);
            }).then(() -> { }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(Set.of(P0, P1), pausedWhilePaused.get());
            assertEquals(List.of(Map.of(P0, at(1), P1, at(1))), consumer.asyncCommits(), "a pause commits");
            assertEquals(Set.of("a", "b"), Set.copyOf(putWhilePaused.get()));
            assertEquals("c", plugin.valuesPut().get(2));
            assertEquals(List.of("running", "paused", "resumed", "shutdown"), status.statuses());
        }

        @Test
        void aPartitionTheTaskPausedStaysPausedWhenTheConnectorResumes() {
            AtomicReference<Set<TopicPartition>> pausedAfterResume = new AtomicReference<>();
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                plugin.context().pause(P1);
            }).then(() -> task.transitionTo(TargetState.PAUSED))
                    .then(() -> task.transitionTo(TargetState.STARTED)).then(() -> {
                        pausedAfterResume.set(consumer.pausedAssigned());
                        task.stop();
                    });
            run();

            assertEquals(Set.of(P1), pausedAfterResume.get());
        }

        @Test
        void aPartitionTheTaskResumesWhileTheConnectorIsPausedWaitsForTheConnector() {
            AtomicReference<Set<TopicPartition>> pausedAfterTaskResume = new AtomicReference<>();
            AtomicReference<Set<TopicPartition>> pausedAfterConnectorResume = new AtomicReference<>();
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                plugin.context().pause(P1);
            }).then(() -> task.transitionTo(TargetState.PAUSED)).then(() -> {
                plugin.context().resume(P1);
                pausedAfterTaskResume.set(consumer.pausedAssigned());
                task.transitionTo(TargetState.STARTED);
            }).then(() -> {
                pausedAfterConnectorResume.set(consumer.pausedAssigned());
                task.stop();
            });
            run();

            assertEquals(Set.of(P0, P1), pausedAfterTaskResume.get());
            assertEquals(Set.of(), pausedAfterConnectorResume.get());
        }

        @Test
        void aTaskCreatedPausedStartsThePluginOnlyOnceResumed() {
            initialState = TargetState.PAUSED;
            consumer.then(WorkerSinkTaskTest.this::stopTask);
            runOnItsOwnThread();
            Await.until("the task reports itself paused", Duration.ofSeconds(10),
                    () -> status.statuses().contains("paused"));
            assertFalse(timeline.contains("start"), "not started while paused");

            task.transitionTo(TargetState.STARTED);
            assertTrue(task.awaitStop(10_000));
            List<String> statuses = status.statuses();
            assertEquals(List.of("paused", "running"), statuses.subList(0, 2));
            assertEquals("shutdown", statuses.get(statuses.size() - 1));
            assertEquals(List.of("initialize", "start"), timeline.subList(0, 2));
        }

        @Test
        void stoppingATaskCreatedPausedNeverStartsThePlugin() {
            initialState = TargetState.PAUSED;
            runOnItsOwnThread();
            Await.until("the task reports itself paused", Duration.ofSeconds(10),
                    () -> status.statuses().contains("paused"));

            task.stop();
            assertTrue(task.awaitStop(10_000));
            assertEquals(List.of("paused", "shutdown"), status.statuses());
            assertEquals(List.of("consumer.close"), timeline, "never initialized, started nor stopped");
            assertEquals(Set.of(), consumer.subscription());
        }
    }

    @Nested
    class Redelivery {

        @Test
        void aRetriableFailureRedeliversTheSameBatchWithEveryPartitionPaused() {
            AtomicReference<Set<TopicPartition>> pausedWhileRetrying = new AtomicReference<>();
            AtomicReference<Set<TopicPartition>> pausedOncePut = new AtomicReference<>();
            AtomicInteger puts = new AtomicInteger();
            plugin.onPut = batch -> {
                if (puts.incrementAndGet() == 1) {
                    plugin.context().timeout(250);
                    throw new RetriableException("busy");
                }
            };
            consumer.then(() -> {
                consumer.rebalanceTo(P0, P1);
                consumer.send(P0, 0, "a");
                consumer.send(P1, 0, "b");
            }).then(() -> {
                pausedWhileRetrying.set(consumer.pausedAssigned());
                consumer.send(P0, 1, "c");
            }).then(() -> pausedOncePut.set(consumer.pausedAssigned()))
                    .then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(Set.of(P0, P1), pausedWhileRetrying.get());
            assertEquals(3, plugin.puts.size());
            assertEquals(plugin.puts.get(0), plugin.puts.get(1), "the same batch again");
            assertEquals(List.of("c"), values(plugin.puts.get(2)), "new records only once the batch was put");
            assertEquals(Set.of(), pausedOncePut.get());
            assertEquals(Duration.ofMillis(250), consumer.pollTimeouts().get(1), "the task's retry timeout");
            assertTrue(consumer.pollTimeouts().get(2).toMillis() > 250, "a retry timeout is used once");
        }

        /**
         * A put that fails twice, the connector paused then resumed while the batch awaits redelivery; the returned
         * sets are the paused partitions after the resume and once the batch was put.
         */
        private List<AtomicReference<Set<TopicPartition>>> resumedWhileABatchAwaitsRedelivery() {
            AtomicReference<Set<TopicPartition>> pausedAfterResume = new AtomicReference<>();
            AtomicReference<Set<TopicPartition>> pausedOncePut = new AtomicReference<>();
            failPuts(2, () -> new RetriableException("busy"));
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
            }).then(() -> task.transitionTo(TargetState.PAUSED))
                    .then(() -> task.transitionTo(TargetState.STARTED))
                    .then(() -> pausedAfterResume.set(consumer.pausedAssigned()))
                    .then(() -> { })
                    .then(() -> {
                        pausedOncePut.set(consumer.pausedAssigned());
                        task.stop();
                    });
            run();
            return List.of(pausedAfterResume, pausedOncePut);
        }

        @Test
        void aConnectorResumedWhileABatchAwaitsRedeliveryKeepsItsPartitionsPausedUntilPut() {
            List<AtomicReference<Set<TopicPartition>>> paused = resumedWhileABatchAwaitsRedelivery();

            assertEquals(Set.of(P0), paused.get(0).get());
            assertEquals(Set.of(), paused.get(1).get());
            assertEquals(List.of("a", "a", "a"), plugin.valuesPut());
        }

        @Test
        void aTaskResumedWhileABatchAwaitsRedeliveryReportsItselfRunningAgain() {
            resumedWhileABatchAwaitsRedelivery();

            List<String> statuses = status.statuses();
            assertTrue(statuses.lastIndexOf("resumed") > statuses.lastIndexOf("paused"),
                    "the connector was resumed and the task runs, but its status says " + statuses);
        }
    }

    @Nested
    class ErrorTolerance {

        @Test
        void toleranceNoneFailsTheTaskOnAnUnconvertibleRecordWithoutCommittingIt() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, POISON);
            });
            run();

            assertEquals("Tolerance exceeded in error handler", status.failure().getMessage());
            assertEquals(List.of(), plugin.puts);
            assertNull(consumer.committedOffset(P0));
            assertTrue(timeline.contains("stop"));
        }

        @Test
        void toleranceAllSkipsAnUnconvertibleRecordReportsItAndCommitsPastIt() {
            operator = new RetryWithToleranceOperator<>(0, 0, ToleranceType.ALL);
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, POISON);
                consumer.send(P0, 2, "c");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of("a", "c"), plugin.valuesPut());
            assertEquals(1, reportedErrors.size());
            assertEquals(Stage.VALUE_CONVERTER, reportedErrors.get(0).stage());
            assertEquals(1, reportedErrors.get(0).original().offset());
            assertEquals(List.of(Map.of(P0, at(3))), consumer.asyncCommits());
        }

        @Test
        void aRecordTheTaskReportsAsErrantIsReportedAsItWasConsumed() {
            operator = new RetryWithToleranceOperator<>(0, 0, ToleranceType.ALL);
            withErrantRecordReporter = true;
            plugin.onPut = batch -> batch.stream().filter(r -> "bad".equals(r.value())).forEach(r ->
                    plugin.context().errantRecordReporter().report(r, new DataException("rejected")));
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "bad");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(1, reportedErrors.size());
            ProcessingContext<ConsumerRecord<byte[], byte[]>> report = reportedErrors.get(0);
            assertEquals(Stage.TASK_PUT, report.stage());
            assertEquals("rejected", report.error().getMessage());
            assertEquals(1, report.original().offset());
            assertEquals("bad", new String(report.original().value()));
            assertEquals(List.of(Map.of(P0, at(2))), consumer.asyncCommits());
        }

        @Test
        void anErrantRecordReportThatFailedFailsTheTaskInsteadOfCommitting() {
            operator = new RetryWithToleranceOperator<>(0, 0, ToleranceType.ALL);
            withErrantRecordReporter = true;
            errorReporter = context -> CompletableFuture.failedFuture(new IllegalStateException("DLQ down"));
            plugin.onPut = batch -> batch.forEach(r ->
                    plugin.context().errantRecordReporter().report(r, new DataException("rejected")));
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "bad");
                requestCommit();
            });
            run();

            assertEquals("Failed to report an errant record", status.failure().getMessage());
            assertEquals(List.of(), consumer.asyncCommits());
        }

        @Test
        void aToleranceFailureTheTaskSwallowsStillFailsTheTask() {
            withErrantRecordReporter = true; // errors.tolerance=none with errors.log.enable=true
            plugin.onPut = batch -> batch.forEach(r -> {
                try {
                    plugin.context().errantRecordReporter().report(r, new DataException("rejected"));
                } catch (ConnectException swallowed) {
                    // a careless task: Kafka Connect fails it anyway once put returns
                }
            });
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "bad");
                requestCommit();
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertNotNull(status.failure(), "errors.tolerance=none: an errant record fails the task");
            assertNull(consumer.committedOffset(P0), "and the errant record is not committed as done");
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void stopCommitsWhatWasPutClosesThePartitionsThenStopsThePluginAndClosesTheConsumer() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
            }).then(WorkerSinkTaskTest.this::stopTask);
            run();

            assertEquals(List.of("initialize", "start", "open", "put", "preCommit", "flush", "close", "commitSync",
                    "stop", "consumer.close"), timeline,
                    "the revocation of a consumer leaving its group after stop() reaches no plugin");
            assertEquals(List.of(Map.of(P0, at(1))), consumer.syncCommits());
            assertEquals(List.of("running", "shutdown"), status.statuses());
        }

        @Test
        void aWakeupDuringTheFinalCommitStillCommits() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
                consumer.send(P0, 1, "b");
            }).then(() -> {
                consumer.failNextSyncCommit(new WakeupException());
                task.stop();
            });
            run();

            assertEquals(List.of(Map.of(P0, at(2)), Map.of(P0, at(2))), consumer.syncCommits());
            assertEquals(2L, consumer.committedOffset(P0));
            assertEquals(List.of("running", "shutdown"), status.statuses());
        }

        @Test
        void aFailingPutFailsTheTaskHavingCommittedOnlyTheBatchesPutBefore() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
            }).then(() -> {
                failPuts(1, () -> new IllegalStateException("disk full"));
                consumer.send(P0, 1, "b");
            });
            run();

            Throwable failure = status.failure();
            assertEquals("Exiting WorkerSinkTask due to unrecoverable exception.", failure.getMessage());
            assertEquals("disk full", failure.getCause().getMessage());
            assertEquals(List.of(Map.of(P0, at(1))), consumer.syncCommits());
            List<String> last = timeline.subList(timeline.size() - 4, timeline.size());
            assertEquals(List.of("close", "commitSync", "stop", "consumer.close"), last);
        }

        @Test
        void theCauseOfAFailureSurvivesAFailureToCloseThePartitions() {
            consumer.then(() -> {
                consumer.rebalanceTo(P0);
                consumer.send(P0, 0, "a");
            }).then(() -> {
                failPuts(1, () -> new IllegalStateException("disk full"));
                plugin.onClose = partitions -> {
                    throw new IllegalStateException("cannot close either");
                };
                consumer.send(P0, 1, "b");
            });
            run();

            List<String> causes = new ArrayList<>();
            for (Throwable t = status.failure(); t != null; t = t.getCause()) {
                causes.add(t.getMessage());
            }
            assertTrue(causes.contains("disk full"), "the task's status must say why it failed, not " + causes);
        }

        @Test
        void withoutTopicsTheTaskFailsBeforeThePluginStarts() {
            taskConfig = Map.of();
            run();

            assertTrue(status.failure() instanceof ConnectException);
            assertTrue(status.failure().getMessage().contains(SinkTask.TOPICS_CONFIG));
            assertEquals(List.of("consumer.close"), timeline, "neither started nor stopped");
        }

        @Test
        void subscribesToTheListedTopicsOnce() {
            AtomicReference<Set<String>> subscription = new AtomicReference<>();
            taskConfig = Map.of(SinkTask.TOPICS_CONFIG, " orders, refunds ,orders,");
            consumer.then(() -> {
                subscription.set(Set.copyOf(consumer.subscription()));
                task.stop();
            });
            run();

            assertEquals(Set.of("orders", "refunds"), subscription.get());
        }

        @Test
        void subscribesToTheTopicsMatchingTheRegex() {
            AtomicReference<Set<String>> subscription = new AtomicReference<>();
            taskConfig = Map.of(SinkTask.TOPICS_REGEX_CONFIG, "ord.*");
            consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
            consumer.updatePartitions("refunds", List.of(new PartitionInfo("refunds", 0, null, null, null)));
            consumer.then(() -> {
                subscription.set(Set.copyOf(consumer.subscription()));
                task.stop();
            });
            run();

            assertEquals(Set.of(TOPIC), subscription.get());
        }
    }

    /** Values as strings, except {@value #POISON}, which no converter can read. */
    private static final class StrictStringConverter extends StringConverter {
        @Override
        public SchemaAndValue toConnectData(String topic, byte[] value) {
            if (value != null && POISON.equals(new String(value))) {
                throw new DataException("unreadable value");
            }
            return super.toConnectData(topic, value);
        }
    }

    /** Drops the records with one value, as a Filter transformation with a predicate would. */
    private static final class DropValue implements Transformation<SinkRecord> {
        private final String dropped;

        DropValue(String dropped) {
            this.dropped = dropped;
        }

        @Override
        public SinkRecord apply(SinkRecord record) {
            return dropped.equals(record.value()) ? null : record;
        }

        @Override
        public ConfigDef config() {
            return new ConfigDef();
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }
}

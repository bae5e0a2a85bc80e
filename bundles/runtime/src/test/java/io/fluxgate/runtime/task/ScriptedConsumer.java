package io.fluxgate.runtime.task;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's in-memory {@link MockConsumer}, driven by a script: each poll first plays the next step on the polling
 * thread, where a real consumer runs its rebalance callbacks and commit callbacks, so a test drives a sink task one
 * iteration at a time without a broker, threads or sleeps.
 * <p>
 * What MockConsumer does not model is added here: asynchronous commits that can be held back and completed later,
 * in any order, or fail; a synchronous commit that fails once; lost partitions (KIP-429); and a close that revokes
 * the assignment, as a real consumer leaving its group does. Closing only records the fact, so that positions and
 * commits can still be read once the task is done.
 */
final class ScriptedConsumer extends MockConsumer<byte[], byte[]> {

    static final String TOPIC = "orders";
    /** Polls without a step before the script is deemed to have forgotten to stop the task. */
    private static final int IDLE_POLLS_ALLOWED = 100;

    private final List<String> timeline;
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private final List<Duration> pollTimeouts = new ArrayList<>();
    private final List<Map<TopicPartition, OffsetAndMetadata>> asyncCommits = new ArrayList<>();
    private final List<Map<TopicPartition, OffsetAndMetadata>> syncCommits = new ArrayList<>();
    private final List<HeldCommit> heldCommits = new ArrayList<>();
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private ConsumerRebalanceListener listener;
    private boolean holdAsyncCommits;
    private RuntimeException nextAsyncCommitFailure;
    private RuntimeException nextSyncCommitFailure;
    private boolean losing;
    private boolean closedByTask;
    private int idlePolls;

    ScriptedConsumer(List<String> timeline) {
        super("earliest");
        this.timeline = timeline;
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (int partition = 0; partition < 3; partition++) {
            beginnings.put(new TopicPartition(TOPIC, partition), 0L);
        }
        updateBeginningOffsets(beginnings);
    }

    /** Adds the next step of the script: it runs at the start of the next poll that has no earlier step left. */
    ScriptedConsumer then(Runnable step) {
        steps.add(step);
        return this;
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        pollTimeouts.add(timeout);
        Runnable step = steps.poll();
        if (step != null) {
            step.run();
        } else if (++idlePolls > IDLE_POLLS_ALLOWED) {
            throw new AssertionError("the script ended but the task is still polling: stop it in the last step");
        }
        return super.poll(timeout);
    }

    // -- group membership

    @Override
    public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        this.listener = listener;
        super.subscribe(topics, relay);
    }

    @Override
    public synchronized void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        this.listener = listener;
        super.subscribe(pattern, relay);
    }

    /** The group gives this consumer exactly these partitions: the others are revoked, the new ones assigned. */
    void rebalanceTo(TopicPartition... partitions) {
        rebalance(List.of(partitions));
    }

    /** These partitions are lost (the member fell out of the group): no revocation, so nothing may be committed. */
    void lose(TopicPartition... partitions) {
        List<TopicPartition> kept = new ArrayList<>(assignment());
        kept.removeAll(List.of(partitions));
        losing = true;
        try {
            rebalance(kept);
        } finally {
            losing = false;
        }
    }

    /** Reports MockConsumer's revocations as losses while {@link #lose} runs. */
    private final ConsumerRebalanceListener relay = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (losing) {
                listener.onPartitionsLost(partitions);
            } else {
                listener.onPartitionsRevoked(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            listener.onPartitionsAssigned(partitions);
        }
    };

    /** A record with value {@code value} (and key {@code k<offset>}) at {@code offset} of an assigned partition. */
    void send(TopicPartition partition, long offset, String value) {
        addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset,
                ("k" + offset).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
    }

    // -- commits

    /** From now on, asynchronous commits wait for {@link #completeHeldCommit} instead of completing at once. */
    void holdAsyncCommits() {
        holdAsyncCommits = true;
    }

    void failNextAsyncCommit(RuntimeException failure) {
        nextAsyncCommitFailure = failure;
    }

    void failNextSyncCommit(RuntimeException failure) {
        nextSyncCommitFailure = failure;
    }

    /** Completes the {@code index}th held commit (0 for the first held): stored and acknowledged, or failed. */
    void completeHeldCommit(int index, Exception failure) {
        HeldCommit held = heldCommits.get(index);
        if (failure == null) {
            store(held.offsets());
        }
        held.callback().onComplete(held.offsets(), failure);
    }

    /**
     * An offset the group had committed before (a newly assigned partition starts there). Seed it once the task
     * subscribed, in a step: MockConsumer forgets its commits on subscribe.
     */
    void seedCommitted(TopicPartition partition, long offset) {
        super.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
    }

    @Override
    public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
            OffsetCommitCallback callback) {
        if (callback == null) { // MockConsumer's own commitSync comes this way
            store(offsets);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        timeline.add("commitAsync");
        asyncCommits.add(copy);
        if (holdAsyncCommits) {
            heldCommits.add(new HeldCommit(copy, callback));
        } else if (nextAsyncCommitFailure != null) {
            RuntimeException failure = nextAsyncCommitFailure;
            nextAsyncCommitFailure = null;
            callback.onComplete(copy, failure);
        } else {
            store(copy);
            callback.onComplete(copy, null);
        }
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        timeline.add("commitSync");
        syncCommits.add(Map.copyOf(offsets));
        if (nextSyncCommitFailure != null) {
            RuntimeException failure = nextSyncCommitFailure;
            nextSyncCommitFailure = null;
            throw failure;
        }
        super.commitSync(offsets);
    }

    private void store(Map<TopicPartition, OffsetAndMetadata> offsets) {
        super.commitAsync(offsets, null);
        offsets.forEach((partition, offset) -> stored.put(partition, offset.offset()));
    }

    // -- closing

    @Override
    public synchronized void close(Duration timeout) {
        timeline.add("consumer.close");
        closedByTask = true;
        if (listener != null && !assignment().isEmpty()) {
            relay.onPartitionsRevoked(new ArrayList<>(assignment())); // leaving the group revokes everything
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    // -- what happened

    boolean closedByTask() {
        return closedByTask;
    }

    /** The offset the group holds for {@code partition} (null if none was ever committed). */
    Long committedOffset(TopicPartition partition) {
        return stored.get(partition);
    }

    /** The assigned partitions that are paused (MockConsumer, unlike a real consumer, remembers revoked ones). */
    Set<TopicPartition> pausedAssigned() {
        Set<TopicPartition> paused = new HashSet<>(paused());
        paused.retainAll(assignment());
        return paused;
    }

    List<Map<TopicPartition, OffsetAndMetadata>> asyncCommits() {
        return asyncCommits;
    }

    List<Map<TopicPartition, OffsetAndMetadata>> syncCommits() {
        return syncCommits;
    }

    List<Duration> pollTimeouts() {
        return pollTimeouts;
    }

    private record HeldCommit(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    }
}

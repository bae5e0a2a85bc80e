package io.fluxgate.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Kafka Connect's rules for the offsets a sink task's preCommit answers, on their own. */
class SinkCommitOffsetsTest {

    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);
    private static final TopicPartition ELSEWHERE = new TopicPartition("other", 0);
    private static final TopicPartition ASSIGNED_NOT_COMMITTED = new TopicPartition("t", 2);

    private final Map<TopicPartition, OffsetAndMetadata> consumed = Map.of(A, at(10), B, at(20));
    private final Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of(A, at(5), B, at(15));
    private final Set<TopicPartition> assigned = Set.of(A, B, ASSIGNED_NOT_COMMITTED);

    @Test
    void theTasksOffsetsUpToWhatWasConsumedReplaceTheLastCommitted() {
        OffsetAndMetadata withMetadata = new OffsetAndMetadata(8, "checkpoint");
        assertEquals(Map.of(A, withMetadata, B, at(20)),
                committable(Map.of(A, withMetadata, B, at(20))));
    }

    @Test
    void partitionsTheTaskLeavesOutKeepTheirLastCommittedOffset() {
        assertEquals(Map.of(A, at(9), B, at(15)), committable(Map.of(A, at(9))));
    }

    @Test
    void offsetsPastWhatWasConsumedAreIgnored() {
        assertEquals(Map.of(A, at(5), B, at(20)), committable(Map.of(A, at(11), B, at(20))));
    }

    @Test
    void partitionsNotAssignedOrNotBeingCommittedAreIgnored() {
        assertEquals(lastCommitted, committable(Map.of(ELSEWHERE, at(1), ASSIGNED_NOT_COMMITTED, at(3))));
    }

    private Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, OffsetAndMetadata> provided) {
        return SinkCommitOffsets.committable("task", consumed, lastCommitted, provided, assigned);
    }

    private static OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset);
    }
}

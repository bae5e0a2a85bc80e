package io.fluxgate.runtime.task;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which offsets a sink task's commit writes, by Kafka Connect's rules for what {@code SinkTask.preCommit} answers: an
 * offset of a partition being committed, at most the one consumed, replaces the last committed one; an offset past
 * what was consumed, of a partition not assigned, or of a partition not being committed is ignored (and logged).
 * Partitions the task leaves out keep their last committed offset.
 */
final class SinkCommitOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(SinkCommitOffsets.class);

    private SinkCommitOffsets() {
    }

    /**
     * @param task          names the task in the log
     * @param consumed      the offsets consumed (and put) of the partitions being committed
     * @param lastCommitted the last committed offsets of those partitions
     * @param taskProvided  what the task's {@code preCommit} answered
     * @param assigned      the consumer's current assignment
     */
    static Map<TopicPartition, OffsetAndMetadata> committable(Object task,
            Map<TopicPartition, OffsetAndMetadata> consumed, Map<TopicPartition, OffsetAndMetadata> lastCommitted,
            Map<TopicPartition, OffsetAndMetadata> taskProvided, Set<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>(lastCommitted);
        taskProvided.forEach((tp, offset) -> {
            if (committable.containsKey(tp)) {
                if (offset.offset() <= consumed.get(tp).offset()) {
                    committable.put(tp, offset);
                } else {
                    LOG.warn("{} Ignoring invalid task provided offset {}/{} -- not yet consumed, taskOffset={} "
                            + "currentOffset={}", task, tp, offset, offset.offset(), consumed.get(tp).offset());
                }
            } else if (!assigned.contains(tp)) {
                LOG.warn("{} Ignoring invalid task provided offset {}/{} -- partition not assigned, assignment={}",
                        task, tp, offset, assigned);
            } else {
                LOG.debug("{} Ignoring task provided offset {}/{} -- partition not requested, requested={}", task,
                        tp, offset, committable.keySet());
            }
        });
        return committable;
    }
}

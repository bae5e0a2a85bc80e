package io.fluxgate.runtime.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.transforms.TransformationChain;

/**
 * What a sink task consumed and has not put yet: the records converted and transformed, and per partition the offset
 * after the last record consumed, which becomes committable once the batch is put. A record the converters or
 * transformations drop (within the error tolerance) is not in the batch, but its offset counts.
 */
final class SinkBatch {

    private final RecordConversion conversion;
    private final TransformationChain<ConsumerRecord<byte[], byte[]>, SinkRecord> transformations;
    private final RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator;
    /** Whether each record keeps the consumed record behind it: only an errant record reporter needs it. */
    private final boolean keepConsumed;
    private final List<SinkRecord> records = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();

    SinkBatch(RecordConversion conversion,
            TransformationChain<ConsumerRecord<byte[], byte[]>, SinkRecord> transformations,
            RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator, boolean keepConsumed) {
        this.conversion = conversion;
        this.transformations = transformations;
        this.operator = operator;
        this.keepConsumed = keepConsumed;
    }

    /**
     * Converts and transforms {@code consumed} into the batch. Partition by partition, so that the offset to commit
     * and the topic in use (KIP-558, told to {@code topicUsed}) are recorded once per partition, not per record.
     */
    void add(ConsumerRecords<byte[], byte[]> consumed, Consumer<String> topicUsed) {
        for (TopicPartition partition : consumed.partitions()) {
            topicUsed.accept(partition.topic());
            long next = -1;
            for (ConsumerRecord<byte[], byte[]> message : consumed.records(partition)) {
                ProcessingContext<ConsumerRecord<byte[], byte[]>> context = new ProcessingContext<>(message);
                SinkRecord converted = conversion.toSinkRecord(context, message, operator);
                SinkRecord transformed = converted == null ? null : transformations.apply(context, converted);
                next = message.offset() + 1;
                if (transformed != null) {
                    records.add(keepConsumed ? new ConsumedSinkRecord(message, transformed) : transformed);
                }
            }
            if (next >= 0) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        }
    }

    /** The records to put, as a list the task may keep. */
    List<SinkRecord> records() {
        return new ArrayList<>(records);
    }

    int size() {
        return records.size();
    }

    /** The offsets after the records consumed, by partition; the caller may remove partitions from it. */
    Map<TopicPartition, OffsetAndMetadata> offsets() {
        return offsets;
    }

    /** Forgets the records of revoked or lost partitions: they will be consumed again from the committed offsets. */
    void forget(Collection<TopicPartition> partitions) {
        records.removeIf(r -> partitions.contains(new TopicPartition(r.originalTopic(), r.originalKafkaPartition())));
    }

    /** The batch was put: empty again. */
    void clear() {
        records.clear();
        offsets.clear();
    }
}

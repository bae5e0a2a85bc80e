package io.fluxgate.runtime.offsets;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.herder.HerderException;

/**
 * Reads the offsets a user asks a sink connector to take, with Kafka Connect's checks and messages
 * ({@code SinkUtils.parseSinkConnectorOffsets}): partitions {@code {"kafka_topic","kafka_partition"}}, offsets
 * {@code {"kafka_offset"}} or null; numbers may be given as strings.
 */
final class SinkOffsetParser {

    static final String KAFKA_TOPIC = "kafka_topic";
    static final String KAFKA_PARTITION = "kafka_partition";
    static final String KAFKA_OFFSET = "kafka_offset";

    private SinkOffsetParser() {
    }

    /** Each partition and its offset, null to reset it; 400 on a malformed entry. */
    static Map<TopicPartition, Long> parse(Iterable<ConnectorOffset> offsets) {
        Map<TopicPartition, Long> parsed = new HashMap<>();
        for (ConnectorOffset entry : offsets) {
            Map<String, Object> partition = entry.partition();
            if (partition == null) {
                throw badRequest("The partition for a sink connector offset cannot be null or missing");
            }
            if (!partition.containsKey(KAFKA_TOPIC) || !partition.containsKey(KAFKA_PARTITION)) {
                throw badRequest(String.format("The partition for a sink connector offset must contain the keys "
                        + "'%s' and '%s'", KAFKA_TOPIC, KAFKA_PARTITION));
            }
            if (partition.get(KAFKA_TOPIC) == null) {
                throw badRequest("Kafka topic names must be valid strings and may not be null");
            }
            if (partition.get(KAFKA_PARTITION) == null) {
                throw badRequest("Kafka partitions must be valid numbers and may not be null");
            }
            int number;
            try {
                number = Integer.parseInt(String.valueOf(partition.get(KAFKA_PARTITION)));
            } catch (RuntimeException e) {
                throw badRequest("Failed to parse the following Kafka partition value in the provided offsets: '"
                        + partition.get(KAFKA_PARTITION) + "'. Partition values for sink connectors need to be "
                        + "integers.");
            }
            TopicPartition topicPartition = new TopicPartition(String.valueOf(partition.get(KAFKA_TOPIC)), number);
            Map<String, Object> offset = entry.offset();
            if (offset == null) {
                parsed.put(topicPartition, null);
                continue;
            }
            if (!offset.containsKey(KAFKA_OFFSET)) {
                throw badRequest(String.format("The offset for a sink connector should either be null or contain "
                        + "the key '%s'", KAFKA_OFFSET));
            }
            try {
                parsed.put(topicPartition, Long.parseLong(String.valueOf(offset.get(KAFKA_OFFSET))));
            } catch (RuntimeException e) {
                throw badRequest("Failed to parse the following Kafka offset value in the provided offsets: '"
                        + offset.get(KAFKA_OFFSET) + "'. Offset values for sink connectors need to be integers.");
            }
        }
        return parsed;
    }

    private static HerderException badRequest(String message) {
        return new HerderException(400, message);
    }
}

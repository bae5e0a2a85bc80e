package io.fluxgate.runtime.task;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink record that remembers the consumed record it came from, so that a record the task reports as errant goes
 * to the dead letter queue exactly as it was read (Kafka Connect's {@code InternalSinkRecord}).
 */
final class ConsumedSinkRecord extends SinkRecord {

    private final ConsumerRecord<byte[], byte[]> consumed;

    ConsumedSinkRecord(ConsumerRecord<byte[], byte[]> consumed, SinkRecord record) {
        super(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), record.valueSchema(),
                record.value(), record.kafkaOffset(), record.timestamp(), record.timestampType(), record.headers(),
                consumed.topic(), consumed.partition(), consumed.offset());
        this.consumed = consumed;
    }

    private ConsumedSinkRecord(ConsumerRecord<byte[], byte[]> consumed, String topic, Integer partition,
            Schema keySchema, Object key, Schema valueSchema, Object value, long offset, Long timestamp,
            Iterable<Header> headers, org.apache.kafka.common.record.TimestampType timestampType) {
        super(topic, partition, keySchema, key, valueSchema, value, offset, timestamp, timestampType, headers,
                consumed.topic(), consumed.partition(), consumed.offset());
        this.consumed = consumed;
    }

    ConsumerRecord<byte[], byte[]> consumed() {
        return consumed;
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key,
            Schema valueSchema, Object value, Long timestamp) {
        return newRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers().duplicate());
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key,
            Schema valueSchema, Object value, Long timestamp, Iterable<Header> headers) {
        return new ConsumedSinkRecord(consumed, topic, kafkaPartition, keySchema, key, valueSchema, value,
                kafkaOffset(), timestamp, headers, timestampType());
    }
}

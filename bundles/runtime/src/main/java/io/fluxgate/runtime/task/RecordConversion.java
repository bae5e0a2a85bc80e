package io.fluxgate.runtime.task;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.errors.Stage;
import io.fluxgate.runtime.isolation.PluginCloser;

/**
 * A task's key, value and header converters, and the two conversions between Connect records and Kafka records that
 * they serve, each step under the task's error handling (a failed step yields null and marks the context).
 * {@code closer} closes the converters when the task goes away.
 */
public record RecordConversion(Converter keyConverter, Converter valueConverter, HeaderConverter headerConverter,
        PluginCloser closer) {

    /** Converters closed on the caller's thread. */
    public RecordConversion(Converter keyConverter, Converter valueConverter, HeaderConverter headerConverter) {
        this(keyConverter, valueConverter, headerConverter, PluginCloser.DIRECT);
    }

    /** The same converters, closed by {@code closer}: the worker's, which gives each close() a deadline. */
    public RecordConversion closedBy(PluginCloser closer) {
        return new RecordConversion(keyConverter, valueConverter, headerConverter, closer);
    }

    /** The Kafka record for a (transformed) source record, or null if a conversion failed within tolerance. */
    public ProducerRecord<byte[], byte[]> toProducerRecord(ProcessingContext<SourceRecord> context, SourceRecord record,
            RetryWithToleranceOperator<SourceRecord> operator) {
        RecordHeaders headers = operator.execute(context, () -> headers(record), Stage.HEADER_CONVERTER,
                headerConverter.getClass());
        byte[] key = operator.execute(context, () -> keyConverter.fromConnectData(record.topic(), headers,
                record.keySchema(), record.key()), Stage.KEY_CONVERTER, keyConverter.getClass());
        byte[] value = operator.execute(context, () -> valueConverter.fromConnectData(record.topic(), headers,
                record.valueSchema(), record.value()), Stage.VALUE_CONVERTER, valueConverter.getClass());
        if (context.failed()) {
            return null;
        }
        return new ProducerRecord<>(record.topic(), record.kafkaPartition(), timestamp(record.timestamp()), key,
                value, headers);
    }

    /** The Connect record for a consumed record (not yet transformed), or null if a conversion failed. */
    public SinkRecord toSinkRecord(ProcessingContext<ConsumerRecord<byte[], byte[]>> context,
            ConsumerRecord<byte[], byte[]> message, RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator) {
        SchemaAndValue key = operator.execute(context, () -> keyConverter.toConnectData(message.topic(),
                message.headers(), message.key()), Stage.KEY_CONVERTER, keyConverter.getClass());
        SchemaAndValue value = operator.execute(context, () -> valueConverter.toConnectData(message.topic(),
                message.headers(), message.value()), Stage.VALUE_CONVERTER, valueConverter.getClass());
        Headers headers = operator.execute(context, () -> headers(message), Stage.HEADER_CONVERTER,
                headerConverter.getClass());
        if (context.failed()) {
            return null;
        }
        return new SinkRecord(message.topic(), message.partition(), key.schema(), key.value(), value.schema(),
                value.value(), message.offset(), timestamp(message.timestamp()), message.timestampType(), headers);
    }

    private RecordHeaders headers(SourceRecord record) {
        RecordHeaders result = new RecordHeaders();
        if (record.headers() != null) {
            for (Header header : record.headers()) {
                result.add(header.key(), headerConverter.fromConnectHeader(record.topic(), header.key(),
                        header.schema(), header.value()));
            }
        }
        return result;
    }

    private Headers headers(ConsumerRecord<byte[], byte[]> message) {
        Headers result = new ConnectHeaders();
        for (org.apache.kafka.common.header.Header header : message.headers()) {
            result.add(header.key(), headerConverter.toConnectHeader(message.topic(), header.key(), header.value()));
        }
        return result;
    }

    /** Kafka Connect's rule: no timestamp (-1) is null, any other negative timestamp is invalid. */
    static Long timestamp(Long timestamp) {
        if (timestamp == null || timestamp >= 0) {
            return timestamp;
        }
        if (timestamp == ConsumerRecord.NO_TIMESTAMP) {
            return null;
        }
        throw new InvalidRecordException(String.format("Invalid record timestamp %d", timestamp));
    }

    /** Closes the three converters; one that throws or hangs does not keep the others open. */
    public void close() {
        closer.close("close() of its key converter", keyConverter);
        closer.close("close() of its value converter", valueConverter);
        closer.close("close() of its header converter", headerConverter);
    }
}

package io.fluxgate.runtime.errors;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * {@code errors.log.enable}: logs each failed record's error with Kafka Connect's wording, and the record itself
 * with {@code errors.log.include.messages} (coordinates for a consumed record, the whole source record).
 */
public final class LogReporter<T> implements ErrorReporter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LogReporter.class);

    private final ConnectorTaskId id;
    private final boolean includeMessages;
    private final Function<T, String> describe;

    private LogReporter(ConnectorTaskId id, boolean includeMessages, Function<T, String> describe) {
        this.id = id;
        this.includeMessages = includeMessages;
        this.describe = describe;
    }

    public static LogReporter<SourceRecord> source(ConnectorTaskId id, boolean includeMessages) {
        return new LogReporter<>(id, includeMessages, record -> ", where source record is = " + record);
    }

    public static LogReporter<ConsumerRecord<byte[], byte[]>> sink(ConnectorTaskId id, boolean includeMessages) {
        return new LogReporter<>(id, includeMessages, record -> String.format(
                ", where consumed record is {topic='%s', partition=%d, offset=%d}", record.topic(),
                record.partition(), record.offset()));
    }

    @Override
    public CompletableFuture<Void> report(ProcessingContext<T> context) {
        if (context.failed()) {
            LOG.error(message(context), context.error());
        }
        return ErrorReporter.done();
    }

    String message(ProcessingContext<T> context) {
        StringBuilder message = new StringBuilder("Error encountered in task ").append(id).append(". Executing stage '")
                .append(context.stage()).append("' with class '")
                .append(context.executingClass() == null ? null : context.executingClass().getName()).append('\'');
        if (includeMessages && context.original() != null) {
            message.append(describe.apply(context.original()));
        }
        return message.append('.').toString();
    }
}

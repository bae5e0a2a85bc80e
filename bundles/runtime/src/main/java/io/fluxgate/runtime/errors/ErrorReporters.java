package io.fluxgate.runtime.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.source.SourceRecord;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.metrics.ErrorMetrics;

/** The error reporters a connector's configuration asks for (Kafka Connect's {@code errors.*} settings). */
public final class ErrorReporters {

    private ErrorReporters() {
    }

    public static List<ErrorReporter<SourceRecord>> forSource(ConnectorTaskId id, ConnectorConfig config,
            ErrorMetrics metrics) {
        List<ErrorReporter<SourceRecord>> reporters = new ArrayList<>();
        if (config.errorsLogEnable()) {
            reporters.add(counted(LogReporter.source(id, config.errorsLogIncludeMessages()), metrics));
        }
        return reporters;
    }

    /** The log reporter and the dead letter queue, whose producer and admin settings are built only if needed. */
    public static List<ErrorReporter<ConsumerRecord<byte[], byte[]>>> forSink(ConnectorTaskId id,
            ConnectorConfig config, Supplier<Map<String, Object>> producerProps,
            Supplier<Map<String, Object>> adminProps, ErrorMetrics metrics) {
        List<ErrorReporter<ConsumerRecord<byte[], byte[]>>> reporters = new ArrayList<>();
        if (config.errorsLogEnable()) {
            reporters.add(counted(LogReporter.sink(id, config.errorsLogIncludeMessages()), metrics));
        }
        if (!config.dlqTopic().isEmpty()) {
            reporters.add(DeadLetterQueueReporter.create(id, config.dlqTopic(), config.dlqReplicationFactor(),
                    config.dlqContextHeadersEnable(), adminProps.get(), producerProps.get(), metrics));
        }
        return reporters;
    }

    /** The log reporter, counting in {@code total-errors-logged} each failure it logs. */
    private static <T> ErrorReporter<T> counted(LogReporter<T> log, ErrorMetrics metrics) {
        return new ErrorReporter<>() {
            @Override
            public CompletableFuture<Void> report(ProcessingContext<T> context) {
                if (context.failed()) {
                    metrics.recordErrorLogged();
                }
                return log.report(context);
            }

            @Override
            public void close() {
                log.close();
            }
        };
    }
}

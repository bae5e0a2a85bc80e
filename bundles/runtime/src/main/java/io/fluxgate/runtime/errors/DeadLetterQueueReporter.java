package io.fluxgate.runtime.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.metrics.ErrorMetrics;

/**
 * {@code errors.deadletterqueue.topic.name}: writes each failed consumed record, as it was read (key, value and
 * headers untouched), to the sink connector's dead letter queue, created if needed with one partition, with the
 * error context in {@code __connect.errors.*} headers when {@code .context.headers.enable} is set.
 */
public final class DeadLetterQueueReporter implements ErrorReporter<ConsumerRecord<byte[], byte[]>> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueueReporter.class);
    public static final String HEADER_PREFIX = "__connect.errors.";

    private final Producer<byte[], byte[]> producer;
    private final ConnectorTaskId id;
    private final String topic;
    private final boolean contextHeaders;
    private final ErrorMetrics metrics;

    DeadLetterQueueReporter(Producer<byte[], byte[]> producer, ConnectorTaskId id, String topic,
            boolean contextHeaders, ErrorMetrics metrics) {
        this.metrics = metrics;
        this.producer = producer;
        this.id = id;
        this.topic = topic;
        this.contextHeaders = contextHeaders;
    }

    /** Creates the topic if it does not exist yet, then the reporter with its own producer. */
    public static DeadLetterQueueReporter create(ConnectorTaskId id, String topic, short replicationFactor,
            boolean contextHeaders, Map<String, Object> adminProps, Map<String, Object> producerProps,
            ErrorMetrics metrics) {
        try (Admin admin = Admin.create(adminProps)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                LOG.error("Topic {} doesn't exist. Will attempt to create topic.", topic);
                admin.createTopics(Set.of(new NewTopic(topic, 1, replicationFactor))).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Could not initialize dead letter queue with topic=" + topic, e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("Could not initialize dead letter queue with topic=" + topic, e);
            }
        }
        return new DeadLetterQueueReporter(new KafkaProducer<>(producerProps), id, topic, contextHeaders,
                metrics);
    }

    @Override
    public CompletableFuture<Void> report(ProcessingContext<ConsumerRecord<byte[], byte[]>> context) {
        ConsumerRecord<byte[], byte[]> original = context.original();
        if (original == null) {
            return ErrorReporter.done();
        }
        Long timestamp = original.timestamp() == ConsumerRecord.NO_TIMESTAMP ? null : original.timestamp();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp, original.key(),
                original.value(), original.headers());
        if (contextHeaders) {
            addContextHeaders(record.headers(), context);
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        metrics.recordDeadLetterQueueRequest();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                metrics.recordDeadLetterQueueFailure();
                LOG.error("Could not produce message to dead letter queue. topic=" + topic, error);
            }
            written.complete(null); // as Kafka: a lost DLQ write is logged, it does not fail the task
        });
        return written;
    }

    void addContextHeaders(Headers headers, ProcessingContext<ConsumerRecord<byte[], byte[]>> context) {
        ConsumerRecord<byte[], byte[]> original = context.original();
        headers.add(HEADER_PREFIX + "topic", bytes(original.topic()));
        headers.add(HEADER_PREFIX + "partition", bytes(String.valueOf(original.partition())));
        headers.add(HEADER_PREFIX + "offset", bytes(String.valueOf(original.offset())));
        headers.add(HEADER_PREFIX + "connector.name", bytes(id.connector()));
        headers.add(HEADER_PREFIX + "task.id", bytes(String.valueOf(id.task())));
        headers.add(HEADER_PREFIX + "stage", bytes(context.stage().name()));
        headers.add(HEADER_PREFIX + "class.name", bytes(context.executingClass().getName()));
        Throwable error = context.error();
        if (error != null) {
            headers.add(HEADER_PREFIX + "exception.class.name", bytes(error.getClass().getName()));
            headers.add(HEADER_PREFIX + "exception.message", bytes(error.getMessage()));
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            headers.add(HEADER_PREFIX + "exception.stacktrace", bytes(trace.toString()));
        }
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}

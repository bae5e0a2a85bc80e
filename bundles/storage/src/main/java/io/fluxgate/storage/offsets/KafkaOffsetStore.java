package io.fluxgate.storage.offsets;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.storage.kafka.InternalTopic;
import io.fluxgate.storage.kafka.StoreContext;
import io.fluxgate.storage.kafka.TopicLog;

/**
 * Source offsets in the offsets topic (Kafka Connect's {@code KafkaOffsetBackingStore}): keys and values are stored
 * as given, already serialized as Kafka Connect serializes them, so the record bytes are Kafka Connect's. Reads first
 * read the topic to its end, so they see what any worker committed before.
 */
public final class KafkaOffsetStore implements OffsetBackingStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOffsetStore.class);

    private final InternalTopic topic;
    private final StoreContext context;
    private final TopicLog log;
    private final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();

    /** The worker's offsets topic, on the worker's clients. */
    public KafkaOffsetStore(InternalTopic topic, StoreContext context) {
        this(topic, context, handler -> context.log(topic, "offsets", false, true, handler));
    }

    /** A topic read and written with other clients: {@code logs} makes its log, given what handles its records. */
    public KafkaOffsetStore(InternalTopic topic, StoreContext context,
            Function<TopicLog.RecordHandler, TopicLog> logs) {
        this.topic = topic;
        this.context = context;
        this.log = logs.apply(this::onRecord);
    }

    @Override
    public void start() {
        LOG.info("Starting the offset store on topic {}", topic.name());
        context.topics().ensure(topic);
        log.start(() -> { });
        LOG.info("Started the offset store with {} offset(s)", size());
    }

    @Override
    public void stop() {
        log.stop();
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        readToEnd();
        Map<ByteBuffer, ByteBuffer> values = new HashMap<>();
        synchronized (data) {
            for (ByteBuffer key : keys) {
                ByteBuffer value = data.get(key);
                if (value != null) {
                    values.put(key, value.duplicate());
                }
            }
        }
        return values;
    }

    @Override
    public Set<ByteBuffer> keys() {
        readToEnd();
        synchronized (data) {
            return Set.copyOf(data.keySet());
        }
    }

    @Override
    public void set(Map<ByteBuffer, ByteBuffer> values) {
        try {
            setAsync(values).toCompletableFuture().get(context.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectException("Failed to write offsets to topic '" + topic.name() + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectException("Timed out writing offsets to topic '" + topic.name() + "' after "
                    + context.writeTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing offsets to topic '" + topic.name() + "'", e);
        }
    }

    @Override
    public CompletionStage<Void> setAsync(Map<ByteBuffer, ByteBuffer> values) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (values.isEmpty()) {
            stored.complete(null);
            return stored;
        }
        AtomicInteger left = new AtomicInteger(values.size());
        values.forEach((key, value) -> log.send(bytes(key), bytes(value)).whenComplete((metadata, error) -> {
            if (error != null) {
                // The first failure fails the whole set, as Kafka Connect's SetCallbackFuture.
                stored.completeExceptionally(error);
            } else if (left.decrementAndGet() == 0) {
                stored.complete(null);
            }
        }));
        return stored;
    }

    private void onRecord(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Ignoring an offset without a key at offset {} of {}-{}", record.offset(), record.topic(),
                    record.partition());
            return;
        }
        ByteBuffer key = ByteBuffer.wrap(record.key());
        synchronized (data) {
            if (record.value() == null) {
                data.remove(key);
            } else {
                data.put(key, ByteBuffer.wrap(record.value()));
            }
        }
    }

    private void readToEnd() {
        try {
            log.readToEnd().get(context.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectException("Failed to read offsets from topic '" + topic.name() + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectException("Timed out reading offsets from topic '" + topic.name() + "' after "
                    + context.readTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reading offsets from topic '" + topic.name() + "'", e);
        }
    }

    private int size() {
        synchronized (data) {
            return data.size();
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

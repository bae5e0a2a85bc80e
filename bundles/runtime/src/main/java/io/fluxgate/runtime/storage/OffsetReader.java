package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.OffsetBackingStore;

/**
 * What a source connector or task reads its committed offsets through. Closed when the task is asked to stop, so a
 * task blocked on it is released (Kafka's message is kept).
 *
 * <p>A {@link #patient} reader, a connector's or a task's, waits for the store as long as it takes, as Apache's
 * {@code OffsetStorageReaderImpl} waits on its read without a limit: a store that timed out (a broker restarting, an
 * offsets topic held by transactions not yet ended) is asked again until it answers or the reader is closed, so that
 * a task starting while the brokers recover is not failed for it. A reader that is not patient (a REST request's)
 * fails with the store's timeout.
 */
public final class OffsetReader implements OffsetStorageReader, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetReader.class);

    private final OffsetBackingStore store;
    private final OffsetCodec codec;
    private final String namespace;
    private final boolean patient;
    private volatile boolean closed;

    /** A reader that fails with the store's read timeout. */
    public OffsetReader(OffsetBackingStore store, OffsetCodec codec, String namespace) {
        this(store, codec, namespace, false);
    }

    private OffsetReader(OffsetBackingStore store, OffsetCodec codec, String namespace, boolean patient) {
        this.store = store;
        this.codec = codec;
        this.namespace = namespace;
        this.patient = patient;
    }

    /** A reader that asks the store again after each of its timeouts, until it answers or the reader is closed. */
    public static OffsetReader patient(OffsetBackingStore store, OffsetCodec codec, String namespace) {
        return new OffsetReader(store, codec, namespace, true);
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return offsets(List.of(partition)).get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        if (closed) {
            throw new ConnectException("Offset reader is closed. This is likely because the task has already been "
                    + "requested to stop via SourceTask::stop");
        }
        Map<ByteBuffer, Map<String, T>> byKey = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            OffsetCodec.validateFormat(partition);
            byKey.put(codec.key(namespace, partition), partition);
        }
        Map<ByteBuffer, ByteBuffer> raw = read(new ArrayList<>(byKey.keySet()));
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        raw.forEach((key, value) -> {
            try {
                result.put(byKey.get(key), codec.offset(namespace, value));
            } catch (RuntimeException e) {
                // As Kafka: an unreadable offset is skipped, the task starts that partition afresh
                LOG.error("CRITICAL: Failed to deserialize offset data when getting offsets for task with namespace "
                        + "{}. No value for this data will be returned, which may break the task or cause it to skip "
                        + "some data.", namespace, e);
            }
        });
        return result;
    }

    private Map<ByteBuffer, ByteBuffer> read(List<ByteBuffer> keys) {
        while (true) {
            try {
                return store.get(keys);
            } catch (ConnectException e) {
                if (!patient || closed || !(e.getCause() instanceof TimeoutException)) {
                    throw e;
                }
                LOG.warn("Reading the offsets of {} timed out; reading again until they are read or the reader is "
                        + "closed: {}", namespace, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}

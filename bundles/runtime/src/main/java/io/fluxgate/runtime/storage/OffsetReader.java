package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.OffsetBackingStore;

/**
 * What a source connector or task reads its committed offsets through. Closed when the task is asked to stop, so a
 * task blocked on it is released (Kafka's message is kept).
 */
public final class OffsetReader implements OffsetStorageReader, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetReader.class);

    private final OffsetBackingStore store;
    private final OffsetCodec codec;
    private final String namespace;
    private volatile boolean closed;

    public OffsetReader(OffsetBackingStore store, OffsetCodec codec, String namespace) {
        this.store = store;
        this.codec = codec;
        this.namespace = namespace;
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
        Map<ByteBuffer, ByteBuffer> raw = store.get(new ArrayList<>(byKey.keySet()));
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        raw.forEach((key, value) -> {
            try {
                result.put(byKey.get(key), codec.offset(namespace, value));
            } catch (RuntimeException e) {
                // As Kafka: an unreadable offset is skipped, the task starts that partition afresh
                LOG.error("CRITICAL: Failed to deserialize offset data when getting offsets for task with namespace {}. "
                        + "No value for this data will be returned, which may break the task or cause it to skip "
                        + "some data.", namespace, e);
            }
        });
        return result;
    }

    @Override
    public void close() {
        closed = true;
    }
}

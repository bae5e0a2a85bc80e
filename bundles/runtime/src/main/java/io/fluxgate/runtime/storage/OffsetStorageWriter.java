package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.OffsetBackingStore;

/**
 * Buffers the offsets one source task reports and writes them in snapshots, as Kafka Connect's writer: offsets set
 * while a flush is in progress go to the next snapshot, and a failed flush puts its snapshot back (newer offsets
 * winning) for the next attempt. Callers serialize flushes (one committer per task).
 */
public final class OffsetStorageWriter {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetStorageWriter.class);

    private final OffsetBackingStore store;
    private final OffsetCodec codec;
    private final String namespace;
    private Map<Map<String, Object>, Map<String, Object>> data = new HashMap<>();
    private Map<Map<String, Object>, Map<String, Object>> toFlush;

    public OffsetStorageWriter(OffsetBackingStore store, OffsetCodec codec, String namespace) {
        this.store = store;
        this.codec = codec;
        this.namespace = namespace;
    }

    @SuppressWarnings("unchecked")
    public synchronized void offset(Map<String, ?> partition, Map<String, ?> offset) {
        data.put((Map<String, Object>) partition, (Map<String, Object>) offset);
    }

    /** Takes a snapshot of the offsets to write; false when there is nothing to write. */
    public synchronized boolean beginFlush() {
        if (toFlush != null) {
            throw new ConnectException("OffsetStorageWriter is already flushing");
        }
        if (data.isEmpty()) {
            return false;
        }
        toFlush = data;
        data = new HashMap<>();
        return true;
    }

    /** Writes the snapshot; on failure keeps it for the next flush and throws. */
    public void doFlush() {
        Map<Map<String, Object>, Map<String, Object>> snapshot;
        synchronized (this) {
            snapshot = toFlush;
        }
        try {
            Map<ByteBuffer, ByteBuffer> serialized = new HashMap<>();
            for (Map.Entry<Map<String, Object>, Map<String, Object>> entry : snapshot.entrySet()) {
                // Kafka checks the format here: a connector's bad offset fails the flush, not the poll
                OffsetCodec.validateFormat(entry.getKey());
                OffsetCodec.validateFormat(entry.getValue());
                serialized.put(codec.key(namespace, entry.getKey()), codec.value(namespace, entry.getValue()));
            }
            store.set(serialized);
            synchronized (this) {
                toFlush = null;
            }
        } catch (RuntimeException e) {
            LOG.error("Failed to flush offsets of {} to storage", namespace, e);
            cancelFlush();
            throw e;
        }
    }

    /** Gives up the current flush: its offsets go back into the buffer, behind any set since. */
    public synchronized void cancelFlush() {
        if (toFlush != null) {
            toFlush.putAll(data);
            data = toFlush;
            toFlush = null;
        }
    }
}

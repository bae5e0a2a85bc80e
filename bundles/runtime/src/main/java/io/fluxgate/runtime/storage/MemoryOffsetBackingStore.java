package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.fluxgate.api.storage.OffsetBackingStore;

/** Offsets kept in memory only, lost when the worker stops; the base of the file store, and a store for tests. */
public class MemoryOffsetBackingStore implements OffsetBackingStore {

    protected final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public synchronized Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
        for (ByteBuffer key : keys) {
            ByteBuffer value = data.get(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }

    @Override
    public synchronized Set<ByteBuffer> keys() {
        return Set.copyOf(data.keySet());
    }

    @Override
    public synchronized void set(Map<ByteBuffer, ByteBuffer> values) {
        values.forEach((key, value) -> {
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
        });
        save();
    }

    /** Called after each change, under the store's lock. */
    protected void save() {
    }
}

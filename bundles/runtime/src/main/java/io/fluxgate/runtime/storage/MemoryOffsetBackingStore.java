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
                result.put(key, value.duplicate()); // a caller reading it must not move the stored position
            }
        }
        return result;
    }

    @Override
    public synchronized Set<ByteBuffer> keys() {
        return Set.copyOf(data.keySet());
    }

    /**
     * Keeps copies of the bytes (the caller may reuse its buffers, and a mutated key would be lost in the map), and
     * takes the change back if it could not be saved: get must not answer what is not stored.
     */
    @Override
    public synchronized void set(Map<ByteBuffer, ByteBuffer> values) {
        Map<ByteBuffer, ByteBuffer> previous = new HashMap<>();
        values.forEach((key, value) -> {
            ByteBuffer copy = copy(key);
            previous.put(copy, data.get(copy));
            if (value == null) {
                data.remove(copy);
            } else {
                data.put(copy, copy(value));
            }
        });
        try {
            save();
        } catch (RuntimeException e) {
            previous.forEach((key, value) -> {
                if (value == null) {
                    data.remove(key);
                } else {
                    data.put(key, value);
                }
            });
            throw e;
        }
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        if (buffer == null) {
            return null; // as before: the file format allows a null key
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** Called after each change, under the store's lock. */
    protected void save() {
    }
}

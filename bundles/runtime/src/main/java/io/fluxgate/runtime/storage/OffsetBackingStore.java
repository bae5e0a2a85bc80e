package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where source offsets live, as serialized keys and values (Kafka Connect's {@code OffsetBackingStore}): a local file
 * in standalone mode, a compacted topic in distributed mode. A null value is a tombstone.
 */
public interface OffsetBackingStore {

    /** Loads what is stored; called once before use. */
    void start();

    /** Releases what {@link #start()} opened. */
    void stop();

    /** The stored values of {@code keys}; keys without a value are absent from the answer. */
    Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys);

    /** Every key that has a value: how a connector's partitions are listed (KIP-875). */
    Set<ByteBuffer> keys();

    /** Stores {@code values} durably before returning; throws if they could not be stored. */
    void set(Map<ByteBuffer, ByteBuffer> values);
}

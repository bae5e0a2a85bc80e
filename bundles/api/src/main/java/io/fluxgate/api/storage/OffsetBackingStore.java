package io.fluxgate.api.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where source offsets live, as serialized keys and values (Kafka Connect's {@code OffsetBackingStore}): a local file
 * in standalone mode, a compacted topic in distributed mode. A key is {@code ["<connector>",{partition}]} and a value
 * the offset map, both JSON as Kafka Connect writes them; a null value is a tombstone.
 *
 * <p>A store backed by a topic shared by several workers answers {@link #get} and {@link #keys} only after reading
 * what every worker wrote until the call, so a task that moves to another worker resumes where it stopped.
 */
@ProviderType
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

    /**
     * Starts storing {@code values}; the stage completes once all of them are durable, or exceptionally with the
     * first failure. Lets a committer bound its wait ({@code offset.flush.timeout.ms}) without blocking a thread in
     * the store. Stores that write synchronously anyway inherit this default.
     */
    default CompletionStage<Void> setAsync(Map<ByteBuffer, ByteBuffer> values) {
        try {
            set(values);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

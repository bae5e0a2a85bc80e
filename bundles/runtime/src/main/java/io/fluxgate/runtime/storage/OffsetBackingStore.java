package io.fluxgate.runtime.storage;

/**
 * The offset store the worker was written against, now {@link io.fluxgate.api.storage.OffsetBackingStore} in the API
 * so that the Kafka-topic store of the storage bundle can implement it. Kept only so that the worker compiles
 * unchanged; code that takes a store should take the API type, which accepts every implementation.
 */
public interface OffsetBackingStore extends io.fluxgate.api.storage.OffsetBackingStore {
}

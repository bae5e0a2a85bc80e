package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.OffsetBackingStore;

/**
 * A source connector's offsets as its configuration places them (Apache's {@code ConnectorOffsetBackingStore}): in
 * the worker's store alone, or in the connector's own offsets topic ({@code offsets.storage.topic}) first with the
 * worker's store behind it. Reads take the connector's value of a partition where it has one, else the worker's, so
 * that a connector given its own topic resumes from what it wrote before. Writes go to the connector's topic; the
 * worker's store gets a copy afterwards, not waited for, so that a connector whose own topic is removed again still
 * resumes close to where it stopped; a tombstone goes to the worker's store first, so that an offset reset through
 * the connector's topic cannot come back from the worker's.
 *
 * <p>{@link #start()} and {@link #stop()} act on the connector's store only: the worker's is the worker's.
 */
public final class ConnectorOffsetBackingStore implements OffsetBackingStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorOffsetBackingStore.class);

    private final OffsetBackingStore worker;
    private final OffsetBackingStore connector;

    private ConnectorOffsetBackingStore(OffsetBackingStore worker, OffsetBackingStore connector) {
        this.worker = worker;
        this.connector = connector;
    }

    /** The worker's offsets only: the connector has no topic of its own, or its topic is the worker's. */
    public static ConnectorOffsetBackingStore workerOnly(OffsetBackingStore worker) {
        return new ConnectorOffsetBackingStore(worker, null);
    }

    /** The connector's own topic first, the worker's store behind it. */
    public static ConnectorOffsetBackingStore withConnectorStore(OffsetBackingStore worker,
            OffsetBackingStore connector) {
        return new ConnectorOffsetBackingStore(worker, connector);
    }

    /** Whether the connector has an offsets topic of its own (started and stopped by this store). */
    public boolean hasConnectorStore() {
        return connector != null;
    }

    @Override
    public void start() {
        if (connector != null) {
            connector.start();
        }
    }

    @Override
    public void stop() {
        if (connector != null) {
            connector.stop();
        }
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> values = new HashMap<>(worker.get(keys));
        if (connector != null) {
            values.putAll(connector.get(keys));
        }
        return values;
    }

    @Override
    public Set<ByteBuffer> keys() {
        if (connector == null) {
            return worker.keys();
        }
        Set<ByteBuffer> keys = new HashSet<>(worker.keys());
        keys.addAll(connector.keys());
        return keys;
    }

    @Override
    public void set(Map<ByteBuffer, ByteBuffer> values) {
        if (connector == null) {
            worker.set(values);
            return;
        }
        Map<ByteBuffer, ByteBuffer> tombstones = tombstones(values);
        if (!tombstones.isEmpty()) {
            worker.set(tombstones);
        }
        connector.set(values);
        copyToWorker(values);
    }

    @Override
    public CompletionStage<Void> setAsync(Map<ByteBuffer, ByteBuffer> values) {
        if (connector == null) {
            return worker.setAsync(values);
        }
        Map<ByteBuffer, ByteBuffer> tombstones = tombstones(values);
        CompletionStage<Void> first = tombstones.isEmpty() ? CompletableFuture.completedFuture(null)
                : worker.setAsync(tombstones);
        return first.thenCompose(ignored -> connector.setAsync(values))
                .thenRun(() -> copyToWorker(values));
    }

    /** The offsets (not the tombstones, written before) to the worker's store, its failure only logged. */
    public void copyToWorker(Map<ByteBuffer, ByteBuffer> values) {
        Map<ByteBuffer, ByteBuffer> offsets = new HashMap<>();
        values.forEach((key, value) -> {
            if (value != null) {
                offsets.put(key, value);
            }
        });
        if (connector == null || offsets.isEmpty()) {
            return;
        }
        try {
            worker.setAsync(offsets).whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.warn("Failed to write offsets to secondary backing store", error);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Failed to write offsets to secondary backing store", e);
        }
    }

    /** The tombstones among {@code values}, to be written to the worker's store before the connector's. */
    public Map<ByteBuffer, ByteBuffer> tombstones(Map<ByteBuffer, ByteBuffer> values) {
        Map<ByteBuffer, ByteBuffer> tombstones = new HashMap<>();
        values.forEach((key, value) -> {
            if (value == null) {
                tombstones.put(key, null);
            }
        });
        return connector == null ? Map.of() : tombstones;
    }

    /** The worker's store, behind the connector's. */
    public OffsetBackingStore worker() {
        return worker;
    }
}

package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.storage.OffsetBackingStore;

/** The offsets file of standalone mode: the contract, and what a write that fails leaves behind. */
class FileOffsetStoreContractTest extends OffsetBackingStoreContract {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("connect.offsets");
    }

    @Override
    protected OffsetBackingStore newInstance() {
        return new FileOffsetBackingStore(file());
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    /**
     * A set that could not be written must not be answered by get either: otherwise a failed offsets update (a task's
     * commit, or PATCH /connectors/{c}/offsets answered with an error) reads back as done until the worker restarts,
     * when the file's older offsets come back.
     */
    @Test
    void aSetThatCouldNotBeWrittenLeavesTheStoredOffsetsAsTheyWere() throws Exception {
        OffsetBackingStore store = newInstance();
        store.start();
        store.set(Map.of(bytes("k1"), bytes("v1")));
        // The store writes beside the file and moves it into place: a directory there makes the write fail.
        Files.createDirectory(dir.resolve("connect.offsets.tmp"));

        assertThrows(ConnectException.class, () -> store.set(Map.of(bytes("k1"), bytes("v2"), bytes("k2"),
                bytes("v2"))));
        CompletionException async = assertThrows(CompletionException.class,
                () -> store.setAsync(Map.of(bytes("k3"), bytes("v3"))).toCompletableFuture().join());
        assertTrue(async.getCause() instanceof ConnectException, async.toString());

        Map<ByteBuffer, ByteBuffer> onDisk = Map.of(bytes("k1"), bytes("v1"));
        assertEquals(onDisk, store.get(List.of(bytes("k1"), bytes("k2"), bytes("k3"))));
        assertEquals(onDisk.keySet(), store.keys());
        OffsetBackingStore restarted = newInstance();
        restarted.start();
        assertEquals(onDisk, restarted.get(List.of(bytes("k1"), bytes("k2"), bytes("k3"))));
    }
}

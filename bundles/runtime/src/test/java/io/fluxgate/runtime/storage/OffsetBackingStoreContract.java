package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.OffsetBackingStore;

/**
 * What every {@link OffsetBackingStore} promises (its javadoc), checked the same way on each implementation: one
 * subclass per store says how to open one and whether what it stores outlives the instance. Tasks, the KIP-875 offset
 * endpoints and a worker moving between standalone and distributed mode all rely on the stores agreeing.
 */
abstract class OffsetBackingStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<OffsetBackingStore> opened = new ArrayList<>();
    private OffsetBackingStore store;

    /**
     * A new, unstarted instance over this test's storage: every call within one test sees the same file or topic, so
     * a second instance is what a restarted worker would open.
     */
    protected abstract OffsetBackingStore newInstance();

    /** Whether a new instance reads what an earlier one stored (the file and the topic), or starts empty (memory). */
    protected abstract boolean persistent();

    @BeforeEach
    void startStore() {
        store = start();
    }

    @AfterEach
    void stopStores() {
        opened.forEach(OffsetBackingStore::stop);
        releaseStorage();
    }

    /** The instance each test starts with, started. */
    protected OffsetBackingStore store() {
        return store;
    }

    /** Releases what the instances were opened over, once they are all stopped. */
    protected void releaseStorage() {
    }

    private OffsetBackingStore start() {
        OffsetBackingStore started = newInstance();
        started.start();
        opened.add(started);
        return started;
    }

    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }

    /** A map that may hold null values (tombstones), which Map.of refuses. */
    private static Map<ByteBuffer, ByteBuffer> values(String... keyValues) {
        Map<ByteBuffer, ByteBuffer> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(bytes(keyValues[i]), keyValues[i + 1] == null ? null : bytes(keyValues[i + 1]));
        }
        return values;
    }

    @Test
    void unknownKeysAreAbsentFromTheAnswer() {
        Map<ByteBuffer, ByteBuffer> answer = store.get(List.of(bytes("[\"c\",{\"p\":1}]"), bytes("[\"c\",{\"p\":2}]")));
        assertEquals(Map.of(), answer);
        assertEquals(Map.of(), store.get(List.of()));
        assertEquals(Set.of(), store.keys());
    }

    @Test
    void whatIsSetIsWhatGetAnswersAndOnlyForTheKeysAskedFor() {
        store.set(values("[\"c\",{\"p\":1}]", "{\"o\":10}", "[\"c\",{\"p\":2}]", "{\"o\":20}"));

        Map<ByteBuffer, ByteBuffer> answer = store.get(List.of(bytes("[\"c\",{\"p\":1}]"),
                bytes("[\"c\",{\"p\":3}]")));
        assertEquals(Map.of(bytes("[\"c\",{\"p\":1}]"), bytes("{\"o\":10}")), answer);
        assertFalse(answer.containsKey(bytes("[\"c\",{\"p\":3}]")), "an unknown key is absent, not null");
    }

    @Test
    void aLaterSetReplacesTheValueAndLeavesTheOtherKeys() {
        store.set(values("k1", "v1", "k2", "v2"));
        store.set(values("k1", "v1-newer"));

        assertEquals(values("k1", "v1-newer", "k2", "v2"), store.get(List.of(bytes("k1"), bytes("k2"))));
    }

    @Test
    void aTombstoneRemovesTheKeyFromGetAndFromKeys() {
        store.set(values("k1", "v1", "k2", "v2"));
        store.set(values("k1", null, "never-set", null));

        assertEquals(Map.of(), store.get(List.of(bytes("k1"), bytes("never-set"))));
        assertEquals(Set.of(bytes("k2")), store.keys());
    }

    @Test
    void keysListsEveryKeyThatHasAValue() {
        store.set(values("k1", "v1", "k2", "v2"));
        store.set(values("k3", "v3", "k2", null));

        assertEquals(Set.of(bytes("k1"), bytes("k3")), store.keys());
    }

    @Test
    void theStoreKeepsTheBytesGivenNotTheCallersBuffers() {
        byte[] keyArray = "k1".getBytes(StandardCharsets.UTF_8);
        byte[] valueArray = "{\"o\":1}".getBytes(StandardCharsets.UTF_8);
        store.set(Map.of(ByteBuffer.wrap(keyArray), ByteBuffer.wrap(valueArray)));

        // A caller reusing its arrays after set must not change what was stored (nor what a restart would read).
        keyArray[0] = 'X';
        valueArray[5] = '9';

        assertEquals(Set.of(bytes("k1")), store.keys());
        assertEquals("{\"o\":1}", text(store.get(List.of(bytes("k1"))).get(bytes("k1"))));
    }

    @Test
    void readingAnAnsweredValueDoesNotConsumeTheStoredOne() {
        store.set(values("k1", "v1"));

        ByteBuffer first = store.get(List.of(bytes("k1"))).get(bytes("k1"));
        first.get(new byte[first.remaining()]); // reads it as a plain consumer would, moving its position

        assertEquals("v1", text(store.get(List.of(bytes("k1"))).get(bytes("k1"))));
        if (persistent()) {
            store.set(values("k2", "v2")); // the next write of the whole store must not write k1 emptied either
            assertEquals("v1", text(start().get(List.of(bytes("k1"))).get(bytes("k1"))));
        }
    }

    @Test
    void onlyTheRemainingBytesOfAGivenBufferAreStored() {
        ByteBuffer key = ByteBuffer.wrap("##k1".getBytes(StandardCharsets.UTF_8), 2, 2);
        ByteBuffer value = ByteBuffer.wrap("##v1##".getBytes(StandardCharsets.UTF_8), 2, 2);
        store.set(Map.of(key, value));

        assertEquals(Map.of(bytes("k1"), bytes("v1")), store.get(List.of(bytes("k1"))));
    }

    @Test
    void setAsyncCompletesOnceTheValuesAreStored() throws Exception {
        CompletableFuture<Void> stored = store.setAsync(values("k1", "v1", "k2", "v2")).toCompletableFuture();
        stored.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertEquals(values("k1", "v1", "k2", "v2"), store.get(List.of(bytes("k1"), bytes("k2"))));
        store.setAsync(Map.of()).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aNewInstanceReadsWhatWasStoredWhenTheStoreIsPersistent() {
        store.set(values("k1", "v1", "k2", "v2", "k3", "v3"));
        store.set(values("k2", null, "k3", "v3-newer"));
        store.stop();
        opened.remove(store);

        OffsetBackingStore restarted = start();
        if (persistent()) {
            assertEquals(Set.of(bytes("k1"), bytes("k3")), restarted.keys());
            assertEquals(values("k1", "v1", "k3", "v3-newer"),
                    restarted.get(List.of(bytes("k1"), bytes("k2"), bytes("k3"))));
        } else {
            assertEquals(Set.of(), restarted.keys(), "offsets in memory are lost with the instance");
        }
    }

    @Test
    void setsFromTwoThreadsAreAllStored() throws Exception {
        int perThread = setsPerThread();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (String thread : List.of("a", "b")) {
            writers.add(CompletableFuture.runAsync(() -> {
                await(go);
                for (int i = 0; i < perThread; i++) {
                    store.set(values(thread + i, "value-" + thread + i));
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        Set<ByteBuffer> expected = new HashSet<>();
        for (int i = 0; i < perThread; i++) {
            expected.add(bytes("a" + i));
            expected.add(bytes("b" + i));
        }
        assertEquals(expected, store.keys());
        Map<ByteBuffer, ByteBuffer> answer = store.get(expected);
        answer.forEach((key, value) -> assertEquals("value-" + text(key), text(value)));
        assertEquals(expected.size(), answer.size());
    }

    @Test
    void twoThreadsSettingOneKeyLeaveOneOfTheirValuesAndARestartReadsTheSame() throws Exception {
        int perThread = setsPerThread();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (String thread : List.of("a", "b")) {
            writers.add(CompletableFuture.runAsync(() -> {
                await(go);
                for (int i = 0; i < perThread; i++) {
                    store.set(values("shared", thread + i));
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        String last = text(store.get(List.of(bytes("shared"))).get(bytes("shared")));
        assertTrue(last.equals("a" + (perThread - 1)) || last.equals("b" + (perThread - 1)),
                "the last value of one of the threads, not " + last);
        if (persistent()) {
            // what a restart reads is what the running store answered: writes were not reordered on the way
            assertEquals(last, text(start().get(List.of(bytes("shared"))).get(bytes("shared"))));
        }
    }

    @Test
    void keysAndValuesInKafkaConnectsFormatReadBackPerConnector() {
        OffsetCodec codec = new OffsetCodec();
        store.set(Map.of(codec.key("file-source", Map.of("filename", "/in.txt")),
                codec.value("file-source", Map.of("position", 4711L)),
                codec.key("other", Map.of("filename", "/in.txt")), codec.value("other", Map.of("position", 1L))));

        ByteBuffer key = bytes("[\"file-source\",{\"filename\":\"/in.txt\"}]");
        ByteBuffer value = store.get(List.of(key)).get(key);
        assertEquals("{\"position\":4711}", text(value), "Apache Kafka Connect's bytes, as written");
        assertEquals(Map.of("position", 4711L), codec.offset("file-source", value));

        List<Map<String, Object>> partitions = new ArrayList<>();
        for (ByteBuffer stored : store.keys()) {
            Map<String, Object> partition = codec.partition("file-source", stored);
            if (partition != null) {
                partitions.add(partition);
            }
        }
        assertEquals(List.of(Map.of("filename", "/in.txt")), partitions, "only file-source's partition");
        assertNull(codec.partition("file-source", bytes("not json")));
    }

    /** Each set is a durable write (a file rewrite, a produce round trip): enough to interleave, no more. */
    protected int setsPerThread() {
        return 200;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the writers were not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

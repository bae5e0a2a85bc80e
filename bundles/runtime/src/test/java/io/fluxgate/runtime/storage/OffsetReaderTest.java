package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * A connector's or task's reader waits for its offsets as Apache's {@code OffsetStorageReaderImpl} does, without a
 * limit, until it is closed; a REST request's reader fails with the store's timeout; other failures fail at once.
 */
class OffsetReaderTest {

    private static final Map<String, Object> PARTITION = Map.of("file", "a");

    /** Times out {@code timeouts} times (as the Kafka store does while a broker recovers), then answers. */
    private static final class SlowStore extends MemoryOffsetBackingStore {

        final AtomicInteger reads = new AtomicInteger();
        final int timeouts;
        Runnable onTimeout = () -> { };

        SlowStore(int timeouts) {
            this.timeouts = timeouts;
        }

        @Override
        public synchronized Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
            if (reads.incrementAndGet() <= timeouts) {
                onTimeout.run();
                throw new ConnectException("Timed out reading offsets from topic 'offsets' after 30000 ms",
                        new TimeoutException());
            }
            return super.get(keys);
        }
    }

    @Test
    void aPatientReaderReadsAgainAfterEachTimeoutUntilTheStoreAnswers() {
        OffsetCodec codec = new OffsetCodec();
        SlowStore store = new SlowStore(3);
        store.set(Map.of(codec.key("orders", PARTITION), codec.value("orders", Map.of("position", 7L))));

        Map<String, Object> offset = OffsetReader.patient(store, codec, "orders").offset(PARTITION);
        assertEquals(Map.of("position", 7L), offset);
        assertEquals(4, store.reads.get());
    }

    @Test
    void aReaderThatIsNotPatientFailsWithTheStoresTimeout() {
        SlowStore store = new SlowStore(1);
        ConnectException failure = assertThrows(ConnectException.class,
                () -> new OffsetReader(store, new OffsetCodec(), "orders").offset(PARTITION));
        assertEquals("Timed out reading offsets from topic 'offsets' after 30000 ms", failure.getMessage());
    }

    @Test
    void aPatientReaderClosedWhileWaitingGivesUp() {
        SlowStore store = new SlowStore(Integer.MAX_VALUE);
        OffsetReader reader = OffsetReader.patient(store, new OffsetCodec(), "orders");
        store.onTimeout = () -> {
            if (store.reads.get() == 2) {
                reader.close(); // the task is asked to stop while it waits
            }
        };
        assertThrows(ConnectException.class, () -> reader.offset(PARTITION));
        assertEquals(2, store.reads.get());
    }

    @Test
    void aPatientReaderFailsAtOnceOnAnythingButATimeout() {
        MemoryOffsetBackingStore broken = new MemoryOffsetBackingStore() {
            @Override
            public synchronized Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
                throw new ConnectException("Failed to read offsets from topic 'offsets': not authorized");
            }
        };
        assertThrows(ConnectException.class,
                () -> OffsetReader.patient(broken, new OffsetCodec(), "orders").offset(PARTITION));
    }
}

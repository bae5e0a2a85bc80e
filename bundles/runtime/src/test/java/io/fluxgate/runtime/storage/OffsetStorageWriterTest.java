package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class OffsetStorageWriterTest {

    private final OffsetCodec codec = new OffsetCodec();

    @Test
    void nothingToFlushIsNotAFlush() {
        OffsetStorageWriter writer = new OffsetStorageWriter(new MemoryOffsetBackingStore(), codec, "c");
        assertFalse(writer.beginFlush());
    }

    @Test
    void aFailedFlushKeepsItsOffsetsBehindNewerOnes() {
        FailingStore store = new FailingStore();
        OffsetStorageWriter writer = new OffsetStorageWriter(store, codec, "c");
        writer.offset(Map.of("p", 1), Map.of("o", 1));
        writer.offset(Map.of("p", 2), Map.of("o", 1));
        assertTrue(writer.beginFlush());
        writer.offset(Map.of("p", 2), Map.of("o", 2)); // set while flushing
        store.fail = true;
        assertThrows(ConnectException.class, writer::doFlush);

        store.fail = false;
        assertTrue(writer.beginFlush());
        writer.doFlush();
        OffsetReader reader = new OffsetReader(store, codec, "c");
        assertEquals(Map.of("o", 1L), reader.offset(Map.of("p", 1)));
        assertEquals(Map.of("o", 2L), reader.offset(Map.of("p", 2)));
    }

    @Test
    void aSecondFlushMustWaitForTheFirst() {
        OffsetStorageWriter writer = new OffsetStorageWriter(new MemoryOffsetBackingStore(), codec, "c");
        writer.offset(Map.of("p", 1), Map.of("o", 1));
        writer.beginFlush();
        writer.offset(Map.of("p", 1), Map.of("o", 2));
        assertThrows(ConnectException.class, writer::beginFlush);
    }

    @Test
    void offsetsMustBeMapsOfPrimitives() {
        OffsetStorageWriter writer = new OffsetStorageWriter(new MemoryOffsetBackingStore(), codec, "c");
        writer.offset(Map.of("p", 1), Map.of("o", List.of(1, 2)));
        writer.beginFlush();
        DataException e = assertThrows(DataException.class, writer::doFlush);
        assertEquals("Offsets may only contain primitive types as values, but field o contains ARRAY",
                e.getMessage());
    }

    private static final class FailingStore extends MemoryOffsetBackingStore {
        volatile boolean fail;

        @Override
        public synchronized void set(Map<ByteBuffer, ByteBuffer> values) {
            if (fail) {
                throw new ConnectException("disk full");
            }
            super.set(values);
        }
    }
}

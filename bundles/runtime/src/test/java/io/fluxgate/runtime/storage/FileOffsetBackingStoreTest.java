package io.fluxgate.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offsets file is Apache Kafka Connect's own: read what it writes, write what it reads. */
class FileOffsetBackingStoreTest {

    @TempDir
    Path dir;

    /** Writes a file exactly as Apache's FileOffsetBackingStore.save() does: a serialized HashMap of byte arrays. */
    private Path writeAsApacheKafkaConnect(Map<String, String> keyToValueJson) throws Exception {
        Path file = dir.resolve("connect.offsets");
        HashMap<byte[], byte[]> raw = new HashMap<>();
        keyToValueJson.forEach((key, value) -> raw.put(key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
        try (OutputStream out = Files.newOutputStream(file); ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(raw);
        }
        return file;
    }

    @Test
    void readsTheOffsetsApacheKafkaConnectWrote() throws Exception {
        // The bytes FileStreamSourceTask's offsets have in a real Apache Kafka Connect 4.x offsets file
        Path file = writeAsApacheKafkaConnect(Map.of(
                "[\"local-file-source\",{\"filename\":\"/tmp/test.txt\"}]", "{\"position\":1234}",
                "[\"other\",{\"db\":\"x\",\"table\":\"t\"}]", "{\"lsn\":7,\"snapshot\":false}"));
        FileOffsetBackingStore store = new FileOffsetBackingStore(file);
        store.start();

        OffsetReader reader = new OffsetReader(store, new OffsetCodec(), "local-file-source");
        assertEquals(Map.of("position", 1234L), reader.offset(Map.of("filename", "/tmp/test.txt")));
        assertNull(reader.offset(Map.of("filename", "/tmp/other.txt")));
        OffsetReader other = new OffsetReader(store, new OffsetCodec(), "other");
        java.util.LinkedHashMap<String, Object> partition = new java.util.LinkedHashMap<>();
        partition.put("db", "x");
        partition.put("table", "t");
        assertEquals(Map.of("lsn", 7L, "snapshot", false), other.offset(partition));
    }

    @Test
    void writesTheFormatApacheKafkaConnectReads() throws Exception {
        Path file = dir.resolve("sub/dir/connect.offsets");
        FileOffsetBackingStore store = new FileOffsetBackingStore(file);
        store.start();
        OffsetStorageWriter writer = new OffsetStorageWriter(store, new OffsetCodec(), "local-file-source");
        writer.offset(Map.of("filename", "test.txt"), Map.of("position", 42L));
        assertTrue(writer.beginFlush());
        writer.doFlush();

        // Read back as Apache's FileOffsetBackingStore.load() does
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            @SuppressWarnings("unchecked")
            Map<byte[], byte[]> raw = (Map<byte[], byte[]>) in.readObject();
            assertEquals(HashMap.class, raw.getClass());
            assertEquals(1, raw.size());
            Map.Entry<byte[], byte[]> entry = raw.entrySet().iterator().next();
            assertArrayEquals("[\"local-file-source\",{\"filename\":\"test.txt\"}]".getBytes(StandardCharsets.UTF_8),
                    entry.getKey());
            assertArrayEquals("{\"position\":42}".getBytes(StandardCharsets.UTF_8), entry.getValue());
        }
    }

    @Test
    void survivesARestart() {
        Path file = dir.resolve("connect.offsets");
        FileOffsetBackingStore first = new FileOffsetBackingStore(file);
        first.start();
        OffsetStorageWriter writer = new OffsetStorageWriter(first, new OffsetCodec(), "c");
        writer.offset(Map.of("p", 1), Map.of("o", "a"));
        writer.offset(Map.of("p", 2), Map.of("o", "b"));
        writer.beginFlush();
        writer.doFlush();
        writer.offset(Map.of("p", 2), Map.of("o", "c"));
        writer.beginFlush();
        writer.doFlush();
        first.stop();

        FileOffsetBackingStore second = new FileOffsetBackingStore(file);
        second.start();
        OffsetReader reader = new OffsetReader(second, new OffsetCodec(), "c");
        Map<Map<String, Integer>, Map<String, Object>> offsets = reader.offsets(List.of(Map.of("p", 1),
                Map.of("p", 2), Map.of("p", 3)));
        assertEquals(Map.of(Map.of("p", 1), Map.of("o", "a"), Map.of("p", 2), Map.of("o", "c")), offsets);
    }

    @Test
    void aMissingOrEmptyFileHasNoOffsets() throws Exception {
        FileOffsetBackingStore missing = new FileOffsetBackingStore(dir.resolve("none"));
        missing.start();
        assertEquals(Map.of(), missing.get(List.of(new OffsetCodec().key("c", Map.of("p", 1)))));
        Path empty = Files.createFile(dir.resolve("empty"));
        FileOffsetBackingStore emptyStore = new FileOffsetBackingStore(empty);
        emptyStore.start();
        assertEquals(Map.of(), emptyStore.get(List.of(new OffsetCodec().key("c", Map.of("p", 1)))));
    }

    @Test
    void refusesAFileThatIsNotAnOffsetsFile() throws Exception {
        Path file = dir.resolve("foreign");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(new java.util.Date());
        }
        ConnectException e = assertThrows(ConnectException.class, () -> new FileOffsetBackingStore(file).start());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aTombstoneRemovesAnOffset() {
        FileOffsetBackingStore store = new FileOffsetBackingStore(dir.resolve("o"));
        store.start();
        OffsetStorageWriter writer = new OffsetStorageWriter(store, new OffsetCodec(), "c");
        writer.offset(Map.of("p", 1), Map.of("o", 1));
        writer.beginFlush();
        writer.doFlush();
        writer.offset(Map.of("p", 1), null);
        writer.beginFlush();
        writer.doFlush();
        assertNull(new OffsetReader(store, new OffsetCodec(), "c").offset(Map.of("p", 1)));
    }
}

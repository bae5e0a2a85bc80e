package io.fluxgate.runtime.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source offsets in {@code offset.storage.file.filename}, in Apache Kafka Connect's own format: one Java-serialized
 * {@code HashMap<byte[], byte[]>} of serialized keys and values. A file written by Apache Kafka Connect is read here
 * and the other way round, so a worker can move between the two without losing its place.
 *
 * <p>Unlike Kafka, the file is written beside and moved into place, so a crash in the middle of a write leaves the
 * previous offsets rather than a truncated file.
 */
public final class FileOffsetBackingStore extends MemoryOffsetBackingStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileOffsetBackingStore.class);

    /** Only what the format contains may be deserialized: a HashMap (and its entry table) of byte arrays. */
    private static final ObjectInputFilter FORMAT_ONLY = info -> {
        Class<?> type = info.serialClass();
        if (type == null || type == HashMap.class || type == byte[].class || type == Map.Entry[].class) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        return ObjectInputFilter.Status.REJECTED;
    };

    private final Path file;

    public FileOffsetBackingStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void start() {
        LOG.info("Starting FileOffsetBackingStore with file {}", file);
        data.clear();
        data.putAll(read(file));
    }

    @Override
    public synchronized void stop() {
        LOG.info("Stopped FileOffsetBackingStore");
    }

    @Override
    protected void save() {
        write(file, data);
    }

    /** The offsets in {@code file}; none when it does not exist or is empty (as Kafka, which may find it so). */
    static Map<ByteBuffer, ByteBuffer> read(Path file) {
        try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(in)) {
            objects.setObjectInputFilter(FORMAT_ONLY);
            Object content = objects.readObject();
            if (!(content instanceof HashMap<?, ?> raw)) {
                throw new ConnectException("Expected HashMap but found " + content.getClass());
            }
            Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
            raw.forEach((key, value) -> result.put(key == null ? null : ByteBuffer.wrap((byte[]) key),
                    value == null ? null : ByteBuffer.wrap((byte[]) value)));
            return result;
        } catch (NoSuchFileException | EOFException e) {
            return new HashMap<>();
        } catch (InvalidClassException e) {
            throw new ConnectException("The offsets file " + file + " is not a Kafka Connect offsets file: " + e, e);
        } catch (IOException | ClassNotFoundException e) {
            throw new ConnectException("Cannot read the offsets file " + file + ": " + e, e);
        }
    }

    static void write(Path file, Map<ByteBuffer, ByteBuffer> data) {
        HashMap<byte[], byte[]> raw = new HashMap<>();
        data.forEach((key, value) -> raw.put(OffsetCodec.bytes(key), OffsetCodec.bytes(value)));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // beside the file, with the default permissions Kafka's file has (a temp file would be private)
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp); ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(raw);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ConnectException("Cannot write the offsets file " + file + ": " + e, e);
        }
    }
}

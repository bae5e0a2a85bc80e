package io.fluxgate.plugins.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which store entry a plugin file or directory was, by what a stat of it shows: its real path, and the names, sizes and
 * modification times of its files (the way FileInstall itself tells a file changed). Digesting a large plugin again at
 * every start costs seconds in a JVM that has not compiled SHA-256 yet; a stat costs nothing. A state is remembered
 * only when it did not change while its content was read, so a file rewritten meanwhile is digested again next time.
 */
final class StateMemo {

    private static final Logger LOG = LoggerFactory.getLogger(StateMemo.class);
    /** The store's directory of remembered states, one small file each, named after the state's digest. */
    static final String DIRECTORY = ".states";

    private final Path dir;
    private final Path entries;

    StateMemo(Path dir, Path entries, Duration unusedFor) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.entries = entries;
        deleteOlderThan(Instant.now().minus(unusedFor));
    }

    /** The state of a file, or of a directory and every file under it (links followed, as Kafka follows them). */
    String stateOf(Path path) throws IOException {
        Path real = path.toRealPath();
        StringBuilder state = new StringBuilder(real.toString()).append('\n');
        if (!Files.isDirectory(real)) {
            return append(state, "", Files.readAttributes(real, BasicFileAttributes.class)).toString();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(real, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            append(state, real.relativize(file).toString(), Files.readAttributes(file, BasicFileAttributes.class));
        }
        return state.toString();
    }

    /** The entry a state was last stored as, if that entry still exists. */
    Path entry(String state) throws IOException {
        if (state == null) {
            return null;
        }
        Path file = dir.resolve(key(state));
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Path entry = entries.resolve(Files.readString(file, StandardCharsets.UTF_8).strip());
        if (!Files.isDirectory(entry)) {
            return null;
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        return entry;
    }

    /** Remembers {@code entry} for a state, unless the state changed between {@code before} and {@code after}. */
    void remember(String before, String after, Path entry) throws IOException {
        if (before == null || !before.equals(after)) {
            return;
        }
        Path file = dir.resolve(key(before));
        Path partial = Files.createTempFile(dir, ".partial-", "");
        Files.writeString(partial, entry.getFileName().toString(), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static StringBuilder append(StringBuilder state, String name, BasicFileAttributes attributes) {
        return state.append(name).append('\0').append(attributes.size()).append('\0')
                .append(attributes.lastModifiedTime().toMillis()).append('\n');
    }

    private static String key(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(state.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void deleteOlderThan(Instant oldest) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(oldest)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean the remembered plugin states in {}: {}", dir, e.toString());
        }
    }
}

package io.fluxgate.plugins.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.plugins.isolation.WorkerClassPath;

/**
 * Plugins' content, kept under the distribution's {@code data/plugin-content/}, one entry per plugin name and
 * content: {@code <name>-<digest>/} with the plugin's archives under {@code files/}, its class path and its
 * {@link ContentIndex}. An entry is keyed by the SHA-256 of what it holds and never changes once written, so that a
 * plugin revision's class loader always reads the bytes it started with, even when the user overwrites the file in
 * place; and a worker restart, or the same plugin dropped again, finds its entry and reads nothing twice.
 *
 * <p>Entries are written aside and moved into place, so a reader never sees half of one. Entries unused for
 * {@link #UNUSED_FOR} are deleted when the store opens (each use touches its entry). A file or directory seen before
 * with the same names, sizes and times is recognised without reading it ({@link StateMemo}): a worker's restart then
 * reads none of its plugins' bytes.
 */
public final class PluginContentStore {

    private static final Logger LOG = LoggerFactory.getLogger(PluginContentStore.class);
    /** How long an entry no deploy has used is kept: plugins come back (a rollback, a re-drop) within days. */
    static final Duration UNUSED_FOR = Duration.ofDays(7);
    private static final String TEMPORARY_PREFIX = ".partial-";

    private final Path root;
    private final ContentIndexer indexer;
    private final StateMemo memo;

    /**
     * @param root            the store's directory, created when missing
     * @param workerClassPath what plugins find outside their archives (for the index)
     */
    public PluginContentStore(Path root, WorkerClassPath workerClassPath) throws IOException {
        this.root = Files.createDirectories(root);
        this.indexer = new ContentIndexer(workerClassPath);
        this.memo = new StateMemo(root.resolve(StateMemo.DIRECTORY), root, UNUSED_FOR);
        deleteUnused();
    }

    /** Stores a plain plugin jar (or zip), named after its file. */
    public PluginContent storeJar(Path jar) throws IOException {
        String fileName = jar.getFileName().toString();
        String seen = memo.stateOf(jar);
        Path known = memo.entry(seen);
        if (known != null) {
            return open(known);
        }
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        Path entry = root.resolve(entryName(fileName, digest.digest()));
        if (!Files.isDirectory(entry)) {
            write(entry, files -> Files.copy(jar, files.resolve(fileName)), List.of(fileName));
        }
        memo.remember(seen, memo.stateOf(jar), entry);
        return open(entry);
    }

    /**
     * Stores a plugin directory from FileInstall's jar of it: its archives at any depth, sorted as Kafka sorts them
     * ({@code PluginUtils.pluginUrls}), or, when it has none, its whole tree as a directory of classes.
     *
     * @param name      the directory's name
     * @param directory the directory itself, whose files' names, sizes and times recognise it unchanged; null when
     *                  unknown (its jar is then read whatever it holds)
     * @throws IOException also when one of its archives is not complete (a copy still under way)
     */
    public PluginContent storeDirectory(Path directoryJar, String name, Path directory) throws IOException {
        String seen = directory == null ? null : memo.stateOf(directory);
        Path known = memo.entry(seen);
        if (known != null) {
            return open(known);
        }
        TreeMap<String, String> digests = new TreeMap<>();
        boolean classFiles = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(directoryJar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                String path = safePath(entry.getName());
                // Streamed: a file of the directory may be large; only an archive's end is kept, to check it.
                MessageDigest digest = sha256();
                Archives.Tail tail = new Archives.Tail();
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = zip.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                    tail.add(buffer, n);
                }
                if (isArchive(path) && !tail.isCompleteArchive()) {
                    throw new IOException(path + " is not a complete archive");
                }
                digests.put(path, HexFormat.of().formatHex(digest.digest()));
                classFiles |= path.endsWith(".class");
            }
        }
        List<String> archives = digests.keySet().stream().filter(PluginContentStore::isArchive).toList();
        if (!archives.isEmpty() && classFiles) {
            LOG.warn("Plugin directory {} has both archives and class files: only its archives are its class path, "
                    + "as in Kafka", name);
        }
        List<String> classPath = !archives.isEmpty() ? archives : classFiles ? List.of(".") : List.of();
        MessageDigest key = sha256();
        digests.forEach((path, hex) -> key.update((path + '\0' + hex + '\n').getBytes(StandardCharsets.UTF_8)));
        Path entry = root.resolve(entryName(name, key.digest()));
        if (!Files.isDirectory(entry)) {
            write(entry, files -> extract(directoryJar, files, archives.isEmpty() ? null : archives), classPath);
        }
        if (directory != null) {
            memo.remember(seen, memo.stateOf(directory), entry);
        }
        return open(entry);
    }

    /** Opens an entry, computing its index again if it has none of the current format. */
    private PluginContent open(Path entry) throws IOException {
        Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        try {
            return PluginContent.open(entry);
        } catch (IOException e) {
            List<String> classPath = Files.readAllLines(entry.resolve(PluginContent.CLASS_PATH));
            writeIndex(entry, classPath);
            return PluginContent.open(entry);
        }
    }

    private interface FilesWriter {
        void writeTo(Path files) throws IOException;
    }

    private void write(Path entry, FilesWriter content, List<String> classPath) throws IOException {
        Path partial = Files.createTempDirectory(root, TEMPORARY_PREFIX);
        try {
            Path files = Files.createDirectories(partial.resolve(PluginContent.FILES));
            content.writeTo(files);
            Files.write(partial.resolve(PluginContent.CLASS_PATH), classPath, StandardCharsets.UTF_8);
            writeIndex(partial, classPath);
            try {
                Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(entry)) {
                    throw e;
                }
                // Written meanwhile by another deploy of the same content: the same bytes.
            }
        } finally {
            deleteTree(partial);
        }
    }

    private void writeIndex(Path entry, List<String> classPath) throws IOException {
        long started = System.nanoTime();
        ContentIndex index = indexer.index(entry.resolve(PluginContent.FILES), classPath);
        Path partial = Files.createTempFile(entry, TEMPORARY_PREFIX, "");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.ISO_8859_1)) {
            index.write(out);
        }
        Files.move(partial, entry.resolve(PluginContent.INDEX), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        LOG.debug("Indexed {} in {} ms", entry.getFileName(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Writes the directory's files, or only its archives when it has some. */
    private static void extract(Path directoryJar, Path files, List<String> only) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(directoryJar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String path = safePath(entry.getName());
                if (entry.isDirectory() || (only != null && !only.contains(path))) {
                    continue;
                }
                Path target = files.resolve(path);
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
            }
        }
    }

    private void deleteUnused() {
        Instant oldest = Instant.now().minus(UNUSED_FOR);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean partial = name.startsWith(TEMPORARY_PREFIX);
                if (!name.equals(StateMemo.DIRECTORY)
                        && (partial || Files.getLastModifiedTime(entry).toInstant().isBefore(oldest))) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean the plugin content store {}: {}", root, e.toString());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    /** A zip entry name as a relative path that stays inside its directory. */
    private static String safePath(String name) throws IOException {
        String path = name.replace('\\', '/');
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new IOException("Entry " + name + " leaves its directory");
            }
        }
        return path;
    }

    static boolean isArchive(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jar") || lower.endsWith(".zip");
    }

    private static String entryName(String name, byte[] digest) {
        String base = name.replaceAll("(?i)\\.(jar|zip)$", "").replaceAll("[^A-Za-z0-9._-]+", "_");
        if (base.length() > 80) {
            base = base.substring(0, 80);
        }
        return base + "-" + HexFormat.of().formatHex(digest, 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

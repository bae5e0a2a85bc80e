package io.fluxgate.plugins.wrap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bundles made from plain plugin jars, kept across restarts under the distribution's data/: wrapping costs bndlib's
 * analysis (a few hundred milliseconds at start-up, and bndlib's classes in memory), while the result depends only on
 * the jar's bytes and the packages the platform exports, which together make the key.
 */
final class WrappedBundleCache {

    /** Changes whenever the wrapper writes bundles differently, so that older entries are not used. */
    private static final String FORMAT = "2: dynamic imports, plugin headers";

    private final Path dir;
    private Set<String> digestedPlatform;
    private byte[] platformDigest;

    WrappedBundleCache(Path dir) {
        this.dir = dir;
    }

    /** The cache entry for {@code jar} against {@code platform}, whether it exists yet or not. */
    Path entryFor(Path jar, Set<String> platform) throws IOException {
        MessageDigest digest = sha256();
        digest.update(platformDigest(platform));
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        String key = HexFormat.of().formatHex(digest.digest(), 0, 12);
        return dir.resolve(baseName(jar) + "-" + key + ".bundle.jar");
    }

    /**
     * The format and the platform's packages, digested once for the set every deploy passes (thousands of packages:
     * sorting and hashing them again for each of fifty jars was most of the cost of a cache hit).
     */
    private synchronized byte[] platformDigest(Set<String> platform) {
        if (platform != digestedPlatform && !platform.equals(digestedPlatform)) {
            MessageDigest digest = sha256();
            digest.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            for (String pkg : new TreeSet<>(platform)) {
                digest.update(pkg.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) ',');
            }
            platformDigest = digest.digest();
            digestedPlatform = platform;
        }
        return platformDigest;
    }

    /** A copy of the cached bundle at {@code target}, if there is one. */
    Optional<Path> copyTo(Path entry, Path target) throws IOException {
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        return Optional.of(Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING));
    }

    /** Stores a freshly wrapped bundle; written aside and moved, so a reader never sees half an entry. */
    void store(Path wrapped, Path entry) throws IOException {
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, baseName(wrapped), ".partial");
        Files.copy(wrapped, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

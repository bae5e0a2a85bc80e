package io.fluxgate.plugins.wrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrappedBundleCacheTest {

    @TempDir
    Path dir;

    @Test
    void entryIsKeyedByTheJarBytesAndThePlatformPackages() throws Exception {
        WrappedBundleCache cache = new WrappedBundleCache(dir.resolve("cache"));
        Path jar = Files.write(dir.resolve("connect-file-4.3.1.jar"), new byte[] {1, 2, 3});
        Set<String> platform = Set.of("org.apache.kafka.connect.source", "org.slf4j");

        Path entry = cache.entryFor(jar, platform);
        assertTrue(entry.getFileName().toString().startsWith("connect-file-4.3.1-"), entry.toString());
        assertEquals(entry, cache.entryFor(jar, Set.of("org.slf4j", "org.apache.kafka.connect.source")),
                "the order of the platform packages does not matter");
        assertNotEquals(entry, cache.entryFor(jar, Set.of("org.slf4j")), "another platform, another bundle");
        Files.write(jar, new byte[] {1, 2, 4});
        assertNotEquals(entry, cache.entryFor(jar, platform), "another jar, another bundle");
    }

    @Test
    void storedBundlesAreCopiedBackAndMissesAreEmpty() throws Exception {
        WrappedBundleCache cache = new WrappedBundleCache(dir.resolve("cache"));
        Path jar = Files.write(dir.resolve("p.jar"), new byte[] {9});
        Path entry = cache.entryFor(jar, Set.of());
        Path target = dir.resolve("target.jar");
        assertTrue(cache.copyTo(entry, target).isEmpty());

        Path wrapped = Files.write(dir.resolve("p.bundle.jar"), new byte[] {7, 7});
        cache.store(wrapped, entry);
        assertTrue(cache.copyTo(entry, target).isPresent());
        assertArrayEquals(new byte[] {7, 7}, Files.readAllBytes(target));
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(1, files.count(), "no partial file left behind");
        }
    }
}

package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugins/ as operators fill it, and as an attacker might. Plugins kept elsewhere and linked into plugins/ (a shared
 * volume, a package manager's directory), as Apache's plugin.path follows symbolic links: a linked plugin directory
 * is installed at start, a linked directory or jar dropped while the worker runs is installed then, and removing a
 * link removes its plugin. And a 1 MiB jar whose service manifest inflates to 1 GiB: refused, never read whole.
 */
class PluginFilesTest {

    private static final String GUAVA31 = "io.fluxgate.testplugins.guava31.Guava31SourceConnector";
    private static final String JACKSON = "io.fluxgate.testplugins.jackson.JacksonMapConverter";
    private static final String ALL_TYPES = "io.fluxgate.testplugins.alltypes.AllTypesSinkConnector";

    @TempDir
    static Path dir;
    private static RunningWorker worker;
    private static Path plugins;
    private static Path elsewhere;
    private static Path testPlugins;

    @BeforeAll
    static void startWithALinkedPlugin() throws Exception {
        Distribution dist = Distribution.copyInto(dir.resolve("worker"));
        plugins = dist.home.resolve("plugins");
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        testPlugins = Path.of(System.getProperty("fluxgate.test.plugins"));
        copyTree(testPlugins.resolve("guava31-plugin"), elsewhere.resolve("guava31-plugin"));
        Files.createSymbolicLink(plugins.resolve("guava31"), elsewhere.resolve("guava31-plugin"));
        worker = RunningWorker.start(dist, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void linkedPluginsAreInstalledAndRemovedWithTheirLinks() throws Exception {
        RunningWorker.await("the linked directory's connector at start", Duration.ofSeconds(30),
                () -> listed(worker, GUAVA31));

        copyTree(testPlugins.resolve("jackson-plugin"), elsewhere.resolve("jackson-plugin"));
        Files.createSymbolicLink(plugins.resolve("jackson"), elsewhere.resolve("jackson-plugin"));
        RunningWorker.await("a directory linked while running", Duration.ofSeconds(30),
                () -> listed(worker, JACKSON));

        Path jar = Files.copy(jar(testPlugins, "test-plugin-all-types"), elsewhere.resolve("all-types.jar"));
        Files.createSymbolicLink(plugins.resolve("all-types.jar"), jar);
        RunningWorker.await("a jar linked while running", Duration.ofSeconds(30),
                () -> listed(worker, ALL_TYPES));

        Files.delete(plugins.resolve("guava31"));
        RunningWorker.await("the unlinked directory's connector gone", Duration.ofSeconds(30),
                () -> !listed(worker, GUAVA31));
        RunningWorker.await("the others still there", Duration.ofSeconds(5),
                () -> listed(worker, JACKSON) && listed(worker, ALL_TYPES));
    }

    /**
     * A jar of 1 MiB whose {@code META-INF/services} manifest for source connectors inflates to 1 GiB: refused with
     * the reason in the log, the worker healthy, and its memory's high-water mark far below what reading it whole
     * would have taken (the worker may use 2 GiB of heap).
     */
    @Test
    void aServiceManifestInflatingToAGigabyteIsNotReadWhole() throws Exception {
        Path bomb = elsewhere.resolve("inflating.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bomb))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new JarEntry("META-INF/services/org.apache.kafka.connect.source.SourceConnector"));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 1024; i++) {
                out.write(spaces);
            }
            out.closeEntry();
        }
        assertTrue(Files.size(bomb) < 2 << 20, "a jar of about 1 MiB: " + Files.size(bomb));
        Files.move(bomb, plugins.resolve("inflating.jar"));

        Path log = worker.dist.home.resolve("logs/connect.log");
        RunningWorker.await("the jar refused in the log", Duration.ofSeconds(60), () -> {
            try {
                String text = Files.readString(log);
                return text.contains("inflating.jar") && text.contains("larger than 1024 KiB");
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals(200, worker.status("/health"));
        long peakKiB = Files.readAllLines(Path.of("/proc", String.valueOf(worker.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:")).map(line -> line.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst().orElseThrow();
        System.out.printf("PluginFilesTest: worker's peak RSS %d MiB after the 1 GiB manifest%n", peakKiB / 1024);
        assertTrue(peakKiB < 900 * 1024, "peak RSS " + peakKiB / 1024 + " MiB: the manifest was read whole?");
    }

    private static boolean listed(RunningWorker worker, String className) {
        return worker.body("/connector-plugins?connectorsOnly=false").contains("\"" + className + "\"");
    }

    private static Path jar(Path testPlugins, String artifactId) throws IOException {
        try (Stream<Path> files = Files.list(testPlugins.resolve("jars"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifactId + "-")).findFirst()
                    .orElseThrow(() -> new IOException("no test plugin " + artifactId));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}

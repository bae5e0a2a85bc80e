package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins kept elsewhere and linked into plugins/ (a shared volume, a package manager's directory), as Apache's
 * plugin.path follows symbolic links: a linked plugin directory is installed at start, a linked directory or jar
 * dropped while the worker runs is installed then, and removing a link removes its plugin.
 */
class PluginSymlinkTest {

    private static final String GUAVA31 = "io.fluxgate.testplugins.guava31.Guava31SourceConnector";
    private static final String JACKSON = "io.fluxgate.testplugins.jackson.JacksonMapConverter";
    private static final String ALL_TYPES = "io.fluxgate.testplugins.alltypes.AllTypesSinkConnector";

    @Test
    void linkedPluginsAreInstalledAndRemovedWithTheirLinks(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir.resolve("worker"));
        Path plugins = dist.home.resolve("plugins");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path testPlugins = Path.of(System.getProperty("fluxgate.test.plugins"));
        copyTree(testPlugins.resolve("guava31-plugin"), elsewhere.resolve("guava31-plugin"));
        Files.createSymbolicLink(plugins.resolve("guava31"), elsewhere.resolve("guava31-plugin"));

        try (RunningWorker worker = RunningWorker.start(dist, Map.of())) {
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

package io.fluxgate.itests.osgi;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * Watched plugin directories for in-framework tests, with FileInstall configured as the launcher configures it, and
 * the test plugins of plugins/ (copied by the build into target/test-plugins) to drop into them.
 */
final class PluginDrops {

    static final long TIMEOUT_MS = 20_000;
    private static final String DIRS = "fluxgate.test.watched";

    private PluginDrops() {
    }

    /**
     * The shipped platform plus FileInstall watching {@code count} fresh directories (the first stands for plugins/,
     * the others for plugin.path entries).
     */
    static List<Option> options(int count) throws IOException {
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dirs.add(Files.createTempDirectory(Path.of("target"), "pax-watched").toRealPath().toString());
        }
        List<Option> options = ShippedPlatform.options();
        options.add(systemProperty(DIRS).value(String.join(",", dirs)));
        options.add(systemProperty("fluxgate.test.plugins").value(System.getProperty("fluxgate.test.plugins")));
        options.add(frameworkProperty("felix.fileinstall.dir").value(String.join(",", dirs)));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.jar|.*\\.zip|.+/.+\\.class"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.tmpdir").value(
                Files.createTempDirectory(Path.of("target"), "pax-fileinstall-tmp").toRealPath().toString()));
        return options;
    }

    /** The i-th watched directory. */
    static Path watched(int i) {
        return Path.of(System.getProperty(DIRS).split(",")[i]);
    }

    /** A test plugin jar, by its artifact id, e.g. {@code test-plugin-all-types}. */
    static Path jar(String artifactId) throws IOException {
        try (Stream<Path> jars = Files.list(testPlugins().resolve("jars"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith(artifactId + "-")).findFirst()
                    .orElseThrow(() -> new IOException("no test plugin " + artifactId));
        }
    }

    /** A test plugin directory laid out for plugin.path, e.g. {@code guava31-plugin}. */
    static Path directory(String name) {
        return testPlugins().resolve(name);
    }

    private static Path testPlugins() {
        return Path.of(System.getProperty("fluxgate.test.plugins"));
    }

    /** As a careful user deploys: copy next to the directory, then an atomic move into it. */
    static Path moveIn(Path source, Path target) throws IOException {
        Path outside = Files.createTempDirectory(Path.of("target"), "staging").resolve(target.getFileName());
        copy(source, outside);
        return Files.move(outside, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A plain copy, file by file, as {@code cp -r} does. */
    static Path copy(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            return Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
        return target;
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The location FileInstall installs a file's or directory's bundle under. */
    static String locationOf(Path file) {
        return file.toFile().toURI().normalize().toString();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within " + TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
    }
}

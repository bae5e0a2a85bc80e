package io.fluxgate.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

import io.fluxgate.boot.FrameworkProperties;
import io.fluxgate.launcher.SystemPackages;

/**
 * The platform exactly as the assembled distribution ships it, for pax-exam: the system packages the launcher
 * exports and the bundles of {@code system/<start level>/}, each at its start level.
 */
final class ShippedPlatform {

    private ShippedPlatform() {
    }

    /** The distribution built by the distribution module. */
    static Path distribution() {
        return Path.of(System.getProperty("fluxgate.distribution"));
    }

    /** The options every in-framework test starts from. */
    static List<Option> options() throws IOException {
        List<Option> options = new ArrayList<>();
        options.add(systemPackages(SystemPackages.fromClassPath()));
        options.add(systemProperty("logback.configurationFile").value("logback-test.xml"));
        options.add(cleanCaches());
        options.add(junitBundles());
        // Plugins fall back to the distribution's worker class path, not to the test's libraries.
        options.add(frameworkProperty(FrameworkProperties.WORKER_CLASS_PATH)
                .value(distribution().resolve("lib/connect-runtime").toString()));
        options.add(frameworkProperty(FrameworkProperties.WORKER_CLASS_PATH_APPLICATION_JARS)
                .value(String.join(",", libJars())));
        for (Path jar : bundles()) {
            int level = Integer.parseInt(jar.getParent().getFileName().toString());
            options.add(bundle(jar.toUri().toString()).startLevel(level).start());
        }
        return options;
    }

    /** The file names of the distribution's lib/*.jar: the launcher's class path. */
    static List<String> libJars() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(distribution().resolve("lib"), "*.jar")) {
            jars.forEach(jar -> names.add(jar.getFileName().toString()));
        }
        return names;
    }

    /**
     * The jars of the distribution's system/&lt;start level&gt;/ directories: the platform as the launcher starts it
     * with the Web Console off (system/console/ is installed only with console.password; WebConsoleTest covers it).
     */
    static List<Path> bundles() throws IOException {
        List<Path> bundles = new ArrayList<>();
        try (DirectoryStream<Path> levels = Files.newDirectoryStream(distribution().resolve("system"), "[0-9]*")) {
            for (Path level : levels) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(level, "*.jar")) {
                    jars.forEach(bundles::add);
                }
            }
        }
        return bundles;
    }
}

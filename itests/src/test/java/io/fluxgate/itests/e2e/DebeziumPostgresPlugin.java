package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Debezium's PostgreSQL connector as its users install it: the directory its plugin archive
 * ({@code debezium-connector-postgres-<version>-plugin.tar.gz}) extracts to, which itests/pom.xml unpacks into
 * {@code fluxgate.real.plugins}. Tests copy that directory, unchanged, where a worker looks for plugins.
 */
final class DebeziumPostgresPlugin {

    static final String CONNECTOR_CLASS = "io.debezium.connector.postgresql.PostgresConnector";
    static final String DIRECTORY = "debezium-connector-postgres";

    private DebeziumPostgresPlugin() {
    }

    /** The extracted archive; fails when the build has not unpacked it. */
    static Path extracted() {
        Path dir = Path.of(System.getProperty("fluxgate.real.plugins", "target/real-plugins"), DIRECTORY);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No extracted Debezium plugin at " + dir
                    + ": run the itests build (generate-test-resources unpacks it)");
        }
        return dir;
    }

    /** Copies the extracted directory into {@code parent} (as a user extracts the archive there); answers the copy. */
    static Path copyInto(Path parent) throws IOException {
        Path source = extracted();
        Path target = parent.resolve(DIRECTORY);
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(from -> {
                Path to = target.resolve(source.relativize(from).toString());
                try {
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}

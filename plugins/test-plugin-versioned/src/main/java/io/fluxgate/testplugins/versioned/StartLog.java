package io.fluxgate.testplugins.versioned;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one line per start ({@code connector 1.0.0}, {@code task 2.0.0}) to the file named by {@code starts.file},
 * so that a test outside the worker's process counts the restarts an upgrade causes, and sees on which version.
 */
final class StartLog {

    static final String FILE_CONFIG = "starts.file";

    private StartLog() {
    }

    static synchronized void started(Map<String, String> props, String what) {
        String file = props.get(FILE_CONFIG);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), what + " " + Release.VERSION + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

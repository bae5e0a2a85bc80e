package io.fluxgate.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Reads a worker properties file the way Kafka's {@code Utils.loadProps} does: Java properties, UTF-8. */
final class WorkerPropertiesFile {

    private WorkerPropertiesFile() {
    }

    static Map<String, String> read(Path file) throws LaunchException {
        if (!Files.exists(file)) {
            throw new LaunchException("Worker properties file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("Worker properties file " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new LaunchException("Worker properties file " + file + " cannot be read (permission denied)");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException("Worker properties file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
        return map;
    }
}

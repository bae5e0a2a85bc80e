package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;

/**
 * Kafka Connect's quickstart in process, with Apache's own connect-file connectors on a real broker: a file goes
 * through a topic into another file, identical; a restart resumes from the committed offsets, without loss or copy.
 */
class FileQuickstartTest {

    private static final Logger LOG = LoggerFactory.getLogger(FileQuickstartTest.class);
    private static final int LINES = 50_000;

    @TempDir
    Path dir;

    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins();

    @Test
    void fileToTopicToFileThenResumeAfterRestart() throws Exception {
        Path input = dir.resolve("test.txt");
        Path output = dir.resolve("test.sink.txt");
        Path offsets = dir.resolve("connect.offsets");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add("line " + i + " " + "x".repeat(i % 80));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        // A long flush interval: what is committed here is committed by the stop itself.
        Map<String, String> settings = TestHerders.settings(offsets, "offset.flush.interval.ms", "600000");

        StandaloneHerder herder = TestHerders.start(registry, settings);
        long started = System.nanoTime();
        createQuickstartConnectors(herder, input, output);
        Await.until("the sink file has every line", Duration.ofSeconds(60), () -> lineCount(output) >= LINES);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("Quickstart: {} records end to end in {} s: {} records/s (JsonConverter, schemas enabled)", LINES,
                String.format("%.2f", seconds), Math.round(LINES / seconds));
        assertSameLines(lines, Files.readAllLines(output), "the sink file is the source file");
        for (String name : List.of("local-file-source", "local-file-sink")) {
            ConnectorStateInfo status = herder.connectorStatus(name);
            assertEquals(State.RUNNING, status.connector().state(), status.toString());
            assertEquals(State.RUNNING, status.tasks().get(0).state(), status.toString());
            assertEquals("127.0.0.1:8083", status.connector().workerId());
            assertEquals("1.0.0-test", status.connector().version());
        }
        herder.close();

        assertEquals("{\"position\":" + Files.size(input) + "}", storedOffset(offsets,
                "[\"local-file-source\",{\"filename\":\"" + input + "\"}]"), "the stop committed every offset");

        List<String> more = List.of("after restart 1", "after restart 2", "after restart 3");
        Files.write(input, more, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        StandaloneHerder restarted = TestHerders.start(registry, settings);
        try {
            createQuickstartConnectors(restarted, input, output);
            List<String> expected = new ArrayList<>(lines);
            expected.addAll(more);
            Await.until("the appended lines arrive", Duration.ofSeconds(60),
                    () -> lineCount(output) >= expected.size());
            Thread.sleep(1_500); // anything copied twice would arrive meanwhile
            assertSameLines(expected, Files.readAllLines(output), "resumed without loss or copy");
        } finally {
            restarted.close();
        }
    }

    private static void createQuickstartConnectors(StandaloneHerder herder, Path input, Path output)
            throws Exception {
        // the shipped connect-file-source.properties and connect-file-sink.properties, by alias
        herder.putConnectorConfig("local-file-source", Map.of("connector.class", "FileStreamSource",
                "tasks.max", "1", "file", input.toString(), "topic", "connect-test"), null, false)
                .toCompletableFuture().get();
        herder.putConnectorConfig("local-file-sink", Map.of("connector.class", "FileStreamSink",
                "tasks.max", "1", "file", output.toString(), "topics", "connect-test"), null, false)
                .toCompletableFuture().get();
    }

    /** Compares long files line by line, reporting the first difference rather than both files. */
    static void assertSameLines(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": line " + (i + 1) + " differs");
        }
        assertEquals(expected.size(), actual.size(), what + ": line count");
    }

    /** The value stored under {@code key}, read from the file as Apache's FileOffsetBackingStore reads it. */
    @SuppressWarnings("unchecked")
    private static String storedOffset(Path file, String key) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            Map<byte[], byte[]> raw = (Map<byte[], byte[]>) in.readObject();
            for (Map.Entry<byte[], byte[]> entry : raw.entrySet()) {
                if (new String(entry.getKey(), StandardCharsets.UTF_8).equals(key)) {
                    return new String(entry.getValue(), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    static long lineCount(Path file) {
        try (var stream = Files.lines(file)) {
            return Files.exists(file) ? stream.count() : 0;
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}

package io.fluxgate.runtime.standalone;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;

/**
 * The file pipeline of the baseline (records of 100 bytes, one partition), in process: {@code -Dfluxgate.benchmark=true
 * -Dfluxgate.benchmark.records=1000000}. Off by default to keep the build short.
 */
@EnabledIfSystemProperty(named = "fluxgate.benchmark", matches = "true")
class FilePipelineThroughputTest {

    private static final Logger LOG = LoggerFactory.getLogger(FilePipelineThroughputTest.class);

    @TempDir
    Path dir;

    @Test
    void stringConverter() throws Exception {
        run("org.apache.kafka.connect.storage.StringConverter", "string");
    }

    @Test
    void jsonConverterWithSchemas() throws Exception {
        run("org.apache.kafka.connect.json.JsonConverter", "json");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private void run(String converter, String label) throws Exception {
        int records = Integer.getInteger("fluxgate.benchmark.records", 300_000);
        Path input = dir.resolve("in.txt");
        Path output = dir.resolve("out.txt");
        try (BufferedWriter writer = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records; i++) {
                String prefix = label + "-" + i + " ";
                writer.write(prefix + "x".repeat(99 - prefix.length()));
                writer.newLine();
            }
        }
        String topic = "bench-" + label + "-" + System.nanoTime();
        StandaloneHerder herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(),
                TestHerders.settings(dir.resolve("offsets"), "key.converter", converter, "value.converter",
                        converter));
        try {
            long started = System.nanoTime();
            herder.putConnectorConfig("bench-source-" + label, Map.of("connector.class", "FileStreamSource",
                    "file", input.toString(), "topic", topic), null, false).toCompletableFuture().get();
            herder.putConnectorConfig("bench-sink-" + label, Map.of("connector.class", "FileStreamSink",
                    "file", output.toString(), "topics", topic), null, false).toCompletableFuture().get();
            long size = Files.size(input);
            Await.until("every record is copied", Duration.ofMinutes(5), () -> sizeOf(output) >= size);
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("BENCHMARK {}: {} records of 100 bytes end to end in {} s = {} records/s", label, records,
                    String.format("%.2f", seconds), Math.round(records / seconds));
            FileQuickstartTest.assertSameLines(Files.readAllLines(input), Files.readAllLines(output), label);
        } finally {
            herder.close();
        }
    }
}

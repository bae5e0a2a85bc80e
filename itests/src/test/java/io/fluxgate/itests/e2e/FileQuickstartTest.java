package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Kafka Connect's quickstart, as its documentation tells it, on the assembled distribution: Apache's
 * FileStreamSource and FileStreamSink (the connect-file jar shipped in plugins/, named by alias) copy a file through
 * a topic of the embedded broker into another file. A restart resumes from the committed offsets: lines appended
 * while the worker was down arrive once, and nothing already copied comes again.
 */
class FileQuickstartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process worker;

    @AfterEach
    void killLeftovers() {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
    }

    @Test
    void fileToTopicToFileAndResumeAfterRestart(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        int restPort = Distribution.freePort();
        Map<String, String> config = dist.shippedStandaloneConfig();
        config.put("fluxgate.embedded.broker.port", String.valueOf(Distribution.freePort()));
        config.put("listeners", "http://127.0.0.1:" + restPort);
        Path workerProps = dist.writeConfig("worker.properties", config);
        // The shipped connector files name test.txt and test.sink.txt, relative to the working directory.
        Path source = dist.home.resolve("test.txt");
        Path sink = dist.home.resolve("test.sink.txt");

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add("line " + i + " " + "x".repeat(i % 50));
        }
        Files.write(source, lines, StandardCharsets.UTF_8);

        startWorker(dist, workerProps);
        URI base = URI.create("http://127.0.0.1:" + restPort);
        awaitTrue("the sink file has every line", Duration.ofSeconds(90), () -> lineCount(sink) >= lines.size());
        assertEquals(lines, Files.readAllLines(sink), "the sink file is the source file");

        JsonNode connectors = json(get(base.resolve("/connectors")));
        assertEquals(List.of("local-file-sink", "local-file-source"), List.of(connectors.get(0).asText(),
                connectors.get(1).asText()));
        for (String name : List.of("local-file-source", "local-file-sink")) {
            JsonNode status = json(get(base.resolve("/connectors/" + name + "/status")));
            assertEquals("RUNNING", status.get("connector").get("state").asText(), status.toString());
            assertEquals("RUNNING", status.get("tasks").get(0).get("state").asText(), status.toString());
        }

        stopWorker();

        List<String> more = List.of("after restart 1", "after restart 2", "after restart 3");
        Files.write(source, more, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        startWorker(dist, workerProps);
        List<String> expected = new ArrayList<>(lines);
        expected.addAll(more);
        awaitTrue("the appended lines arrive", Duration.ofSeconds(90), () -> lineCount(sink) >= expected.size());
        Thread.sleep(2_000); // anything duplicated would arrive in this window
        assertEquals(expected, Files.readAllLines(sink), "resumed from the committed offsets, without loss or copy");
        stopWorker();
        assertEquals("", dist.stderr().trim());
    }

    private void startWorker(Distribution dist, Path workerProps) throws IOException {
        worker = dist.start("connect-standalone.sh", workerProps.toString(),
                dist.home.resolve("config/connect-file-source.properties").toString(),
                dist.home.resolve("config/connect-file-sink.properties").toString());
    }

    private void stopWorker() throws InterruptedException {
        worker.destroy();
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "worker did not stop");
        assertEquals(0, worker.exitValue());
    }

    private void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(worker.isAlive(), "worker exited while waiting until " + what);
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(100);
        }
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}

package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    private RunningWorker worker;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void fileToTopicToFileAndResumeAfterRestart(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        // The shipped connector files name test.txt and test.sink.txt, relative to the working directory.
        RunningWorker.Setup quickstart = RunningWorker.setup(dist).connectors(
                dist.home.resolve("config/connect-file-source.properties"),
                dist.home.resolve("config/connect-file-sink.properties"));
        Path source = dist.home.resolve("test.txt");
        Path sink = dist.home.resolve("test.sink.txt");

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add("line " + i + " " + "x".repeat(i % 50));
        }
        Files.write(source, lines, StandardCharsets.UTF_8);

        worker = quickstart.start();
        worker.awaitWhileRunning("the sink file has every line", Duration.ofSeconds(90),
                () -> lineCount(sink) >= lines.size());
        assertEquals(lines, Files.readAllLines(sink), "the sink file is the source file");

        JsonNode connectors = json(worker.send(HttpRequest.newBuilder(worker.base.resolve("/connectors"))));
        assertEquals(List.of("local-file-sink", "local-file-source"), List.of(connectors.get(0).asText(),
                connectors.get(1).asText()));
        for (String name : List.of("local-file-source", "local-file-sink")) {
            JsonNode status = json(worker.send(HttpRequest.newBuilder(
                    worker.base.resolve("/connectors/" + name + "/status"))));
            assertEquals("RUNNING", status.get("connector").get("state").asText(), status.toString());
            assertEquals("RUNNING", status.get("tasks").get(0).get("state").asText(), status.toString());
        }

        assertEquals(0, worker.stop());

        List<String> more = List.of("after restart 1", "after restart 2", "after restart 3");
        Files.write(source, more, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        worker = quickstart.start(); // the same ports and files: a restart
        List<String> expected = new ArrayList<>(lines);
        expected.addAll(more);
        worker.awaitWhileRunning("the appended lines arrive", Duration.ofSeconds(90),
                () -> lineCount(sink) >= expected.size());
        Thread.sleep(2_000); // anything duplicated would arrive in this window
        assertEquals(expected, Files.readAllLines(sink), "resumed from the committed offsets, without loss or copy");
        assertEquals(0, worker.stop());
        assertEquals("", dist.stderr().trim());
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}

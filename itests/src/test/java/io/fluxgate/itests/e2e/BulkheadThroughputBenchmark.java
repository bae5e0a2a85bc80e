package io.fluxgate.itests.e2e;

import static io.fluxgate.itests.e2e.FilePipelineBenchmark.await;

import java.io.BufferedWriter;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bulkheads (issue 15), measured: the throughput of a healthy FileStreamSource -> topic -> FileStreamSink pipeline on
 * one standalone worker, alone and beside a connector of test-plugin-hostile hung in a task's {@code poll()}, in the
 * connector's {@code taskConfigs()} or in a converter's {@code configure()} (each hung for the whole measurement),
 * and the REST latency meanwhile: a prober reads {@code /connectors?expand=status} and the healthy source's status,
 * and resumes the healthy sink (a write, which goes through the herder), every 100 ms; a call counts for the phase it
 * was sent in, from the hostile connector's creation to the last record. The broker runs in a process of its own.
 * Prints records/s and REST p50/p99 by phase; asserts nothing. Run it with
 * itests/benchmarks/bulkhead-throughput.sh.
 */
public final class BulkheadThroughputBenchmark {

    private static final int RECORDS = Integer.getInteger("records", 500_000);
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final int RECORD_BYTES = 100;
    /** Longer than any measurement, so that the hostile call stays hung throughout. */
    private static final long CALL_TIMEOUT_MS = 120_000;
    private static final String SOURCE = "io.fluxgate.testplugins.hostile.HostileSourceConnector";
    private static final String CONVERTER = "io.fluxgate.testplugins.hostile.HostileConverter";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A phase: what runs beside the healthy pipeline (nothing, for "alone"). */
    private record Neighbour(String phase, Map<String, String> config) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("fluxgate-bulkhead-bench");
        Process broker = null;
        Process worker = null;
        try {
            Distribution cluster = Distribution.copyInto(dir.resolve("cluster"));
            Distribution dist = Distribution.copyInto(dir.resolve("worker"));
            Files.copy(Path.of(System.getProperty("fluxgate.test.plugins"), "hostile", "test-plugin-hostile.jar"),
                    dist.home.resolve("plugins/test-plugin-hostile.jar"));
            int kafkaPort = Distribution.freePort();
            broker = cluster.start(Map.of("FLUXGATE_CDS", "false", "KAFKA_HEAP_OPTS", "-Xms1G -Xmx1G"),
                    "connect-standalone.sh", cluster.writeConfig("broker.properties", Map.of(
                            "fluxgate.embedded.broker.enable", "true",
                            "fluxgate.embedded.broker.port", String.valueOf(kafkaPort),
                            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                            "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                            "offset.storage.file.filename", "data/offsets",
                            "listeners", "http://127.0.0.1:" + Distribution.freePort())).toString());
            await(Duration.ofSeconds(120), () -> cluster.stdout().contains("worker started"));

            int restPort = Distribution.freePort();
            worker = dist.start(Map.of("FLUXGATE_CDS", "false", "KAFKA_HEAP_OPTS", ""), "connect-standalone.sh",
                    dist.writeConfig("worker.properties", Map.of(
                            "bootstrap.servers", "127.0.0.1:" + kafkaPort,
                            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                            "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                            "offset.storage.file.filename", dir.resolve("offsets").toString(),
                            "offset.flush.interval.ms", "10000",
                            "fluxgate.connector.call.timeout.ms", String.valueOf(CALL_TIMEOUT_MS),
                            "listeners", "http://127.0.0.1:" + restPort)).toString());
            URI base = URI.create("http://127.0.0.1:" + restPort);
            HttpClient http = HttpClient.newHttpClient();
            await(Duration.ofSeconds(120), () -> body(http, base.resolve("/connector-plugins")).contains(SOURCE));

            RestLatencies reads = new RestLatencies(base, Duration.ofSeconds(30));
            RestLatencies writes = new RestLatencies(base, Duration.ofSeconds(30));
            Map<String, List<Double>> throughput = new LinkedHashMap<>();
            reads.probe(List.of("/connectors?expand=status", "/connectors/healthy-source/status"));
            Thread resumer = resumeEvery100Ms(writes);
            // A first run warms the worker's JIT up, and the order turns each round, so that neither favours a phase.
            measure(http, base, dir, 0, new Neighbour("warm-up", null), reads, writes);
            for (int round = 1; round <= ROUNDS; round++) {
                List<Neighbour> order = new ArrayList<>(neighbours(dir, round));
                java.util.Collections.rotate(order, -(round - 1));
                for (Neighbour neighbour : order) {
                    double recordsPerSecond = measure(http, base, dir, round, neighbour, reads, writes);
                    throughput.computeIfAbsent(neighbour.phase(), p -> new ArrayList<>()).add(recordsPerSecond);
                    System.out.printf("round %d, %-40s %,9.0f records/s%n", round, neighbour.phase(),
                            recordsPerSecond);
                }
            }
            resumer.interrupt();
            reads.close();
            writes.close();

            System.out.printf("%nhealthy file pipeline, %,d records of %d bytes, string converter, 1 partition, "
                    + "%d rounds (records/s, each round):%n", RECORDS, RECORD_BYTES, ROUNDS);
            throughput.forEach((phase, values) -> System.out.printf("  %-40s median %,9.0f  %s%n", phase,
                    values.stream().sorted().toList().get(values.size() / 2), values.stream()
                            .map(v -> String.format("%,.0f", v)).toList()));
            System.out.println("REST reads (GET /connectors?expand=status and a status, every 100 ms):");
            System.out.print(reads.report().lines().skip(1).takeWhile(l -> !l.startsWith("Calls slower"))
                    .map(l -> l + "\n").reduce("", String::concat));
            System.out.println("REST writes (PUT /connectors/healthy-sink/resume every 100 ms, through the herder):");
            System.out.print(writes.report().lines().skip(1).takeWhile(l -> !l.startsWith("Calls slower"))
                    .map(l -> l + "\n").reduce("", String::concat));
        } finally {
            for (Process p : new Process[] {worker, broker}) {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Nothing, then one hostile connector per hung call; each hangs until its release file exists. */
    private static List<Neighbour> neighbours(Path dir, int round) {
        String release = dir.resolve("release-" + round + "-").toString();
        return List.of(
                new Neighbour("alone", null),
                new Neighbour("beside a task hung in poll()", Map.of("connector.class", SOURCE,
                        "mode", "hang-poll", "release.file", release + "poll")),
                new Neighbour("beside a connector hung in taskConfigs()", Map.of("connector.class", SOURCE,
                        "mode", "hang-task-configs", "release.file", release + "task-configs")),
                new Neighbour("beside a converter hung in configure()", Map.of("connector.class", SOURCE,
                        "value.converter", CONVERTER, "value.converter.mode", "hang-configure",
                        "value.converter.release.file", release + "converter")));
    }

    /**
     * Creates the healthy pipeline on a topic of its own, then the hostile neighbour (its creation may wait for its
     * hung call), then appends the records and times them to the sink's file; releases and deletes everything after.
     */
    private static double measure(HttpClient http, URI base, Path dir, int round, Neighbour neighbour,
            RestLatencies reads, RestLatencies writes) throws Exception {
        String run = round + "-" + neighbour.phase().replaceAll("[^a-z]+", "-");
        Path input = Files.createFile(dir.resolve("in-" + run + ".txt"));
        Path output = dir.resolve("out-" + run + ".txt");
        create(http, base, "healthy-source", Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                "topic", "bench-" + run, "batch.size", "2000", "topic.creation.default.partitions", "1",
                "topic.creation.default.replication.factor", "1"));
        create(http, base, "healthy-sink", Map.of("connector.class", "FileStreamSink", "file", output.toString(),
                "topics", "bench-" + run));
        await(Duration.ofSeconds(60), () -> JSON.readTree(body(http, base.resolve("/connectors/healthy-sink/status")))
                .path("tasks").path(0).path("state").asText().equals("RUNNING"));
        // REST calls count for the phase from the hostile connector's creation on: a call it holds up counts there.
        reads.phase(neighbour.phase());
        writes.phase(neighbour.phase());
        CompletableFuture<HttpResponse<String>> hostile = null;
        if (neighbour.config() != null) {
            hostile = http.sendAsync(post(base, "hostile", neighbour.config()), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(2_000); // in its hung call by now
            if (hostile.isDone() && hostile.get().statusCode() != 201) { // a plugin missing would measure nothing
                throw new IllegalStateException("the hostile connector was refused: " + hostile.get().body());
            }
        }
        long started = System.nanoTime();
        writeRecords(input);
        long expectedBytes = (long) RECORDS * RECORD_BYTES;
        await(Duration.ofMinutes(10), () -> Files.exists(output) && Files.size(output) >= expectedBytes);
        double recordsPerSecond = RECORDS / ((System.nanoTime() - started) / 1e9);
        reads.phase("releasing and deleting");
        writes.phase("releasing and deleting");
        if (hostile != null) {
            Files.writeString(Path.of(neighbour.config().entrySet().stream().filter(e -> e.getKey()
                    .endsWith("release.file")).findFirst().orElseThrow().getValue()), "done");
            hostile.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            delete(http, base, "hostile");
        }
        delete(http, base, "healthy-source");
        delete(http, base, "healthy-sink");
        Files.deleteIfExists(input);
        Files.deleteIfExists(output);
        return recordsPerSecond;
    }

    /** The writes of the prober: resumes of the healthy sink, every 100 ms, each waiting for the herder. */
    private static Thread resumeEvery100Ms(RestLatencies writes) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                writes.send("PUT", "/connectors/healthy-sink/resume");
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rest-resumer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Lines of 99 characters and a newline, each distinct, appended at once. */
    private static void writeRecords(Path input) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND)) {
            String padding = "x".repeat(RECORD_BYTES);
            for (int i = 0; i < RECORDS; i++) {
                String head = "record-" + i + "-";
                out.write(head);
                out.write(padding, 0, RECORD_BYTES - 1 - head.length());
                out.write('\n');
            }
        }
    }

    private static HttpRequest post(URI base, String name, Map<String, String> config) throws IOException {
        return HttpRequest.newBuilder(base.resolve("/connectors")).header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(CALL_TIMEOUT_MS + 30_000))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name,
                        "config", config)))).build();
    }

    private static void create(HttpClient http, URI base, String name, Map<String, String> config)
            throws Exception {
        HttpResponse<String> response = http.send(post(base, name, config), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private static void delete(HttpClient http, URI base, String name) throws Exception {
        http.send(HttpRequest.newBuilder(base.resolve("/connectors/" + name)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String body(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private BulkheadThroughputBenchmark() {
    }
}

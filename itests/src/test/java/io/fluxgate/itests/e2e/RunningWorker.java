package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A standalone worker started from a {@link Distribution} with its embedded broker, as a user starts it, and what a
 * test asks of it: its REST API over real HTTP and the records of its broker's topics.
 */
final class RunningWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Distribution dist;
    final Process process;
    final URI base;
    final String bootstrapServers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RunningWorker(Distribution dist, Process process, URI base, String bootstrapServers) {
        this.dist = dist;
        this.process = process;
        this.base = base;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the shipped standalone configuration (its embedded broker on a free port), {@code overrides} on top, and
     * waits until it is healthy.
     */
    static RunningWorker start(Distribution dist, Map<String, String> overrides) throws IOException,
            InterruptedException {
        return start(dist, overrides, Map.of());
    }

    /** As {@link #start(Distribution, Map)}, with {@code env} for the start script (JVM options...). */
    static RunningWorker start(Distribution dist, Map<String, String> overrides, Map<String, String> env)
            throws IOException, InterruptedException {
        RunningWorker worker = launch(dist, overrides, env);
        worker.awaitHealthy(Duration.ofSeconds(120));
        return worker;
    }

    /**
     * As {@link #start(Distribution, Map, Map)}, but returns as soon as the process is launched (benchmarks time the
     * start-up themselves). {@code env} comes on top of {@code FLUXGATE_CDS=false}; a null value unsets a variable.
     */
    static RunningWorker launch(Distribution dist, Map<String, String> overrides, Map<String, String> env)
            throws IOException {
        int[] ports = Distribution.freePorts(2);
        int restPort = ports[0];
        int brokerPort = ports[1];
        Map<String, String> config = dist.shippedStandaloneConfig();
        config.put("fluxgate.embedded.broker.port", String.valueOf(brokerPort));
        config.put("listeners", "http://127.0.0.1:" + restPort);
        config.putAll(overrides);
        Map<String, String> environment = new java.util.HashMap<>(Map.of("FLUXGATE_CDS", "false"));
        environment.putAll(env);
        Process process = dist.start(environment, "connect-standalone.sh",
                dist.writeConfig("worker.properties", config).toString());
        return new RunningWorker(dist, process, URI.create("http://127.0.0.1:" + restPort),
                config.getOrDefault("bootstrap.servers", "127.0.0.1:" + brokerPort));
    }

    /** Waits until GET /health answers 200; fails at once, with its stderr, if the worker exits. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        await("the worker is healthy", timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the worker exited with status " + process.exitValue() + ": "
                        + stderr(dist));
            }
            return status("/health") == 200;
        });
    }

    private static String stderr(Distribution dist) {
        try {
            return dist.stderr();
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    /** POST /connectors, expecting 201. */
    void create(String name, String configJson) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"config\":" + configJson
                        + "}")));
        assertEquals(201, response.statusCode(), response.body());
    }

    void delete(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name)).DELETE());
        assertEquals(204, response.statusCode(), response.body());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET /connectors/{c}/status, or an empty object while it cannot be read. */
    JsonNode connectorStatus(String connector) {
        return json("/connectors/" + connector + "/status");
    }

    /** Whether the connector and all of its {@code tasks} tasks are RUNNING, each on {@code version}. */
    boolean runningOn(String connector, int tasks, String version) {
        JsonNode status = connectorStatus(connector);
        boolean running = status.path("connector").path("state").asText().equals("RUNNING")
                && status.path("connector").path("version").asText().equals(version)
                && status.path("tasks").size() == tasks;
        for (JsonNode task : status.path("tasks")) {
            running &= task.path("state").asText().equals("RUNNING") && task.path("version").asText().equals(version);
        }
        return running;
    }

    JsonNode json(String path) {
        try {
            return JSON.readTree(body(path));
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    String body(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The HTTP status of GET {@code path}; -1 while nothing answers. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Every record of the one-partition {@code topic} now in the broker, from the beginning. */
    List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The java process's id (the start script execs java). */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}

package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A standalone worker started from a {@link Distribution} with its embedded broker, as a user starts it, and what a
 * test asks of it: its REST API over real HTTP and the records of its broker's topics. {@link #setup(Distribution)}
 * says how to start it when the shipped configuration with a few changes is not enough.
 */
final class RunningWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a worker may take to become healthy (the machine may be busy with other tests). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How long a start that must fail may take to exit: it refuses what it was given at start-up. */
    private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LISTENER = Pattern.compile("(https?)://([^:/,]*):(\\d+)");

    final Distribution dist;
    final Process process;
    final URI base;
    final String bootstrapServers;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RunningWorker(Distribution dist, Process process, URI base, String bootstrapServers,
            String authorization) {
        this.dist = dist;
        this.process = process;
        this.base = base;
        this.bootstrapServers = bootstrapServers;
        this.authorization = authorization;
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
        return setup(dist).settings(overrides).env(env).start();
    }

    /**
     * As {@link #start(Distribution, Map, Map)}, but returns as soon as the process is launched (benchmarks time the
     * start-up themselves). {@code env} comes on top of {@code FLUXGATE_CDS=false}; a null value unsets a variable.
     */
    static RunningWorker launch(Distribution dist, Map<String, String> overrides, Map<String, String> env)
            throws IOException {
        return setup(dist).settings(overrides).env(env).launch();
    }

    /** The shipped standalone configuration on free ports, to change before starting it. */
    static Setup setup(Distribution dist) throws IOException {
        return new Setup(dist);
    }

    /**
     * Runs {@code bin/connect-standalone.sh args...} as they are (the tests of bad command lines and bad files), which
     * must exit by itself; answers how it ended.
     */
    static FailedStart startExpectingFailure(Distribution dist, String... args) throws IOException,
            InterruptedException {
        return awaitExit(dist, dist.start("connect-standalone.sh", args));
    }

    private static FailedStart awaitExit(Distribution dist, Process process) throws IOException,
            InterruptedException {
        if (!process.waitFor(FAILURE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the worker did not exit; stderr: " + stderr(dist));
        }
        return new FailedStart(process.exitValue(), dist.stderr());
    }

    /** How a start that had to fail ended: the launcher's exit status and what it wrote on stderr. */
    record FailedStart(int exitStatus, String stderr) {
    }

    /**
     * How to start a worker: the shipped standalone configuration, its REST listener and embedded broker on ports
     * chosen once (so that starting the same setup again, a restart, finds the worker where it was), the test's
     * settings on top; the start script's environment; connector files given after the worker's, as the quickstart
     * gives them.
     */
    static final class Setup {

        private final Distribution dist;
        private final int brokerPort;
        private final Map<String, String> settings;
        private final Map<String, String> env = new HashMap<>(Map.of("FLUXGATE_CDS", "false"));
        private final List<String> connectorFiles = new ArrayList<>();
        private String authorization;

        private Setup(Distribution dist) throws IOException {
            this.dist = dist;
            int[] ports = Distribution.freePorts(2);
            brokerPort = ports[1];
            settings = dist.shippedStandaloneConfig();
            settings.put("fluxgate.embedded.broker.port", String.valueOf(brokerPort));
            settings.put("listeners", "http://127.0.0.1:" + ports[0]);
        }

        /** Worker settings on top of the shipped ones. A {@code listeners} of its own: the helper uses the first. */
        Setup settings(Map<String, String> overrides) {
            settings.putAll(overrides);
            return this;
        }

        Setup set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * The start script's environment on top of {@code FLUXGATE_CDS=false} (no class-data archive written at each
         * exit); a null value unsets a variable, so that the script's own default applies.
         */
        Setup env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        Setup env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Connector properties files for the command line, after the worker's. */
        Setup connectors(Path... files) {
            for (Path file : files) {
                connectorFiles.add(file.toString());
            }
            return this;
        }

        /** An Authorization header for every request the helper sends (a REST API behind basic auth). */
        Setup authorization(String header) {
            authorization = header;
            return this;
        }

        /** Starts the worker and waits until it is healthy; again after a stop, it restarts it on the same ports. */
        RunningWorker start() throws IOException, InterruptedException {
            RunningWorker worker = launch();
            try {
                worker.awaitHealthy(START_TIMEOUT);
            } catch (AssertionError | InterruptedException e) {
                worker.close();
                throw e;
            }
            return worker;
        }

        /** Starts the worker's process and returns at once. */
        RunningWorker launch() throws IOException {
            List<String> args = new ArrayList<>();
            args.add(dist.writeConfig("worker.properties", settings).toString());
            args.addAll(connectorFiles);
            Process process = dist.start(env, "connect-standalone.sh", args.toArray(String[]::new));
            return new RunningWorker(dist, process, firstListener(),
                    settings.getOrDefault("bootstrap.servers", "127.0.0.1:" + brokerPort), authorization);
        }

        /** Starts a worker that must exit by itself (a setting it refuses); answers how it ended. */
        FailedStart startExpectingFailure() throws IOException, InterruptedException {
            return awaitExit(dist, launch().process);
        }

        /** Where the helper reaches the REST API: the first listener, on 127.0.0.1 when it names no host. */
        private URI firstListener() {
            Matcher listener = LISTENER.matcher(settings.get("listeners"));
            if (!listener.lookingAt()) {
                throw new IllegalArgumentException("no http(s) listener first in " + settings.get("listeners"));
            }
            String host = listener.group(2).isEmpty() ? "127.0.0.1" : listener.group(2);
            return URI.create(listener.group(1) + "://" + host + ":" + listener.group(3));
        }
    }

    /** Waits until GET /health answers 200, and answers that; fails at once, with its stderr, if the worker exits. */
    HttpResponse<String> awaitHealthy(Duration timeout) throws InterruptedException {
        return awaitHealthy(timeout, answer -> { });
    }

    /**
     * As {@link #awaitHealthy(Duration)}, handing every answer of /health to {@code eachAnswer} (the contract test
     * checks the 503 of a starting worker too); answers the 200.
     */
    HttpResponse<String> awaitHealthy(Duration timeout, Consumer<HttpResponse<String>> eachAnswer)
            throws InterruptedException {
        List<HttpResponse<String>> healthy = new ArrayList<>(1);
        awaitWhileRunning("the worker is healthy", timeout, () -> {
            HttpResponse<String> answer = get("/health");
            if (answer != null) {
                eachAnswer.accept(answer);
                if (answer.statusCode() == 200) {
                    healthy.add(answer);
                }
            }
            return !healthy.isEmpty();
        });
        return healthy.get(0);
    }

    /** As {@link #await}, failing at once, with the worker's stderr, if the worker exits meanwhile. */
    void awaitWhileRunning(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the worker exited with status " + process.exitValue() + " while waiting"
                        + " until " + what + ": " + stderr(dist));
            }
            return condition.getAsBoolean();
        });
    }

    /**
     * SIGTERM, as an operator stops the worker (it flushes offsets and stops its broker); waits until it has exited
     * and answers its exit status.
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the worker did not stop after SIGTERM");
        }
        return process.exitValue();
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
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
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
        HttpResponse<String> answer = get(path);
        return answer == null ? "" : answer.body();
    }

    /** The HTTP status of GET {@code path}; -1 while nothing answers. */
    int status(String path) {
        HttpResponse<String> answer = get(path);
        return answer == null ? -1 : answer.statusCode();
    }

    /** GET {@code path}; null while nothing answers (the worker starting or stopping). */
    private HttpResponse<String> get(String path) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path)));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
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

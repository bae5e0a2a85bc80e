package io.fluxgate.itests.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One distributed worker process: Fluxgate's, started from a private copy of the assembled distribution through
 * {@code bin/connect-distributed.sh} as a user starts it, or Apache Kafka Connect 4.3.1's
 * {@code ConnectDistributed} in a child JVM on the test's class path. What a test does to it: REST over real HTTP,
 * kill -9, SIGSTOP/SIGCONT (a process pause: how a zombie arises), SIGTERM.
 */
public final class ClusterWorker implements AutoCloseable {

    /** Which implementation a worker runs. */
    public enum Kind {
        FLUXGATE, APACHE;

        /** {@code -Dcluster.workers=apache} runs the suite against Apache Kafka Connect, to check the tests. */
        public static Kind configured() {
            return Kind.valueOf(System.getProperty("cluster.workers", "fluxgate").toUpperCase());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path TEST_PLUGINS = Path.of(System.getProperty("fluxgate.test.plugins", "target/test-plugins"));
    static final Path SEQUENCE_PLUGIN = TEST_PLUGINS.resolve("sequence/test-plugin-sequence.jar");
    /** The hostile connectors of the bulkhead tests: idle unless a test creates one. */
    static final Path HOSTILE_PLUGIN = TEST_PLUGINS.resolve("hostile/test-plugin-hostile.jar");

    final String name;
    final Kind kind;
    final Path home;
    final int restPort;
    final Map<String, String> config;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private boolean paused;

    private ClusterWorker(String name, Kind kind, Path home, int restPort, Map<String, String> config,
            Process process) {
        this.name = name;
        this.kind = kind;
        this.home = home;
        this.restPort = restPort;
        this.config = config;
        this.process = process;
    }

    /**
     * Launches a worker in {@code home} with {@code config} (listeners and rest.advertised.* are set here, on a free
     * port) and returns at once: {@link #awaitReady(Duration)} waits for it.
     */
    public static ClusterWorker launch(String name, Kind kind, Path home, Map<String, String> settings)
            throws IOException {
        int port = BrokerProcess.freePort();
        Map<String, String> config = new LinkedHashMap<>(settings);
        config.put("listeners", "http://127.0.0.1:" + port);
        config.put("rest.advertised.host.name", "127.0.0.1");
        config.put("rest.advertised.port", Integer.toString(port));
        config.put("rest.advertised.listener", "http");
        Files.createDirectories(home);
        Process process = kind == Kind.FLUXGATE ? launchFluxgate(home, config) : launchApache(home, config);
        return new ClusterWorker(name, kind, home, port, config, process);
    }

    private static Process launchFluxgate(Path home, Map<String, String> config) throws IOException {
        Path dist = Path.of(System.getProperty("fluxgate.distribution"));
        if (!Files.isDirectory(dist.resolve("bin"))) {
            throw new IllegalStateException("No assembled distribution at " + dist + ": run mvn verify");
        }
        if (!Files.exists(home.resolve("bin"))) {
            // Shared read-only parts linked, the rest copied: each worker has its own data/ (framework cache),
            // logs/ and plugins/.
            for (String shared : List.of("lib", "system")) {
                Files.createSymbolicLink(home.resolve(shared), dist.resolve(shared).toAbsolutePath());
            }
            for (String own : List.of("bin", "config", "plugins")) {
                copyTree(dist.resolve(own), home.resolve(own));
            }
            Files.copy(SEQUENCE_PLUGIN, home.resolve("plugins/test-plugin-sequence.jar"));
            if (Files.exists(HOSTILE_PLUGIN)) {
                Files.copy(HOSTILE_PLUGIN, home.resolve("plugins/test-plugin-hostile.jar"));
            }
        }
        Path props = home.resolve("config/worker.properties");
        write(props, config);
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/connect-distributed.sh").toString(),
                props.toString()).directory(home.toFile());
        builder.environment().put("LOG_DIR", home.resolve("logs").toString());
        builder.environment().put("FLUXGATE_CDS", "false");
        builder.environment().putIfAbsent("KAFKA_HEAP_OPTS", System.getProperty("cluster.heap", "-Xms64M -Xmx512M"));
        Files.createDirectories(home.resolve("logs"));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/stdout.txt").toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("logs/stderr.txt").toFile()));
        return builder.start();
    }

    /**
     * The test class path and Apache's connect-runtime, which surefire leaves off the test class path (its plugins
     * would otherwise join the in-framework tests' platform); or exactly {@code -Dfluxgate.apache.classpath} when it
     * is given (benchmarks: a class path holding Apache's worker jars only, as Kafka's libs/ does, so that Apache's
     * class-path plugin scan reads what a user's scan reads).
     */
    public static String apacheClassPath() {
        String explicit = System.getProperty("fluxgate.apache.classpath");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String runtime = System.getProperty("fluxgate.apache.connect.runtime");
        String classPath = System.getProperty("java.class.path");
        return runtime == null || runtime.isBlank() ? classPath : runtime + File.pathSeparator + classPath;
    }

    private static Process launchApache(Path home, Map<String, String> settings) throws IOException {
        Map<String, String> config = new LinkedHashMap<>(settings);
        config.putIfAbsent("plugin.path", SEQUENCE_PLUGIN.getParent().toAbsolutePath() + ","
                + Path.of(System.getProperty("fluxgate.distribution"), "plugins").toAbsolutePath());
        config.putIfAbsent("plugin.discovery", "service_load");
        // Apache's default keeps a departed worker's work unassigned for 5 minutes; Fluxgate's reassigns it once the
        // coordinator has removed the worker, which Apache does with 0.
        config.putIfAbsent("scheduled.rebalance.max.delay.ms", "0");
        Path props = home.resolve("worker.properties");
        write(props, config);
        Path logback = home.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>[%d] %-5level %logger{36} [%thread] - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="org.apache.kafka.connect" level="INFO"/>
                  <logger name="org.apache.kafka.connect.runtime.isolation" level="WARN"/>
                  <logger name="org.reflections" level="ERROR"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        Files.createDirectories(home.resolve("logs"));
        List<String> command = new ArrayList<>(List.of(BrokerProcess.javaBin(), "-Xms64M", "-Xmx512M",
                "-Dlogback.configurationFile=" + logback, "-cp", apacheClassPath(),
                "org.apache.kafka.connect.cli.ConnectDistributed", props.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/stdout.txt").toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("logs/stderr.txt").toFile()));
        return builder.start();
    }

    /** Waits until the worker answers {@code GET /connectors} with 200 (it has joined its cluster). */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long unavailableSince = 0;
        int last = -1;
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with status " + process.exitValue() + ": " + tail(40));
            }
            last = status("/connectors");
            if (last == 200) {
                return;
            }
            // 503 for 30 s on end: a worker without a distributed herder (or one that cannot join); do not wait on.
            unavailableSince = last != 503 ? 0 : unavailableSince != 0 ? unavailableSince : System.nanoTime();
            if (System.nanoTime() > deadline
                    || unavailableSince != 0 && System.nanoTime() - unavailableSince > TimeUnit.SECONDS.toNanos(30)) {
                throw new AssertionError(name + " is not ready: GET /connectors answers " + last + (last == 503 ? " (is there a distributed herder yet?)" : "") + "\n"
                        + tail(20));
            }
            Thread.sleep(200);
        }
    }

    /** The worker id Kafka Connect reports in statuses: the advertised host and port. */
    public String workerId() {
        return "127.0.0.1:" + restPort;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    boolean isPaused() {
        return paused;
    }

    Process process() {
        return process;
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        if (paused) {
            resume();
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stops dead, its sockets open; the broker hears nothing from it. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    void resume() throws InterruptedException {
        try {
            signal("CONT");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        paused = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM, as an operator stops a worker; waits for it to exit (then kill -9 past the timeout). */
    void stop(Duration timeout) throws InterruptedException {
        if (paused) {
            resume();
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(20));
    }

    // REST

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A write request, sent again while it is answered 409 (for at most 30 s): Kafka Connect's answer while a
     * rebalance is under way or no leader is known yet, which clients are expected to retry.
     */
    public HttpResponse<String> write(String method, String path, String json)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(url(path))
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json)));
            if (response.statusCode() != 409 || System.nanoTime() > deadline) {
                return response;
            }
            conflicts++;
            Thread.sleep(250);
        }
    }

    /** How many 409 answers {@link #write} retried. */
    int conflicts;

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GET {@code path} as JSON; an empty object while it cannot be read (or the answer is not 200). */
    public JsonNode json(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    /** The HTTP status of GET {@code path}; -1 while nothing answers. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Everything the worker wrote: its stdout, stderr and log file. */
    String output() {
        StringBuilder all = new StringBuilder();
        for (String file : List.of("logs/stdout.txt", "logs/stderr.txt", "logs/connect.log")) {
            Path path = home.resolve(file);
            try {
                if (Files.exists(path)) {
                    all.append(Files.readString(path, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                all.append("(").append(path).append(": ").append(e).append(")\n");
            }
        }
        return all.toString();
    }

    public String tail(int lines) {
        // Without stack frames (a worker answering 503 logs one trace per request) nor the REST access log (a test
        // polling a status would fill the tail with it).
        List<String> all = output().lines().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... ")
                && !l.contains("(io.fluxgate.rest.access)")).toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public String toString() {
        return name + "(" + workerId() + ", pid " + process.pid() + ")";
    }

    private static void write(Path file, Map<String, String> config) throws IOException {
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}

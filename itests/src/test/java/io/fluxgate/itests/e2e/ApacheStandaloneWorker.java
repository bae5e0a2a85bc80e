package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fluxgate.itests.cluster.ClusterWorker;

/**
 * Apache Kafka Connect 4.3.1's standalone worker ({@code ConnectStandalone}) in a child JVM, on the class path
 * {@link ClusterWorker} gives Apache's distributed worker: the reference the real-plugin tests are checked against.
 * Its plugin.path is the home's plugins/ directory, where Apache gives each plugin its own PluginClassLoader; its
 * offsets are the home's connect.offsets file.
 */
final class ApacheStandaloneWorker extends StandaloneWorker {

    final Path home;
    /** The worker properties: {@link StandaloneWorker#settings(String)}, offsets, plugin.path, plugin.discovery. */
    final Map<String, String> settings;
    /** The child JVM's options before its class path: the tests' small heap unless a benchmark sets Kafka's. */
    List<String> jvmOptions = List.of("-Xms64M", "-Xmx512M");
    private Process process;
    private URI base;

    private ApacheStandaloneWorker(Path home, Map<String, String> settings) {
        this.home = home;
        this.settings = settings;
    }

    static ApacheStandaloneWorker create(Path dir, String bootstrapServers) throws IOException {
        Path home = dir.resolve("apache-connect");
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("logs"));
        Map<String, String> settings = settings(bootstrapServers);
        settings.put("offset.storage.file.filename", home.resolve("connect.offsets").toString());
        settings.put("plugin.path", home.resolve("plugins").toString());
        // The plugins' META-INF/services manifests (Debezium has them), not a scan of the test's long class path.
        settings.put("plugin.discovery", "service_load");
        Files.writeString(home.resolve("logback.xml"), """
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
        return new ApacheStandaloneWorker(home, settings);
    }

    @Override
    Path pluginDirectory() {
        return home.resolve("plugins");
    }

    @Override
    void start() throws IOException, InterruptedException {
        launch();
        ConnectRest rest = rest();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        // GET /health answers 200 once the herder has started (Kafka 3.9+).
        while (rest.statusCode("/health") != 200) {
            if (!process.isAlive()) {
                throw new AssertionError("Apache's standalone worker exited with " + process.exitValue() + ":\n"
                        + tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Apache's standalone worker is not healthy after 120 s:\n" + tail(40));
            }
            Thread.sleep(200);
        }
    }

    @Override
    void launch() throws IOException {
        int port = Distribution.freePort();
        Map<String, String> config = new LinkedHashMap<>(settings);
        config.put("listeners", "http://127.0.0.1:" + port);
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path props = home.resolve("worker.properties");
        Files.writeString(props, text, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlogback.configurationFile=" + home.resolve("logback.xml"),
                "-cp", ClusterWorker.apacheClassPath(), "org.apache.kafka.connect.cli.ConnectStandalone",
                props.toString()));
        process = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/stdout.txt").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("logs/stderr.txt").toFile()))
                .start();
        base = URI.create("http://127.0.0.1:" + port);
    }

    @Override
    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    long pid() {
        return process.pid();
    }

    @Override
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    ConnectRest rest() {
        return new ConnectRest(base);
    }

    @Override
    boolean deploysWhileRunning() {
        return false;
    }

    @Override
    String output() {
        StringBuilder all = new StringBuilder();
        for (String file : new String[] {"logs/stdout.txt", "logs/stderr.txt"}) {
            try {
                all.append(Files.readString(home.resolve(file)));
            } catch (IOException e) {
                all.append('(').append(file).append(": ").append(e).append(")\n");
            }
        }
        return all.toString();
    }

    @Override
    public String toString() {
        return "Apache Kafka Connect standalone worker in " + home;
    }
}

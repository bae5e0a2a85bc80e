package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators attach Java agents (the Prometheus JMX exporter, OpenTelemetry, APM agents) through KAFKA_OPTS. A
 * distribution's first start records its class-data-sharing archive, and a JVM recording one refuses Java agents: the
 * worker must start with an agent all the same, on its first start and on later ones, with class data sharing on as
 * a user has it. The agent is the real JMX exporter from Maven Central, and its endpoint must answer.
 */
class JavaAgentTest {

    private static final Path AGENT = Path.of(System.getProperty("fluxgate.test.plugins"), "agents",
            "jmx_prometheus_javaagent.jar");

    @Test
    void aWorkerStartsWithAJavaAgentOnItsFirstStartAndLater(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        Path rules = Files.writeString(dir.resolve("jmx-exporter.yaml"), "rules:\n  - pattern: \".*\"\n");
        int agentPort = Distribution.freePort();
        // Class data sharing on (unset), as a user's first start has it: no archive exists yet.
        Map<String, String> env = Map.of("FLUXGATE_CDS", "true",
                "KAFKA_OPTS", "-javaagent:" + AGENT + "=127.0.0.1:" + agentPort + ":" + rules);
        for (String start : new String[] {"first start", "second start"}) {
            try (RunningWorker worker = RunningWorker.start(dist, Map.of(), env)) {
                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + agentPort + "/metrics")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, metrics.statusCode(), start);
                assertTrue(metrics.body().contains("jvm_"), start + ": the agent serves the JVM's metrics");
            }
        }

        // A start without an agent records the archive; an agent then runs on a JVM that maps it.
        try (RunningWorker worker = RunningWorker.start(dist, Map.of(), Map.of("FLUXGATE_CDS", "true"))) {
            assertEquals(200, worker.status("/health"));
        }
        assertTrue(Files.list(dist.home.resolve("data/cds")).anyMatch(f -> f.getFileName().toString().contains(".jsa")),
                "the archive was recorded");
        try (RunningWorker worker = RunningWorker.start(dist, Map.of(), env)) {
            assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agentPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }
}

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code GET /metrics} serves what operators scrape today with the Prometheus JMX exporter agent and Strimzi's Kafka
 * Connect rules, without the agent. One worker runs with the real agent (1.0.1, from Maven Central) configured with
 * Strimzi's own file, and a FileStreamSource and a FileStreamSink moving records; the agent's endpoint is scraped,
 * then Fluxgate's, then the agent's again, and every {@code kafka_} series must match:
 * <ul>
 * <li>a series the agent serves in both of its scrapes is served by Fluxgate, and Fluxgate serves no series the agent
 * served in neither;</li>
 * <li>every {@code # TYPE} is the agent's;</li>
 * <li>a counter's value lies between the agent's two values; any other value the agent gave twice unchanged (statuses,
 * versions, counts, start times...) is Fluxgate's exactly.</li>
 * </ul>
 * Strimzi's file ({@code packaging/examples/metrics/kafka-connect-metrics.yaml} of strimzi/strimzi-kafka-operator,
 * Apache License 2.0) is read where {@code fluxgate.strimzi.connect.rules} says, verbatim: the KafkaConnect resource
 * and the ConfigMap whose {@code metrics-config.yml} is the agent's configuration. Without it the comparison is
 * skipped and says where to put it.
 */
class PrometheusEndpointTest {

    private static final Path AGENT = Path.of(System.getProperty("fluxgate.test.plugins"), "agents",
            "jmx_prometheus_javaagent.jar");
    private static final String RULES_PROPERTY = "fluxgate.strimzi.connect.rules";
    private static final int LINES = 2_000;
    private static final int TIMED_SCRAPES = 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesTheSeriesTheJmxExporterServesWithStrimzisRules(@TempDir Path dir) throws Exception {
        Path exporterConfig = strimziExporterConfig(dir);
        Distribution dist = Distribution.copyInto(dir);
        int agentPort = Distribution.freePort();
        Map<String, String> env = Map.of("KAFKA_OPTS",
                "-javaagent:" + AGENT + "=127.0.0.1:" + agentPort + ":" + exporterConfig);
        Path source = dir.resolve("source.txt");
        Path sink = dir.resolve("sink.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add("line " + i);
        }
        Files.write(source, lines, StandardCharsets.UTF_8);

        try (RunningWorker worker = RunningWorker.start(dist, Map.of(), env)) {
            worker.create("metrics-source", "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\","
                    + "\"file\":\"" + source + "\",\"topic\":\"metrics-test\"}");
            worker.create("metrics-sink", "{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\","
                    + "\"file\":\"" + sink + "\",\"topics\":\"metrics-test\"}");
            RunningWorker.await("the records reach the sink file", Duration.ofSeconds(90),
                    () -> lineCount(sink) >= LINES);

            URI agent = URI.create("http://127.0.0.1:" + agentPort + "/metrics");
            URI fluxgate = worker.base.resolve("/metrics");
            long agentStart = System.nanoTime();
            PrometheusScrape before = PrometheusScrape.parse(get(agent).body(), "kafka_");
            double agentMillis = (System.nanoTime() - agentStart) / 1e6;
            HttpResponse<String> served = get(fluxgate);
            PrometheusScrape after = PrometheusScrape.parse(get(agent).body(), "kafka_");
            assertEquals(200, served.statusCode(), served.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    served.headers().firstValue("Content-Type").orElse(""));
            PrometheusScrape ours = PrometheusScrape.parse(served.body(), "kafka_");

            compare(before, ours, after);
            // Both tasks' series, which the rules find only in MBean names written "connector=..., task=...".
            assertEquals(2, taskLevel(before), "task-level series on the agent");
            assertEquals(2, taskLevel(ours), "task-level series on GET /metrics");

            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < TIMED_SCRAPES; i++) {
                long start = System.nanoTime();
                assertEquals(200, get(fluxgate).statusCode());
                millis.add((System.nanoTime() - start) / 1e6);
            }
            millis.sort(null);
            System.out.printf("GET /metrics: median of %d scrapes %.1f ms (%d kafka_ series; fastest %.1f ms, "
                    + "slowest %.1f ms); the JMX exporter agent, one scrape: %.1f ms%n", TIMED_SCRAPES,
                    (millis.get(TIMED_SCRAPES / 2 - 1) + millis.get(TIMED_SCRAPES / 2)) / 2, ours.series().size(),
                    millis.get(0), millis.get(TIMED_SCRAPES - 1), agentMillis);

            // What Strimzi's alerts watch follows a pause and a failure, on the agent and on Fluxgate alike.
            HttpResponse<String> paused = worker.send(HttpRequest.newBuilder(
                    worker.base.resolve("/connectors/metrics-source/pause"))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertEquals(202, paused.statusCode(), paused.body());
            worker.create("broken-sink", "{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\","
                    + "\"file\":\"" + dir.resolve("no/such/directory/out.txt") + "\",\"topics\":\"metrics-test\"}");
            Map<String, Double> alerts = Map.of(
                    "kafka_connect_connector_status{connector=\"metrics-source\",status=\"paused\"}", 1.0,
                    "kafka_connect_worker_connector_paused_task_count{connector=\"metrics-source\"}", 1.0,
                    "kafka_connect_worker_connector_running_task_count{connector=\"metrics-source\"}", 0.0,
                    "kafka_connect_connector_task_status{connector=\"broken-sink\",status=\"failed\",task=\"0\"}",
                    1.0,
                    "kafka_connect_worker_connector_failed_task_count{connector=\"broken-sink\"}", 1.0,
                    "kafka_connect_worker_connector_running_task_count{connector=\"metrics-sink\"}", 1.0);
            try {
                RunningWorker.await("the agent and GET /metrics show the pause and the failure",
                        Duration.ofSeconds(120), () -> shows(agent, alerts) && shows(fluxgate, alerts));
            } catch (AssertionError e) {
                Files.createDirectories(Path.of("target/prometheus-endpoint"));
                Files.writeString(Path.of("target/prometheus-endpoint/agent.txt"), get(agent).body());
                Files.writeString(Path.of("target/prometheus-endpoint/fluxgate.txt"), get(fluxgate).body());
                throw new AssertionError(e.getMessage() + "; the agent: " + values(agent, alerts) + "; Fluxgate: "
                        + values(fluxgate, alerts), e);
            }
        }
    }

    private static long taskLevel(PrometheusScrape scrape) {
        return scrape.series().keySet().stream().filter(k -> k.startsWith("kafka_connect_connector_task_status{"))
                .count();
    }

    /** What a scrape of {@code endpoint} serves of the series {@code expected} names. */
    private Map<String, Double> values(URI endpoint, Map<String, Double> expected) throws Exception {
        Map<String, Double> series = PrometheusScrape.parse(get(endpoint).body(), "kafka_").series();
        Map<String, Double> found = new java.util.TreeMap<>();
        series.forEach((key, value) -> {
            if (expected.keySet().stream().anyMatch(k -> k.substring(0, k.indexOf('{'))
                    .equals(key.substring(0, key.indexOf('{'))))) {
                found.put(key, value);
            }
        });
        return found;
    }

    /** Whether a scrape of {@code endpoint} serves each of {@code expected} with its value. */
    private boolean shows(URI endpoint, Map<String, Double> expected) {
        try {
            Map<String, Double> series = PrometheusScrape.parse(get(endpoint).body(), "kafka_").series();
            return expected.entrySet().stream().allMatch(e -> e.getValue().equals(series.get(e.getKey())));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void servedWithoutAnAgentAndNotWhenTurnedOff(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        try (RunningWorker worker = RunningWorker.start(dist, Map.of())) {
            HttpResponse<String> served = get(worker.base.resolve("/metrics"));
            assertEquals(200, served.statusCode(), served.body());
            // The embedded broker's app-info is there from the start.
            assertTrue(served.body().contains("\n# TYPE kafka_server_version untyped\n"), served.body());
        }
        try (RunningWorker worker = RunningWorker.start(dist, Map.of("fluxgate.metrics.endpoint.enable", "false"))) {
            assertEquals(404, worker.status("/metrics"));
            assertEquals(200, worker.status("/"));
        }
    }

    private static void compare(PrometheusScrape before, PrometheusScrape ours, PrometheusScrape after) {
        Set<String> steady = new TreeSet<>(before.series().keySet());
        steady.retainAll(after.series().keySet());
        assertTrue(steady.size() > 100, "the agent serves the clients' series: " + steady);
        Set<String> missing = new TreeSet<>(steady);
        missing.removeAll(ours.series().keySet());
        assertEquals(Set.of(), missing, "series the agent serves and Fluxgate does not");
        Set<String> extra = new TreeSet<>(ours.series().keySet());
        extra.removeAll(before.series().keySet());
        extra.removeAll(after.series().keySet());
        assertEquals(Set.of(), extra, "series Fluxgate serves and the agent does not");

        Set<String> names = new HashSet<>();
        steady.forEach(key -> names.add(PrometheusScrape.metricName(key)));
        for (String name : names) {
            if (before.types().get(name).equals(after.types().get(name))) {
                assertEquals(before.types().get(name), ours.types().get(name), "# TYPE of " + name);
            }
        }

        int exact = 0;
        List<String> wrong = new ArrayList<>();
        for (String key : steady) {
            double first = before.series().get(key);
            double second = after.series().get(key);
            double value = ours.series().get(key);
            if ("counter".equals(before.types().get(PrometheusScrape.metricName(key)))) {
                if (!(first <= value && value <= second)) {
                    wrong.add(key + ": " + value + " is not between the agent's " + first + " and " + second);
                }
            } else if (Double.compare(first, second) == 0) {
                exact++;
                if (Double.compare(first, value) != 0) {
                    wrong.add(key + ": " + value + " where the agent served " + first + " twice");
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(exact > 30, "values compared exactly: " + exact);
        System.out.printf("PrometheusEndpointTest: %d kafka_ series in both agent scrapes, all served by Fluxgate; "
                + "%d families of the same # TYPE; %d unchanged gauge values equal%n", steady.size(), names.size(),
                exact);
    }

    /** The agent's configuration: the {@code metrics-config.yml} of Strimzi's file, as Strimzi mounts it. */
    private static Path strimziExporterConfig(Path dir) throws IOException {
        String location = System.getProperty(RULES_PROPERTY, "");
        Path file = Path.of(location);
        Assumptions.assumeTrue(!location.isEmpty() && Files.isReadable(file), "No Strimzi rules file at '" + location
                + "': put Strimzi's packaging/examples/metrics/kafka-connect-metrics.yaml there (or name it with -D"
                + RULES_PROPERTY + "=...) to compare GET /metrics with the JMX exporter agent");
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(file.toFile())) {
            for (JsonNode document : documents.readAll()) {
                JsonNode config = document.path("data").path("metrics-config.yml");
                if ("ConfigMap".equals(document.path("kind").asText()) && config.isTextual()) {
                    return Files.writeString(dir.resolve("metrics-config.yml"), config.asText());
                }
            }
        }
        throw new AssertionError(file + " has no ConfigMap with a metrics-config.yml");
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

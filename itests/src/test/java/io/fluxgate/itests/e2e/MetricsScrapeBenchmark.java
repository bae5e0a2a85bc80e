package io.fluxgate.itests.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /metrics} of a worker running many connectors (half file sources, half file sinks, one task each, the
 * embedded broker beside them): the median and slowest of the scrape times, the series and bytes served. Not a test:
 * run it with itests/benchmarks/metrics-scrape.sh.
 */
public final class MetricsScrapeBenchmark {

    public static void main(String[] args) throws Exception {
        int connectors = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("fluxgate-metrics-bench");
        Distribution dist = Distribution.copyInto(dir);
        try (RunningWorker worker = RunningWorker.start(dist, Map.of())) {
            for (int i = 1; i <= connectors; i++) {
                Path file = dir.resolve("file-" + i + ".txt");
                Files.writeString(file, "line\n");
                String config = i % 2 == 1
                        ? "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + file + "\",\"topic\":\"bench-" + i
                                + "\"}"
                        : "{\"connector.class\":\"FileStreamSink\",\"file\":\"" + file + "\",\"topics\":\"bench-"
                                + (i - 1) + "\"}";
                worker.create("bench-" + i, config);
            }
            RunningWorker.await(connectors + " connectors RUNNING with their task", Duration.ofMinutes(5), () -> {
                int running = 0;
                for (JsonNode c : worker.json("/connectors?expand=status")) {
                    JsonNode tasks = c.path("status").path("tasks");
                    running += tasks.size() == 1 && tasks.get(0).path("state").asText().equals("RUNNING") ? 1 : 0;
                }
                return running == connectors;
            });
            HttpClient http = HttpClient.newHttpClient();
            URI metrics = worker.base.resolve("/metrics");
            List<Double> millis = new ArrayList<>();
            String body = "";
            for (int i = 0; i < scrapes + 3; i++) {
                long start = System.nanoTime();
                body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (i >= 3) { // the first scrapes warm the JIT up
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
            millis.sort(null);
            long series = body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
            System.out.printf("GET /metrics with %d connectors: median %.1f ms, slowest %.1f ms over %d scrapes; "
                    + "%,d series, %,d bytes%n", connectors, millis.get(millis.size() / 2),
                    millis.get(millis.size() - 1), scrapes, series, body.length());
        }
    }
}

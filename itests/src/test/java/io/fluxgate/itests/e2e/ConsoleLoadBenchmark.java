package io.fluxgate.itests.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Fluxgate page of the Web Console with many running connectors, loaded in headless Chromium: per run, the time
 * from navigation to the load event ({@code loadEventEnd} of the navigation timing) and to the page's first rendering
 * of its polled JSON; medians printed. Not a test: run it with itests/benchmarks/console-load.sh.
 */
public final class ConsoleLoadBenchmark {

    public static void main(String[] args) throws Exception {
        int connectors = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path chromium = HeadlessChromium.binary().orElseThrow(() -> new IllegalStateException("no chromium on PATH"));
        Path dir = Files.createTempDirectory("fluxgate-console-bench");
        Distribution dist = Distribution.copyInto(dir);
        int port = Distribution.freePort();
        Map<String, String> settings = new HashMap<>(Map.of("console.listener", "http://127.0.0.1:" + port,
                "console.password", "bench-password"));
        try (RunningWorker worker = RunningWorker.start(dist, settings)) {
            for (int i = 1; i <= connectors; i++) {
                Path input = Files.createFile(dir.resolve("input-" + i + ".txt"));
                worker.create("load-" + i, "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + input
                        + "\",\"topic\":\"load\"}");
            }
            RunningWorker.await(connectors + " connectors RUNNING", Duration.ofMinutes(3), () -> {
                JsonNode all = worker.json("/connectors?expand=status");
                int running = 0;
                for (JsonNode c : all) {
                    running += c.path("status").path("connector").path("state").asText().equals("RUNNING") ? 1 : 0;
                }
                return running == connectors;
            });
            String page = "http://127.0.0.1:" + port + "/system/console/fluxgate";
            List<Double> loads = new ArrayList<>();
            List<Double> renders = new ArrayList<>();
            try (HeadlessChromium browser = HeadlessChromium.start(chromium)) {
                browser.basicAuth("admin", "bench-password");
                // One warm-up load: the console's and the JVM's first request compile their code paths.
                for (int run = 0; run <= runs; run++) {
                    browser.navigate(page + "?run=" + run);
                    browser.await("run " + run + " rendered", Duration.ofSeconds(60),
                            "location.search === '?run=" + run + "' && document.readyState === 'complete'"
                                    + " && performance.getEntriesByType('navigation')[0].loadEventEnd > 0"
                                    + " && document.getElementById('fluxgate').hasAttribute('data-rendered')");
                    int rows = browser.eval("document.querySelectorAll('#fluxgate-connectors tr[data-connector]')"
                            + ".length").asInt();
                    if (rows != connectors) {
                        throw new IllegalStateException("the page shows " + rows + " connectors");
                    }
                    double load = browser.eval("performance.getEntriesByType('navigation')[0].loadEventEnd")
                            .asDouble();
                    double render = browser.eval("Number(document.getElementById('fluxgate')"
                            + ".getAttribute('data-rendered')) - performance.timeOrigin").asDouble();
                    if (run > 0) {
                        loads.add(load);
                        renders.add(render);
                    }
                }
            }
            System.out.printf("Fluxgate page with %d running connectors, %d runs: median load event %.0f ms "
                    + "(worst %.0f), median first JSON rendering %.0f ms (worst %.0f)%n", connectors, runs,
                    median(loads), max(loads), median(renders), max(renders));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}

package io.fluxgate.itests.cluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file pipeline of the standalone benchmark (records of 100 bytes, string converter, FileStreamSource -> topic of
 * one partition -> FileStreamSink) on a distributed cluster of 1 worker, then of 3 ({@code bench.workers.list}):
 * {@code bench.pipelines} (3) such pipelines side by side, {@code bench.records} (1,000,000) records in all, so that
 * there is work to spread (FileStreamSource runs one task). Prints records/s end to end for each cluster size and
 * whether every output equals its input; asserts nothing. Not part of the suite: run it with
 * itests/benchmarks/distributed-pipeline.sh, which prints target/benchmarks/distributed-pipeline.txt.
 */
class DistributedPipelineBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int PIPELINES = Integer.getInteger("bench.pipelines", 3);
    private static final String SIZES = System.getProperty("bench.workers.list", "1,3");
    private static final int RECORD_BYTES = 100;
    private static final Path REPORT = Path.of("target/benchmarks/distributed-pipeline.txt");

    @TempDir
    Path dir;

    @Test
    void pipelinesOnOneAndOnThreeWorkers() throws Exception {
        Files.createDirectories(REPORT.getParent());
        Files.deleteIfExists(REPORT);
        ClusterWorker.Kind kind = ClusterWorker.Kind.configured();
        report("distributed file pipeline on %s: %d pipelines, %,d records of %d bytes in all, string converter",
                kind == ClusterWorker.Kind.APACHE ? "Apache Kafka Connect 4.3.1" : "Fluxgate", PIPELINES, RECORDS,
                RECORD_BYTES);
        List<Path> inputs = new ArrayList<>();
        for (int p = 0; p < PIPELINES; p++) {
            Path input = dir.resolve("input-" + p + ".txt");
            writeInput(input, RECORDS / PIPELINES + (p < RECORDS % PIPELINES ? 1 : 0), p);
            inputs.add(input);
        }
        try (BrokerProcess broker = BrokerProcess.startNew(dir.resolve("broker"))) {
            for (String size : SIZES.split(",")) {
                run(broker, Integer.parseInt(size.trim()), inputs);
            }
        }
    }

    private void run(BrokerProcess broker, int workers, List<Path> inputs) throws Exception {
        String group = "pipeline-" + workers;
        try (WorkerCluster c = new WorkerCluster(group, broker, dir, Map.of("offset.flush.interval.ms", "10000"))
                .start(workers)) {
            for (ClusterWorker worker : c.workers) {
                WorkerCluster.await(worker + " lists FileStreamSource", Duration.ofSeconds(60),
                        () -> worker.json("/connector-plugins").toString().contains("FileStreamSourceConnector"),
                        () -> worker.json("/connector-plugins").toString());
            }
            List<Path> outputs = new ArrayList<>();
            for (int p = 0; p < inputs.size(); p++) {
                c.createTopic(group + "-topic-" + p, 1);
                outputs.add(dir.resolve(group + "-output-" + p + ".txt"));
            }
            long expected = 0;
            for (Path input : inputs) {
                expected += Files.size(input);
            }
            long started = System.nanoTime();
            for (int p = 0; p < inputs.size(); p++) {
                ClusterWorker via = c.worker(p % workers);
                post(via, "{\"name\":\"source-" + p + "\",\"config\":{\"connector.class\":\"FileStreamSource\","
                        + "\"file\":\"" + inputs.get(p) + "\",\"topic\":\"" + group + "-topic-" + p
                        + "\",\"batch.size\":\"2000\"}}");
                post(via, "{\"name\":\"sink-" + p + "\",\"config\":{\"connector.class\":\"FileStreamSink\","
                        + "\"file\":\"" + outputs.get(p) + "\",\"topics\":\"" + group + "-topic-" + p + "\"}}");
            }
            long total = expected;
            WorkerCluster.await("every output is complete", Duration.ofMinutes(15), () -> {
                long size = 0;
                for (Path output : outputs) {
                    try {
                        size += Files.exists(output) ? Files.size(output) : 0;
                    } catch (IOException e) {
                        return false;
                    }
                }
                return size >= total;
            }, () -> c.outputs(5));
            double seconds = (System.nanoTime() - started) / 1e9;
            boolean identical = true;
            for (int p = 0; p < inputs.size(); p++) {
                identical &= Files.mismatch(inputs.get(p), outputs.get(p)) == -1;
            }
            Map<String, Integer> spread = new java.util.TreeMap<>();
            for (int p = 0; p < inputs.size(); p++) {
                WorkerCluster.tasksPerWorker(c.status("source-" + p)).forEach((w, n) -> spread.merge(w, n,
                        Integer::sum));
                WorkerCluster.tasksPerWorker(c.status("sink-" + p)).forEach((w, n) -> spread.merge(w, n,
                        Integer::sum));
            }
            report("%d worker(s): %,.0f records/s end to end (%.1f s; outputs identical to inputs: %s; tasks per "
                    + "worker %s)", workers, RECORDS / seconds, seconds, identical, spread.values());
        }
    }

    private static void post(ClusterWorker via, String json) throws Exception {
        for (int attempt = 0; ; attempt++) {
            var response = via.post("/connectors", json);
            if (response.statusCode() == 201) {
                return;
            }
            // 409 while the cluster rebalances (Kafka Connect's answer too): try again.
            if (response.statusCode() != 409 || attempt > 50) {
                throw new AssertionError("POST /connectors: " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(200);
        }
    }

    private static void writeInput(Path file, int records, int pipeline) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < records; i++) {
                line.setLength(0);
                line.append(pipeline).append('-').append(i).append('-');
                while (line.length() < RECORD_BYTES - 1) {
                    line.append('x');
                }
                out.append(line).append('\n');
            }
        }
    }

    private static void report(String format, Object... args) throws IOException {
        String line = String.format(format, args);
        System.out.println(line);
        Files.writeString(REPORT, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}

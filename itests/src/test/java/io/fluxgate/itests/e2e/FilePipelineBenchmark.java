package io.fluxgate.itests.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The file pipeline benchmark of issue "Standalone mode": 1,000,000 records of 100 bytes through Apache's
 * FileStreamSource, one topic partition and FileStreamSink, with the string converter (or JSON with schemas, with
 * {@code json} as argument). The broker runs in a separate Fluxgate process (its embedded broker), so that the
 * worker's CPU and memory are the worker's own. Prints records/s for the source and end to end, the worker's CPU
 * seconds (start-up included) and its peak RSS. Not a test: run it with itests/benchmarks/file-pipeline.sh.
 */
public final class FilePipelineBenchmark {

    private static final int RECORDS = Integer.getInteger("records", 1_000_000);
    private static final int RECORD_BYTES = 100;
    private static final String TOPIC = "bench";

    public static void main(String[] args) throws Exception {
        boolean json = args.length > 0 && args[0].equals("json");
        Path dir = Files.createTempDirectory("fluxgate-bench");
        Process broker = null;
        Process worker = null;
        try {
            Distribution cluster = Distribution.copyInto(dir.resolve("cluster"));
            Distribution dist = Distribution.copyInto(dir.resolve("worker"));
            int kafkaPort = Distribution.freePort();
            // The broker with Kafka's default broker heap, as in the baseline.
            broker = cluster.start(Map.of("FLUXGATE_CDS", "false", "KAFKA_HEAP_OPTS", "-Xms1G -Xmx1G",
                    "KAFKA_OPTS", ""), "connect-standalone.sh", cluster.writeConfig("broker.properties", Map.of(
                    "fluxgate.embedded.broker.enable", "true",
                    "fluxgate.embedded.broker.port", String.valueOf(kafkaPort),
                    "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                    "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                    "offset.storage.file.filename", "data/offsets",
                    "listeners", "http://127.0.0.1:" + Distribution.freePort())).toString());
            String bootstrap = "127.0.0.1:" + kafkaPort;
            await(Duration.ofSeconds(120), () -> cluster.stdout().contains("worker started"));

            Path input = dir.resolve("input.txt");
            Path output = dir.resolve("output.txt");
            writeInput(input);

            int restPort = Distribution.freePort();
            String converter = json ? "org.apache.kafka.connect.json.JsonConverter"
                    : "org.apache.kafka.connect.storage.StringConverter";
            Map<String, String> workerConfig = new java.util.HashMap<>(Map.of(
                    "bootstrap.servers", bootstrap,
                    "key.converter", converter,
                    "value.converter", converter,
                    "key.converter.schemas.enable", "true",
                    "value.converter.schemas.enable", "true",
                    "offset.storage.file.filename", dir.resolve("offsets").toString(),
                    "offset.flush.interval.ms", "10000",
                    "listeners", "http://127.0.0.1:" + restPort));
            // BENCH_WORKER_CONFIG="key=value key=value" adds or replaces worker settings, to compare variants.
            for (String setting : System.getenv().getOrDefault("BENCH_WORKER_CONFIG", "").split("\\s+")) {
                if (setting.contains("=")) {
                    workerConfig.put(setting.substring(0, setting.indexOf('=')),
                            setting.substring(setting.indexOf('=') + 1));
                }
            }
            Path props = dist.writeConfig("worker.properties", workerConfig);
            // The distribution's own JVM settings unless BENCH_HEAP_OPTS or BENCH_JVM_PERFORMANCE_OPTS say otherwise;
            // BENCH_OPTS become the worker's KAFKA_OPTS, for example to record a flight recording of the worker.
            Map<String, String> env = new java.util.HashMap<>(Map.of("FLUXGATE_CDS", "false",
                    "KAFKA_HEAP_OPTS", System.getenv().getOrDefault("BENCH_HEAP_OPTS", ""),
                    "KAFKA_OPTS", System.getenv().getOrDefault("BENCH_OPTS", ""),
                    "KAFKA_JVM_PERFORMANCE_OPTS", System.getenv().getOrDefault("BENCH_JVM_PERFORMANCE_OPTS", "")));
            String apacheClasspath = System.getenv("BENCH_APACHE_CLASSPATH");
            worker = apacheClasspath == null ? dist.start(env, "connect-standalone.sh", props.toString())
                    : startApache(apacheClasspath, props, dir);
            long pid = worker.pid();
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + restPort);
            await(Duration.ofSeconds(120), () -> status(http, base.resolve("/health")) == 200);

            awaitPluginsDeployed(http, base);
            long started = System.nanoTime();
            post(http, base.resolve("/connectors"), "{\"name\":\"bench-source\",\"config\":{"
                    + "\"connector.class\":\"FileStreamSource\",\"file\":\"" + input + "\",\"topic\":\"" + TOPIC
                    + "\",\"batch.size\":\"2000\",\"topic.creation.default.partitions\":\"1\","
                    + "\"topic.creation.default.replication.factor\":\"1\"}}");
            post(http, base.resolve("/connectors"), "{\"name\":\"bench-sink\",\"config\":{"
                    + "\"connector.class\":\"FileStreamSink\",\"file\":\"" + output + "\",\"topics\":\"" + TOPIC
                    + "\"}}");

            long expectedBytes = (long) RECORDS * RECORD_BYTES;
            long sourceDone = 0;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                while (true) {
                    long now = System.nanoTime();
                    if (sourceDone == 0 && endOffset(admin) >= RECORDS) {
                        sourceDone = now;
                    }
                    if (Files.exists(output) && Files.size(output) >= expectedBytes) {
                        break;
                    }
                    if (!worker.isAlive()) {
                        throw new IllegalStateException("worker exited: " + dist.stderr());
                    }
                    if (now - started > TimeUnit.MINUTES.toNanos(10)) {
                        throw new IllegalStateException("no end after 10 minutes; output has "
                                + (Files.exists(output) ? Files.size(output) : 0) + " bytes");
                    }
                    Thread.sleep(20);
                }
            }
            long endToEnd = System.nanoTime();
            double cpuSeconds = cpuSeconds(pid);
            String cpuByThread = cpuByThread(pid);
            long peakRssMb = peakRssKb(pid) / 1024;
            boolean identical = Files.mismatch(input, output) == -1;

            System.out.printf("file pipeline on %s, %,d records of %d bytes, %s converter, 1 partition%n",
                    apacheClasspath == null ? "Fluxgate" : "Apache Kafka Connect", RECORDS, RECORD_BYTES,
                    json ? "JSON (schemas enabled)" : "string");
            System.out.printf("source -> topic: %,.0f records/s%n", RECORDS / seconds(started, sourceDone));
            System.out.printf("end to end:      %,.0f records/s (output identical to input: %s)%n",
                    RECORDS / seconds(started, endToEnd), identical);
            System.out.printf("worker CPU:      %.1f s user+sys (start-up included)%n", cpuSeconds);
            System.out.printf("worker peak RSS: %,d MB%n", peakRssMb);
            System.out.print(cpuByThread);
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

    /**
     * Apache Kafka Connect's standalone worker on the same settings, for a back-to-back comparison: started as
     * Kafka's connect-standalone.sh starts it (its default heap and JVM options), with connect-file on the class
     * path as in Kafka's libs/. The class path comes from itests/benchmarks/apache/pom.xml (see file-pipeline.sh).
     */
    private static Process startApache(String classpath, Path props, Path dir) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-Xms256M", "-Xmx2G", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.awt.headless=true", "-cp", classpath, "org.apache.kafka.connect.cli.ConnectStandalone",
                props.toString()));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("apache.out").toFile()).redirectError(dir.resolve("apache.err").toFile())
                .start();
    }

    /** Lines of 99 characters and a newline: 100 bytes a record, each line distinct. */
    private static void writeInput(Path input) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.US_ASCII)) {
            String padding = "x".repeat(RECORD_BYTES);
            for (int i = 0; i < RECORDS; i++) {
                String head = "record-" + i + "-";
                out.write(head);
                out.write(padding, 0, RECORD_BYTES - 1 - head.length());
                out.write('\n');
            }
        }
    }

    private static long endOffset(Admin admin) throws Exception {
        try {
            return admin.listOffsets(Map.of(new TopicPartition(TOPIC, 0), OffsetSpec.latest())).all()
                    .get(5, TimeUnit.SECONDS).values().iterator().next().offset();
        } catch (java.util.concurrent.ExecutionException notYet) {
            return 0;
        }
    }

    /** The process's CPU time so far, user and system, from /proc/<pid>/stat. */
    static double cpuSeconds(long pid) throws IOException {
        return cpuSeconds(Path.of("/proc/" + pid + "/stat"));
    }

    private static double cpuSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks / 100.0; // USER_HZ
    }

    /** The worker's CPU seconds by thread group (names without their numbers), the largest first. */
    private static String cpuByThread(long pid) throws IOException {
        Map<String, Double> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9#]+", "N");
                    byName.merge(name, cpuSeconds(task.resolve("stat")), Double::sum);
                } catch (IOException exited) {
                    // the thread ended meanwhile
                }
            }
        }
        StringBuilder out = new StringBuilder("worker CPU by thread (s):");
        byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append(String.format(" %s %.1f;", e.getKey(), e.getValue())));
        return out.append('\n').toString();
    }

    private static long peakRssKb(long pid) throws IOException {
        return statusKb(pid, "VmHWM");
    }

    /** A size field of /proc/<pid>/status in kB (VmRSS, VmHWM...); -1 when it has none. */
    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Creates a connector; plugins/ is deployed just after start-up, so an unknown class is retried a while. */
    private static void post(HttpClient http, URI uri, String body) throws Exception {
        HttpResponse<String> response;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            response = http.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400 && response.body().contains("Failed to find any class")) {
                Thread.sleep(100);
                continue;
            }
            break;
        } while (System.nanoTime() < deadline);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** Waits until a throwaway connector of the file plugin can be created, then deletes it. */
    private static void awaitPluginsDeployed(HttpClient http, URI base) throws Exception {
        post(http, base.resolve("/connectors"), "{\"name\":\"bench-probe\",\"config\":{"
                + "\"connector.class\":\"FileStreamSink\",\"topics\":\"bench-probe\",\"file\":\"/dev/null\"}}");
        http.send(HttpRequest.newBuilder(base.resolve("/connectors/bench-probe")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** A condition the benchmarks wait for; it may throw while the worker is not ready. */
    interface Check {
        boolean ok() throws Exception;
    }

    /** Waits for {@code check}, looking every 50 ms; the bulkhead benchmark waits with it too. */
    static void await(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(50);
        }
    }

    private FilePipelineBenchmark() {
    }
}

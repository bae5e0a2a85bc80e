package io.fluxgate.itests.cluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What exactly-once sources (KIP-618) cost, asked by the issue "throughput of a source with exactly-once on, against
 * the same source at-least-once, for each transaction boundary; failover time with exactly-once on". Prints figures;
 * asserts nothing. Not part of the suite (its name is no test's): run it with itests/benchmarks/exactly-once.sh, which
 * prints target/benchmarks/exactly-once.txt.
 * <p>
 * Throughput: one distributed worker on its own broker, FileStreamSource reading {@code bench.records} (500,000)
 * lines of 100 bytes, {@code batch.size} 2000, to a topic of one partition; records/s from the connector's creation
 * until a consumer ({@code read_committed} when exactly once, plain otherwise) has read every line, and the worker's
 * CPU seconds over that time (from /proc). One fresh worker and group per run: at least once, then exactly once with
 * each transaction boundary FileStreamSource can have. Each run checks the topic has every line, once.
 * <p>
 * Failover: three workers with Kafka Connect's default group timeouts, the sequence source with 6 tasks; kill -9 of a
 * follower running tasks, timed until all tasks are RUNNING on the survivors, and until a consumer
 * ({@code read_committed} when exactly once) reads, for every task, a record produced after the kill.
 * {@code bench.runs} (3) times with exactly once, and as many without.
 */
class ExactlyOnceBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 500_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int TASKS = 6;
    private static final int RECORD_BYTES = 100;
    private static final long CLOCK_TICKS = 100; // USER_HZ of Linux's /proc/<pid>/stat
    private static final Path REPORT = Path.of("target/benchmarks/exactly-once.txt");
    private static final Map<String, String> EXACTLY_ONCE = Map.of("exactly.once.source.support", "enabled");

    @TempDir
    Path dir;

    @Test
    void throughputAndFailover() throws Exception {
        Files.createDirectories(REPORT.getParent());
        Files.deleteIfExists(REPORT);
        ClusterWorker.Kind kind = ClusterWorker.Kind.configured();
        String name = kind == ClusterWorker.Kind.APACHE ? "Apache Kafka Connect 4.3.1" : "Fluxgate";
        Path input = dir.resolve("input.txt");
        writeInput(input, RECORDS);
        try (BrokerProcess broker = BrokerProcess.startNew(dir.resolve("broker"))) {
            report("exactly-once source throughput on %s: 1 worker, FileStreamSource, %,d records of %d bytes, "
                    + "batch.size 2000, topic of 1 partition, string converter", name, RECORDS, RECORD_BYTES);
            throughput(broker, "at-least-once", false, Map.of(), input);
            throughput(broker, "exactly-once, transaction.boundary=poll", true,
                    Map.of("transaction.boundary", "poll"), input);
            throughput(broker, "exactly-once, transaction.boundary=interval, 1000 ms", true,
                    Map.of("transaction.boundary", "interval", "transaction.boundary.interval.ms", "1000"), input);
            throughput(broker, "exactly-once, transaction.boundary=interval, 100 ms", true,
                    Map.of("transaction.boundary", "interval", "transaction.boundary.interval.ms", "100"), input);

            if (RUNS > 0) { // BENCH_RUNS=0: throughput only
                report("exactly-once failover on %s: 3 workers, sequence source with %d tasks, kill -9 of a follower "
                        + "running tasks, default group timeouts%s", name, TASKS,
                        kind == ClusterWorker.Kind.APACHE ? " (scheduled.rebalance.max.delay.ms=0)" : "");
                List<long[]> exactlyOnce = new ArrayList<>();
                List<long[]> atLeastOnce = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    exactlyOnce.add(failover(broker, "eos-" + run, true));
                    atLeastOnce.add(failover(broker, "alo-" + run, false));
                }
                summarize("exactly-once ", exactlyOnce, "committing again (read_committed)");
                summarize("at-least-once", atLeastOnce, "writing again");
            }
        }
    }

    private void throughput(BrokerProcess broker, String label, boolean exactlyOnce, Map<String, String> boundary,
            Path input) throws Exception {
        String group = "eos-bench-" + label.replaceAll("[^a-z0-9]+", "-");
        try (WorkerCluster c = new WorkerCluster(group, broker, dir, exactlyOnce ? EXACTLY_ONCE : Map.of())
                .start(1)) {
            ClusterWorker worker = c.worker(0);
            WorkerCluster.await(worker + " lists FileStreamSource", Duration.ofSeconds(60),
                    () -> worker.json("/connector-plugins").toString().contains("FileStreamSourceConnector"),
                    () -> worker.json("/connector-plugins").toString());
            String topic = group + "-topic";
            c.createTopic(topic, 1);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "FileStreamSource");
            config.put("file", input.toString());
            config.put("topic", topic);
            config.put("batch.size", "2000");
            if (exactlyOnce) {
                config.put("exactly.once.support", "required");
                config.putAll(boundary);
            }
            StringBuilder json = new StringBuilder("{\"name\":\"source\",\"config\":{");
            config.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
            json.setLength(json.length() - 1);
            json.append("}}");

            try (LineCounter counter = new LineCounter(broker.bootstrapServers(), topic, exactlyOnce)) {
                double cpuBefore = cpuSeconds(worker.pid());
                long started = System.nanoTime();
                var response = worker.post("/connectors", json.toString());
                for (int attempt = 0; response.statusCode() == 409 && attempt < 50; attempt++) {
                    Thread.sleep(200); // Kafka Connect's answer while its group rebalances: try again
                    response = worker.post("/connectors", json.toString());
                }
                if (response.statusCode() != 201) {
                    report("  %s: connector refused: %d %s", label, response.statusCode(), response.body());
                    return;
                }
                long deadline = started + Duration.ofMinutes(10).toNanos();
                while (counter.distinct() < RECORDS && System.nanoTime() < deadline) {
                    counter.poll();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpu = cpuSeconds(worker.pid()) - cpuBefore;
                if (counter.distinct() < RECORDS) {
                    report("  %s: gave up after %.0f s with %,d of %,d lines read; %s", label, seconds,
                            counter.distinct(), RECORDS, c.status("source"));
                    return;
                }
                Thread.sleep(2000); // anything more than every line once, written late, is read too
                counter.drain();
                report("  %-55s %,9.0f records/s (%.1f s), worker CPU %.1f s; %,d records read, %,d distinct, %,d "
                        + "duplicates, %s", label, RECORDS / seconds, seconds, cpu, counter.read(),
                        counter.distinct(), counter.read() - counter.distinct(),
                        counter.read() == RECORDS && counter.distinct() == RECORDS ? "every line once"
                                : "NOT every line once");
            }
            if (exactlyOnce && boundary.containsValue("interval")
                    && "100".equals(boundary.get("transaction.boundary.interval.ms"))) {
                // FileStreamSourceConnector does not override canDefineTransactionBoundaries(): the worker says so.
                var refused = worker.post("/connectors", json.toString().replace("\"name\":\"source\"",
                        "\"name\":\"source-connector-boundary\"").replace("\"interval\"", "\"connector\""));
                String body = refused.body().replace('\n', ' ');
                report("  %-55s not measured: FileStreamSource does not define transaction boundaries; the worker "
                        + "answers %d %s", "exactly-once, transaction.boundary=connector", refused.statusCode(),
                        body.length() > 300 ? body.substring(0, 300) + "..." : body);
            }
        }
    }

    /** Returns {all tasks RUNNING, every task's records readable again} in ms after the kill. */
    private long[] failover(BrokerProcess broker, String name, boolean exactlyOnce) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        // Kafka Connect's defaults (session 10 s, heartbeat 3 s, rebalance 60 s, offset flush 60 s).
        overrides.put("session.timeout.ms", null);
        overrides.put("heartbeat.interval.ms", null);
        overrides.put("rebalance.timeout.ms", null);
        overrides.put("offset.flush.interval.ms", null);
        if (exactlyOnce) {
            overrides.putAll(EXACTLY_ONCE);
        }
        try (WorkerCluster c = new WorkerCluster("eos-failover-" + name, broker, dir, overrides).start(3)) {
            String topic = c.group + "-seq";
            c.createTopic(topic, 1);
            String config = WorkerCluster.sequenceConnector("seq", topic, TASKS);
            if (exactlyOnce) {
                config = config.replace("}}", ",\"exactly.once.support\":\"required\","
                        + "\"transaction.boundary\":\"poll\"}}");
            }
            var response = c.worker(1).write("POST", "/connectors", config);
            if (response.statusCode() != 201) {
                throw new AssertionError("POST /connectors: " + response.statusCode() + " " + response.body());
            }
            c.awaitAllRunning("seq", TASKS, Duration.ofSeconds(120));
            ClusterWorker killed = c.worker(2);
            WorkerCluster.await(killed + " runs tasks", Duration.ofSeconds(60),
                    () -> WorkerCluster.tasksPerWorker(c.status("seq")).getOrDefault(killed.workerId(), 0) > 0
                            && WorkerCluster.allRunning(c.status("seq"), TASKS, c.liveIds()),
                    () -> c.status("seq").toString());
            int moved = WorkerCluster.tasksPerWorker(c.status("seq")).getOrDefault(killed.workerId(), 0);
            try (SequenceWatcher watcher = new SequenceWatcher(broker.bootstrapServers(), topic, exactlyOnce)) {
                WorkerCluster.await("every task's records readable", Duration.ofSeconds(60),
                        watcher::everyTaskRead, () -> "");
                Thread.sleep(2000);
                long kill = System.nanoTime();
                watcher.watchFrom(System.currentTimeMillis(), killed.pid());
                killed.kill();
                c.awaitAllRunning("seq", TASKS, Duration.ofMinutes(6));
                long running = (System.nanoTime() - kill) / 1_000_000;
                long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
                while (watcher.everyTaskReadableAt() < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                long writing = watcher.everyTaskReadableAt() < 0 ? -1
                        : (watcher.everyTaskReadableAt() - kill) / 1_000_000;
                report("  %s: %d tasks moved; all %d RUNNING on the survivors %,d ms after kill -9, every task's "
                        + "records after the kill readable (%s) %,d ms after it", name, moved, TASKS, running,
                        exactlyOnce ? "read_committed" : "plain", writing);
                return new long[] {running, writing};
            }
        }
    }

    private static void summarize(String label, List<long[]> runs, String what) throws IOException {
        List<Long> running = runs.stream().map(r -> r[0]).toList();
        List<Long> writing = runs.stream().map(r -> r[1]).toList();
        report("%s: all tasks RUNNING median %,d ms %s; every task %s median %,d ms %s", label, median(running),
                running, what, median(writing), writing);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** utime + stime of a process, in seconds. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic, boolean committedOnly) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    /** Reads the benchmark's lines as they become readable: how many, and which (by the number each starts with). */
    private static final class LineCounter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final BitSet seen = new BitSet(RECORDS);
        private long read;

        LineCounter(String bootstrap, String topic, boolean committedOnly) {
            consumer = consumer(bootstrap, topic, committedOnly);
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                read++;
                byte[] v = r.value();
                int n = 0;
                for (int i = 0; i < v.length && v[i] != '-'; i++) {
                    n = n * 10 + (v[i] - '0');
                }
                seen.set(n);
            }
        }

        void drain() {
            for (int empty = 0; empty < 5; ) {
                long before = read;
                poll();
                empty = read == before ? empty + 1 : 0;
            }
        }

        long read() {
            return read;
        }

        int distinct() {
            return seen.cardinality();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /**
     * Follows the sequence topic in a thread of its own: whether every task has a readable record, and when (the
     * reader's clock) each task's first record made after a given time became readable.
     */
    private static final class SequenceWatcher implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<Integer, Long> readableAt = new TreeMap<>();
        private final BitSet seen = new BitSet();
        private final Thread thread;
        private volatile long since = Long.MAX_VALUE;
        private volatile String excludedPid = "";
        private volatile boolean stop;

        SequenceWatcher(String bootstrap, String topic, boolean committedOnly) {
            consumer = consumer(bootstrap, topic, committedOnly);
            thread = new Thread(() -> {
                while (!stop) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        int task = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
                        long now = System.nanoTime();
                        synchronized (readableAt) {
                            seen.set(task);
                            // The record's timestamp is the producer's clock: the worker's, on this machine.
                            var pid = r.headers().lastHeader("pid");
                            if (r.timestamp() > since && (pid == null
                                    || !excludedPid.equals(new String(pid.value(), StandardCharsets.UTF_8)))) {
                                readableAt.putIfAbsent(task, now);
                            }
                        }
                    }
                }
            }, "sequence-watcher");
            thread.start();
        }

        boolean everyTaskRead() {
            synchronized (readableAt) {
                return seen.cardinality() == TASKS;
            }
        }

        /**
         * From now on, notes when each task's first record made after {@code wallMillis} is read, leaving out the
         * records of the process {@code killedPid} (written in the instant before its kill).
         */
        void watchFrom(long wallMillis, long killedPid) {
            excludedPid = Long.toString(killedPid);
            since = wallMillis;
        }

        /** When the last task had its first record made after the watched time read (nanoTime), or -1 if not yet. */
        long everyTaskReadableAt() {
            synchronized (readableAt) {
                return readableAt.size() < TASKS ? -1 : readableAt.values().stream().max(Long::compare).get();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(5000);
            consumer.close();
        }
    }

    private static void writeInput(Path file, int records) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < records; i++) {
                line.setLength(0);
                line.append(i).append('-');
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

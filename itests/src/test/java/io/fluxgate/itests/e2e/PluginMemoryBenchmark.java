package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Memory after repeated hot deploys, on the assembled distribution (against a broker in another process): CYCLES times, a plugin jar
 * (test-plugin-versioned 1.0.0) is moved into plugins/, a connector is created on it and runs, then the connector is
 * deleted and the jar removed. At cycle 0 (after one warm-up cycle), half-way and at the end, after a full GC: heap
 * used, metaspace used, RSS, live classes (loaded less unloaded) and the plugins' class loaders still alive.
 * A leak of old class loaders shows as growth in the last three. Not a test: run itests/benchmarks/plugin-memory.sh.
 *
 * <p>The worker runs with the shipped JVM options less {@code -XX:+ExplicitGCInvokesConcurrent}, so that
 * {@code jcmd GC.run} is a full, class-unloading collection rather than a concurrent cycle.
 */
public final class PluginMemoryBenchmark {

    private static final String JVM_OPTS = "-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 "
            + "-XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true";

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path jar = Path.of(args.length > 1 ? args[1] : "target/test-plugins/versioned/versioned-1.0.0.jar");
        // With "nmt", native memory tracking too: where RSS goes that the heap and metaspace figures do not show.
        boolean nmt = args.length > 2 && args[2].equals("nmt");
        Path dir = Files.createTempDirectory("fluxgate-memory-bench");
        try {
            Distribution dist = Distribution.copyInto(dir.resolve("worker"));
            Path target = dist.home.resolve("plugins/cycled.jar");
            // The broker in a process of its own (another Fluxgate's embedded broker): only the worker is measured.
            try (RunningWorker broker = RunningWorker.start(Distribution.copyInto(dir.resolve("broker")), Map.of());
                    RunningWorker worker = RunningWorker.start(dist, Map.of("fluxgate.embedded.broker.enable",
                            "false", "bootstrap.servers", broker.bootstrapServers), Map.of(
                            "KAFKA_JVM_PERFORMANCE_OPTS", JVM_OPTS + (nmt ? " -XX:NativeMemoryTracking=summary" : ""),
                            "KAFKA_HEAP_OPTS", "-Xms64M -Xmx512M"))) {
                System.out.printf("worker pid %d; %d install/create/delete/uninstall cycles of %s%n", worker.pid(),
                        cycles, jar.getFileName());
                System.out.println("cycle  heap-used-MB  metaspace-used-MB  RSS-MB  live-classes  "
                        + "plugin-loaders  cycle-ms");
                cycle(worker, jar, target); // warm-up: the first use loads the platform's side of it all
                long last = 0;
                Map<Integer, Map<String, Long>> histograms = new java.util.TreeMap<>();
                for (int i = 0; i <= cycles; i++) {
                    if (i == 0 || i == cycles / 2 || i == cycles) {
                        System.out.println(sample(worker.pid(), i, last));
                        histograms.put(i, histogram(worker.pid()));
                        if (nmt && i == cycles / 2) {
                            jcmd(worker.pid(), "VM.native_memory baseline");
                        }
                    }
                    if (i < cycles) {
                        last = cycle(worker, jar, target);
                    }
                }
                // Two halves: a leak grows in both; what only the first half shows is warm-up.
                printGrowth(histograms.get(0), histograms.get(cycles / 2), 0, cycles / 2);
                printGrowth(histograms.get(cycles / 2), histograms.get(cycles), cycles / 2, cycles);
                if (nmt) {
                    System.out.printf("native memory, cycle %d -> %d:%n%s", cycles / 2, cycles,
                            jcmd(worker.pid(), "VM.native_memory summary.diff"));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** One install, use, delete and uninstall; returns how long it took, in ms. */
    private static long cycle(RunningWorker worker, Path jar, Path target) throws Exception {
        long started = System.nanoTime();
        Path part = target.resolveSibling(".cycled.jar.part");
        Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        RunningWorker.await("listed", Duration.ofSeconds(30),
                () -> worker.body("/connector-plugins").contains("SequenceSourceConnector"));
        // One name for all cycles: the offsets Kafka Connect keeps for a deleted connector (by design) would
        // otherwise grow the heap by a few hundred bytes a cycle and hide what matters here.
        String name = "cycled";
        worker.create(name, "{\"connector.class\":\"SequenceSource\",\"topic\":\"cycles\",\"batch.size\":\"1\","
                + "\"poll.interval.ms\":\"100\"}");
        RunningWorker.await(name + " RUNNING", Duration.ofSeconds(30), () -> worker.runningOn(name, 1, "1.0.0"));
        worker.delete(name);
        Files.delete(target);
        RunningWorker.await("unlisted", Duration.ofSeconds(30),
                () -> !worker.body("/connector-plugins").contains("SequenceSourceConnector"));
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String sample(long pid, int cycle, long cycleMs) throws Exception {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run"); // the second collects what the first only made unreachable (finalizers, cleaners)
        String heap = jcmd(pid, "GC.heap_info");
        long heapKb = number(heap, "garbage-first heap\\s+total \\d+K, used (\\d+)K");
        long metaKb = number(heap, "Metaspace\\s+used (\\d+)K");
        String counters = jcmd(pid, "PerfCounter.print");
        long live = number(counters, "java.cls.loadedClasses=(\\d+)")
                - number(counters, "java.cls.unloadedClasses=(\\d+)");
        long loaders = jcmd(pid, "VM.classloader_stats").lines()
                .filter(line -> line.contains("io.fluxgate.plugins.isolation.PluginClassLoader")).count();
        long rssKb = number(Files.readString(Path.of("/proc/" + pid + "/status")), "VmRSS:\\s+(\\d+) kB");
        return String.format("%5d  %12.1f  %17.1f  %6.1f  %12d  %14d  %8s", cycle, heapKb / 1024.0, metaKb / 1024.0,
                rssKb / 1024.0, live, loaders, cycle == 0 ? "-" : Long.toString(cycleMs));
    }

    /** Bytes by class, live objects only (the histogram forces a full GC first). */
    private static Map<String, Long> histogram(long pid) throws IOException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        Matcher row = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(jcmd(pid, "GC.class_histogram"));
        while (row.find()) {
            bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
        }
        return bytes;
    }

    /** The classes whose live bytes grew most between two samples: where a leak would show. */
    private static void printGrowth(Map<String, Long> before, Map<String, Long> after, int from, int to) {
        System.out.printf("largest growth of live bytes by class, cycle %d -> %d:%n", from, to);
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("  %+8d B  %s%n", e.getValue(), e.getKey()));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private static long number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + regex + " in:\n" + text);
        }
        return Long.parseLong(matcher.group(1));
    }

    private PluginMemoryBenchmark() {
    }
}

package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.fluxgate.itests.cluster.BrokerProcess;
import io.fluxgate.itests.cluster.ClusterWorker;

/**
 * Real third-party plugins on Fluxgate and on Apache Kafka Connect 4.3.1, back to back in one run:
 * <ol>
 * <li>Debezium's PostgreSQL connector hot-deployed into a running Fluxgate worker (its embedded broker): drop (an
 * atomic move of the extracted plugin directory into plugins/) until {@code GET /connector-plugins} lists it, and
 * until a connector created then has its task RUNNING against a real PostgreSQL; the first-ever deploy apart, then
 * deploys that find the content store's entry, then one after the entry is deleted. Each round's time is split by the
 * worker's own log lines.</li>
 * <li>Start-up with real plugins installed (Debezium's directory, MirrorMaker 2's directory, connect-file): Fluxgate
 * with its class-data-sharing archive as a user has it, a bare Fluxgate, Apache's {@code ConnectStandalone} with
 * plugin.discovery hybrid_warn (its default) and service_load;</li>
 * <li>idle RSS after those starts;</li>
 * <li>Debezium's snapshot of a 100,000-row table into a topic of one broker process, Fluxgate and Apache alternating,
 * with the same connector and converters: events/s, the worker's CPU time.</li>
 * </ol>
 * Every worker runs at its distribution's defaults: Fluxgate's bin/ scripts (heap -Xms64M -Xmx2G -Xmn128M), Apache's
 * at Kafka's bin/ scripts' (-Xms256M -Xmx2G, G1), on the class path {@code -Dfluxgate.apache.classpath} gives. Not a
 * test: run it with itests/benchmarks/real-plugins.sh, which prints what each figure measures.
 */
public final class RealPluginsBenchmark {

    private static final String POSTGRES_CONNECTOR = DebeziumPostgresPlugin.CONNECTOR_CLASS;
    private static final String MIRROR_SOURCE = "org.apache.kafka.connect.mirror.MirrorSourceConnector";
    private static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final Set<String> REAL_PLUGINS = Set.of(POSTGRES_CONNECTOR, MIRROR_SOURCE, FILE_SOURCE);
    /** The JVM options of Kafka 4.3.1's bin/connect-standalone.sh (heap) and kafka-run-class.sh (the rest). */
    private static final List<String> APACHE_JVM = List.of("-Xms256M", "-Xmx2G", "-server", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
            "-Djava.awt.headless=true");
    private static final int SNAPSHOT_ROWS = Integer.getInteger("snapshot.rows", 100_000);
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final long POLL_MS = 10;
    /** felix.fileinstall.poll as the launcher sets it. */
    private static final int FILEINSTALL_POLL_MS = 500;

    /** What this run started, closed in reverse order at the end or when the JVM is stopped (Ctrl-C). */
    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

    private RealPluginsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int snapshotRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Set<String> sections = Set.of(System.getProperty("bench.sections", "deploy,startup,snapshot").split(","));
        if (rounds < 1 || snapshotRuns < 1) {
            throw new IllegalArgumentException("ROUNDS and SNAPSHOT_RUNS are at least 1");
        }
        Path dir = Files.createTempDirectory("fluxgate-real-plugins-bench");
        // Ctrl-C: stop every process started here, as the normal end does.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll();
            deleteQuietly(dir);
        }, "bench-stop"));
        long started = System.nanoTime();
        try {
            Optional<Path> postgresBin = PostgresCluster.installation();
            System.out.printf("machine: %d cores, load average %s; Java %s; PostgreSQL %s%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version"),
                    postgresBin.map(Path::toString).orElse("not installed"));
            boolean debezium = sections.contains("deploy") || sections.contains("snapshot");
            PostgresCluster postgres = debezium && postgresBin.isPresent()
                    ? opened(PostgresCluster.start(postgresBin.get())) : null;
            if (debezium && postgres == null) {
                System.out.println("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on the "
                        + "PATH): the Debezium deploy and snapshot sections are skipped");
            }
            if (sections.contains("deploy") && postgres != null) {
                hotDeploy(dir.resolve("deploy"), postgres, rounds);
            }
            if (sections.contains("startup") || sections.contains("snapshot")) {
                BrokerProcess broker = opened(BrokerProcess.startNew(dir.resolve("broker")));
                if (sections.contains("startup")) {
                    startUp(dir.resolve("startup"), broker.bootstrapServers(), rounds);
                }
                if (sections.contains("snapshot") && postgres != null) {
                    snapshot(dir.resolve("snapshot"), postgres, broker.bootstrapServers(), snapshotRuns);
                }
            }
            System.out.printf("%nwhole benchmark: %.0f s; load average at the end %s%n",
                    (System.nanoTime() - started) / 1e9, loadAverage());
        } finally {
            closeAll();
            deleteQuietly(dir);
        }
    }

    // ---- 1. Hot deploy ------------------------------------------------------------------------------------------

    private static void hotDeploy(Path dir, PostgresCluster postgres, int rounds) throws Exception {
        Path plugin = DebeziumPostgresPlugin.extracted();
        System.out.printf("%n== 1. Debezium PostgreSQL hot deploy into a running Fluxgate standalone worker%n"
                + "   the plugin: %s (%d files, %,d KB), copied beside plugins/ then moved in (one rename);%n"
                + "   the worker: the assembled distribution, its embedded broker, heap at the scripts' default, "
                + "CDS off;%n   %s; rounds: the first-ever deploy, %d with the content store entry "
                + "there, 1 after deleting it%n", plugin, fileCount(plugin), treeBytes(plugin) / 1024, postgres,
                rounds);
        Distribution dist = Distribution.copyInto(dir);
        Path plugins = dist.home.resolve("plugins");
        Path staging = Files.createDirectories(dist.home.resolve("plugins-staging"));
        Path removed = Files.createDirectories(dist.home.resolve("plugins-removed"));
        Path log = dist.home.resolve("logs/connect.log");
        CapturedTable table = CapturedTable.create(postgres, "deploy_bench", 100);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_HEAP_OPTS", null);
        RunningWorker worker = opened(RunningWorker.start(dist, Map.of(), env));
        ConnectRest rest = new ConnectRest(worker.base);

        List<DeployRound> cached = new ArrayList<>();
        DeployRound first = null;
        DeployRound uncached = null;
        for (int round = 0; round <= rounds + 1; round++) {
            String kind;
            if (round == 0) {
                kind = "first-ever deploy, nothing in data/plugin-content";
            } else if (round <= rounds) {
                kind = "content store entry there (same bytes)";
            } else {
                List<Path> entries = deleteContentEntries(dist.home.resolve("data/plugin-content"),
                        DebeziumPostgresPlugin.DIRECTORY + "-");
                kind = "after deleting its data/plugin-content entry (" + entries.size() + " deleted)";
            }
            DeployRound result = deployOnce(rest, table, plugins, staging, log, "deploy_r" + round);
            System.out.printf("  round %d (%s): drop -> listed %,d ms, -> task RUNNING %,d ms%n    %s%n", round, kind,
                    result.listedMs, result.runningMs, result.steps == null
                            ? "(the worker's log has no 'Deploying plugin' and 'Added ... plugins' lines for it)"
                            : result.steps.describe());
            if (round == 0) {
                first = result;
            } else if (round <= rounds) {
                cached.add(result);
            } else {
                uncached = result;
            }
            undeploy(rest, postgres, plugins, removed, "deploy_r" + round, round);
        }
        List<Long> listedCached = cached.stream().map(DeployRound::listedMs).toList();
        List<Long> runningCached = cached.stream().map(DeployRound::runningMs).toList();
        System.out.printf("  Debezium drop -> GET /connector-plugins lists PostgresConnector: first-ever deploy %,d ms;"
                + " cached: median %,d ms, worst %,d ms (%d rounds); uncached again: %,d ms%n", first.listedMs,
                median(listedCached), worst(listedCached), rounds, uncached.listedMs);
        System.out.printf("  Debezium drop -> connector created when listed has its task RUNNING: first-ever deploy "
                + "%,d ms; cached: median %,d ms, worst %,d ms (%d rounds); uncached again: %,d ms%n",
                first.runningMs, median(runningCached), worst(runningCached), rounds, uncached.runningMs);
        List<DeploySteps> cachedSteps = cached.stream().map(DeployRound::steps).filter(x -> x != null).toList();
        if (!cachedSteps.isEmpty()) {
            System.out.println("  cached rounds, median of each step: " + DeploySteps.median(cachedSteps).describe());
        }
        close(worker);
    }

    /** One deploy: its two figures, and their steps as the worker's log tells them (null if it does not). */
    private record DeployRound(long listedMs, long runningMs, DeploySteps steps) {
    }

    /**
     * A deploy's time by step, in ms: FileInstall's poll until it takes the directory as settled (unchanged over a
     * poll), its jar of the directory in its tmpdir (-1 when not seen), the hand-over to the transformer (-1 likewise),
     * the content store (digests; copy and index when not cached), bundle install and start until the registry added
     * the plugins, until REST lists them, and the connector's creation until its task is RUNNING.
     */
    private record DeploySteps(long settled, long jar, long handOver, long store, long install, long listed,
            long createToRunning) {

        String describe() {
            String pickUp = jar < 0
                    ? String.format("FileInstall picks the directory up (poll, unchanged over a poll, jars it) %,d ms",
                            settled)
                    : String.format("FileInstall sees it unchanged over a poll %,d ms, jars the directory into its "
                            + "tmpdir %,d ms, hands the jar over %,d ms", settled, jar, handOver);
            return String.format("%s; content store (reads that jar, digests; copies and indexes unless cached) %,d "
                    + "ms; bundle installed and started, plugins added %,d ms; listed %,d ms later; create -> task "
                    + "RUNNING %,d ms", pickUp, store, install, listed, createToRunning);
        }

        static DeploySteps median(List<DeploySteps> all) {
            return new DeploySteps(RealPluginsBenchmark.median(all.stream().map(DeploySteps::settled).toList()),
                    RealPluginsBenchmark.median(all.stream().map(DeploySteps::jar).toList()),
                    RealPluginsBenchmark.median(all.stream().map(DeploySteps::handOver).toList()),
                    RealPluginsBenchmark.median(all.stream().map(DeploySteps::store).toList()),
                    RealPluginsBenchmark.median(all.stream().map(DeploySteps::install).toList()),
                    RealPluginsBenchmark.median(all.stream().map(DeploySteps::listed).toList()),
                    RealPluginsBenchmark.median(all.stream().map(DeploySteps::createToRunning).toList()));
        }
    }

    private static DeployRound deployOnce(ConnectRest rest, CapturedTable table, Path plugins, Path staging, Path log,
            String name) throws Exception {
        Path staged = DebeziumPostgresPlugin.copyInto(staging);
        long logFrom = Files.size(log);
        // FileInstall hands a directory over as a jar of it, written to its tmpdir: when that starts and ends.
        Path directoryJar = plugins.resolveSibling("data/tmp").resolve(DebeziumPostgresPlugin.DIRECTORY + ".jar");
        long droppedAt = System.currentTimeMillis();
        long dropped = System.nanoTime();
        FileWrites jarWrites = FileWrites.watch(directoryJar, droppedAt);
        Files.move(staged, plugins.resolve(staged.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
        awaitListed(rest, Set.of(POSTGRES_CONNECTOR), Duration.ofSeconds(120));
        long listed = System.nanoTime();
        jarWrites.close();
        Map<String, String> config = table.connectorConfig();
        config.put("slot.name", name);
        config.put("topic.prefix", name);
        rest.create(name, config);
        rest.awaitRunning(name, 1, null, Duration.ofSeconds(120), POLL_MS);
        long running = System.nanoTime();
        long listedMs = millis(dropped, listed);
        return new DeployRound(listedMs, millis(dropped, running),
                deploySteps(readFrom(log, logFrom), droppedAt, jarWrites, listedMs, millis(listed, running)));
    }

    /**
     * When a file is written after a moment: the first time its modification time is seen at or after it (checked
     * every 5 ms, so within about 5 ms of the write's start), and its modification time when the watch ends.
     */
    private static final class FileWrites implements AutoCloseable {
        private final Path file;
        private final long since;
        private final Thread thread;
        private volatile boolean stop;
        private volatile long firstSeen = -1;
        private volatile long last = -1;

        private FileWrites(Path file, long since) {
            this.file = file;
            this.since = since;
            this.thread = new Thread(this::run, "watch-" + file.getFileName());
            thread.setDaemon(true);
        }

        static FileWrites watch(Path file, long since) {
            FileWrites watch = new FileWrites(file, since);
            watch.thread.start();
            return watch;
        }

        private void run() {
            while (!stop) {
                long modified = modified();
                if (firstSeen < 0 && modified >= since) {
                    firstSeen = System.currentTimeMillis();
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private long modified() {
            try {
                return Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
            long modified = modified();
            last = modified >= since ? modified : -1;
        }
    }

    private static final Pattern DEPLOYING = Pattern.compile("Deploying plugin " + DebeziumPostgresPlugin.DIRECTORY
            + "/ as bundle .* in (\\d+) ms");
    private static final Pattern ADDED = Pattern.compile("Added (\\d+) plugins from fluxgate\\.plugin\\."
            + DebeziumPostgresPlugin.DIRECTORY + " ");

    /** Where a deploy's time went, by the worker's log lines (their times are to the millisecond). */
    private static DeploySteps deploySteps(List<String> lines, long droppedAt, FileWrites jar, long listedMs,
            long createToRunningMs) {
        long stored = -1;
        long storeMs = -1;
        long added = -1;
        for (String line : lines) {
            Matcher deploying = DEPLOYING.matcher(line);
            if (stored < 0 && deploying.find()) {
                stored = timeOf(line);
                storeMs = Long.parseLong(deploying.group(1));
            }
            if (added < 0 && ADDED.matcher(line).find()) {
                added = timeOf(line);
            }
        }
        if (stored < 0 || added < 0) {
            return null;
        }
        long transformed = stored - storeMs;
        boolean jarSeen = jar.firstSeen >= 0 && jar.last >= jar.firstSeen && jar.last <= transformed;
        return new DeploySteps(jarSeen ? jar.firstSeen - droppedAt : transformed - droppedAt,
                jarSeen ? jar.last - jar.firstSeen : -1, jarSeen ? transformed - jar.last : -1, storeMs,
                added - stored, droppedAt + listedMs - added, createToRunningMs);
    }

    /** Deletes the connector and its replication slot, then removes the plugin until it is no longer listed. */
    private static void undeploy(ConnectRest rest, PostgresCluster postgres, Path plugins, Path removed, String name,
            int round) throws Exception {
        rest.delete(name);
        await("connector " + name + " is gone", Duration.ofSeconds(60),
                () -> rest.statusCode("/connectors/" + name) == 404);
        dropSlot(postgres, name);
        Path gone = removed.resolve(Integer.toString(round));
        Files.move(plugins.resolve(DebeziumPostgresPlugin.DIRECTORY), gone, StandardCopyOption.ATOMIC_MOVE);
        await("Debezium is no longer listed", Duration.ofSeconds(60),
                () -> !rest.connectorPlugins().contains(POSTGRES_CONNECTOR));
        deleteTree(gone);
        // FileInstall's polls see plugins/ settled; the next drop lands anywhere between two polls, as a user's does
        // (a fixed pause would drop at the same point of the poll cycle every round).
        Thread.sleep(1_000 + ThreadLocalRandom.current().nextInt(FILEINSTALL_POLL_MS));
    }

    /** Drops a replication slot once its WAL sender has let go of it (a stopped task's connection closes soon). */
    private static void dropSlot(PostgresCluster postgres, String slot) throws Exception {
        await("replication slot " + slot + " is dropped", Duration.ofSeconds(60), () -> {
            postgres.sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "' AND NOT active;");
            return postgres.sql("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "';").trim()
                    .equals("0");
        });
    }

    private static List<Path> deleteContentEntries(Path store, String prefix) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(store, prefix + "*")) {
            all.forEach(entries::add);
        }
        for (Path entry : entries) {
            deleteTree(entry);
        }
        return entries;
    }

    // ---- 2. and 3. Start-up and idle RSS ------------------------------------------------------------------------

    /** One worker configuration started again and again: its launch-to-ready times and its idle RSS. */
    private static final class Starts {
        final String label;
        final StandaloneWorker worker;
        final boolean fluxgate;
        final Set<String> expected;
        final Path log;
        long first = -1;
        final List<Long> later = new ArrayList<>();
        long idleRssKb = -1;
        String firstSteps = "";
        String lastSteps = "";

        Starts(String label, StandaloneWorker worker, boolean fluxgate, Set<String> expected, Path log) {
            this.label = label;
            this.worker = worker;
            this.fluxgate = fluxgate;
            this.expected = expected;
            this.log = log;
        }
    }

    private static void startUp(Path dir, String bootstrapServers, int rounds) throws Exception {
        System.out.printf("%n== 2. Start-up with real plugins installed, and 3. idle RSS%n"
                + "   launch -> ready: Fluxgate GET /health 200 and GET /connector-plugins lists the plugins; Apache "
                + "GET / 200 (and the same list);%n   plugins: %s/ + %s/ + connect-file-4.3.1.jar (Fluxgate: in "
                + "plugins/; Apache: its plugin.path); broker: a separate process (%s);%n   Fluxgate at its scripts' "
                + "defaults, CDS on (the archive is written at the first exit); Apache %s with Kafka's defaults %s,%n"
                + "   class path %s;%n   each configuration's first start, then %d rounds of one start each, in "
                + "turn; idle RSS = VmRSS %d s after the last start%n", DebeziumPostgresPlugin.DIRECTORY,
                mirrorPlugin().getFileName(), bootstrapServers, "ConnectStandalone", String.join(" ", APACHE_JVM),
                apacheClassPathSummary(), rounds, IDLE.toSeconds());
        Map<String, String> userEnv = new HashMap<>();
        userEnv.put("KAFKA_HEAP_OPTS", null);
        userEnv.put("KAFKA_JVM_PERFORMANCE_OPTS", null);
        userEnv.put("FLUXGATE_CDS", null);

        FluxgateStandaloneWorker real = FluxgateStandaloneWorker.create(dir.resolve("fluxgate-plugins"),
                bootstrapServers);
        real.env.putAll(userEnv);
        installRealPlugins(real.pluginDirectory(), false);
        FluxgateStandaloneWorker bare = FluxgateStandaloneWorker.create(dir.resolve("fluxgate-bare"),
                bootstrapServers);
        bare.env.putAll(userEnv);
        ApacheStandaloneWorker hybrid = apacheWorker(dir.resolve("apache-hybrid"), bootstrapServers, "hybrid_warn");
        installRealPlugins(hybrid.pluginDirectory(), true);
        ApacheStandaloneWorker serviceLoad = apacheWorker(dir.resolve("apache-service-load"), bootstrapServers,
                "service_load");
        installRealPlugins(serviceLoad.pluginDirectory(), true);

        List<Starts> all = List.of(
                new Starts("Fluxgate, Debezium + MM2 + connect-file in plugins/, CDS on", real, true, REAL_PLUGINS,
                        real.dist.home.resolve("logs/connect.log")),
                new Starts("Fluxgate bare (the shipped connect-file only), CDS on", bare, true, Set.of(FILE_SOURCE),
                        bare.dist.home.resolve("logs/connect.log")),
                new Starts("Apache 4.3.1, the same 3 plugins, plugin.discovery=hybrid_warn (default)", hybrid, false,
                        REAL_PLUGINS, hybrid.home.resolve("logs/stdout.txt")),
                new Starts("Apache 4.3.1, the same 3 plugins, plugin.discovery=service_load", serviceLoad, false,
                        REAL_PLUGINS, serviceLoad.home.resolve("logs/stdout.txt")));
        for (int round = 0; round <= rounds; round++) {
            for (Starts starts : all) {
                boolean last = round == rounds;
                startOnce(starts, round, last);
            }
        }
        System.out.println("  start-up, launch -> ready (first start apart; median and worst of the " + rounds
                + " later starts):");
        for (Starts s : all) {
            System.out.printf("    %-75s first %,6d ms; median %,6d ms, worst %,6d ms%n", s.label + ":", s.first,
                    median(s.later), worst(s.later));
        }
        System.out.println("  where Fluxgate's start-up goes (its log; ms since launch):");
        System.out.println("    first start: " + all.get(0).firstSteps);
        System.out.println("    last start:  " + all.get(0).lastSteps);
        System.out.println("    bare, last:  " + all.get(1).lastSteps);
        System.out.println("  where Apache's goes (its log; ms since launch):");
        System.out.println("    hybrid_warn, last:  " + all.get(2).lastSteps);
        System.out.println("    service_load, last: " + all.get(3).lastSteps);
        System.out.printf("  idle RSS (VmRSS %d s after the last start):%n", IDLE.toSeconds());
        for (Starts s : all) {
            System.out.printf("    %-75s %,6d MB%n", s.label + ":", s.idleRssKb / 1024);
        }
    }

    private static ApacheStandaloneWorker apacheWorker(Path dir, String bootstrapServers, String discovery)
            throws IOException {
        ApacheStandaloneWorker worker = ApacheStandaloneWorker.create(dir, bootstrapServers);
        worker.settings.put("plugin.discovery", discovery);
        worker.jvmOptions = APACHE_JVM;
        return worker;
    }

    /** Debezium's and MirrorMaker 2's plugin directories, and connect-file when the distribution does not ship it. */
    private static void installRealPlugins(Path pluginDirectory, boolean withConnectFile) throws IOException {
        DebeziumPostgresPlugin.copyInto(pluginDirectory);
        MirrorMakerWorker.copyTree(mirrorPlugin(), pluginDirectory.resolve(mirrorPlugin().getFileName().toString()));
        if (withConnectFile) {
            Path shipped = Path.of(System.getProperty("fluxgate.distribution"), "plugins", "connect-file-4.3.1.jar");
            Files.copy(shipped, pluginDirectory.resolve(shipped.getFileName().toString()));
        }
    }

    private static Path mirrorPlugin() {
        return DebeziumPostgresPlugin.extracted().resolveSibling("connect-mirror");
    }

    private static void startOnce(Starts s, int round, boolean last) throws Exception {
        long logFrom = Files.exists(s.log) ? Files.size(s.log) : 0;
        long launchedAt = System.currentTimeMillis();
        long launched = System.nanoTime();
        s.worker.launch();
        opened(s.worker);
        ConnectRest rest = s.worker.rest();
        String readiness = s.fluxgate ? "/health" : "/";
        long deadline = launched + TimeUnit.MINUTES.toNanos(3);
        while (!(rest.statusCode(readiness) == 200 && rest.connectorPlugins().containsAll(s.expected))) {
            if (!s.worker.isAlive()) {
                throw new IllegalStateException(s.label + ": the worker exited:\n" + s.worker.tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(s.label + ": not ready after 3 minutes; lists "
                        + rest.connectorPlugins() + "\n" + s.worker.tail(40));
            }
            Thread.sleep(POLL_MS);
        }
        long ms = millis(launched, System.nanoTime());
        if (round == 0) {
            s.first = ms;
        } else {
            s.later.add(ms);
        }
        if (last) {
            Thread.sleep(IDLE.toMillis());
            s.idleRssKb = FilePipelineBenchmark.statusKb(s.worker.pid(), "VmRSS");
        }
        long stopping = System.nanoTime();
        close(s.worker);
        long stopMs = millis(stopping, System.nanoTime());
        String steps = startSteps(readFrom(s.log, logFrom), launchedAt, s.fluxgate);
        if (round == 0) {
            s.firstSteps = steps;
        }
        s.lastSteps = steps;
        System.out.printf("  start %d, %s: launch -> ready %,d ms; SIGTERM -> exit %,d ms%s%n", round, s.label, ms,
                stopMs, round == 0 && s.fluxgate ? " (first start: empty content store; writes the CDS archive at exit)"
                        : "");
    }

    private static final Map<Pattern, String> FLUXGATE_STEPS = steps(
            "Kafka cluster \\S+ answers at", "Kafka answers",
            "Plugin registry ready in (\\d+) ms", "platform plugins ready (%s ms)",
            "Deploying plugin (\\S+) as bundle \\S+ \\S+ \\(\\d+ on its class path\\) in (\\d+) ms",
            "%s stored (%s ms)",
            "Added \\d+ plugins from fluxgate\\.plugin\\.(\\S+) ", "%s added",
            "REST API listening on \\S+, started in (\\d+) ms", "REST listening (%s ms)",
            "Fluxgate standalone worker started in (\\d+) ms", "worker started (%s ms)",
            "Standalone herder started", "herder started");
    private static final Map<Pattern, String> APACHE_STEPS = steps(
            "Kafka Connect worker initializing", "initializing",
            "Scanning for plugin classes", "scanning plugins",
            "Kafka Connect worker initialization took (\\d+)ms", "initialized (%s ms)",
            "REST server listening at", "REST listening",
            "Kafka Connect started", "started");

    private static Map<Pattern, String> steps(String... patternsAndLabels) {
        Map<Pattern, String> steps = new LinkedHashMap<>();
        for (int i = 0; i < patternsAndLabels.length; i += 2) {
            steps.put(Pattern.compile(patternsAndLabels[i]), patternsAndLabels[i + 1]);
        }
        return steps;
    }

    /** The start-up's milestones from the worker's log, each with its time since the launch. */
    private static String startSteps(List<String> lines, long launchedAt, boolean fluxgate) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            for (Map.Entry<Pattern, String> step : (fluxgate ? FLUXGATE_STEPS : APACHE_STEPS).entrySet()) {
                Matcher m = step.getKey().matcher(line);
                if (m.find()) {
                    Object[] groups = new Object[m.groupCount()];
                    for (int g = 0; g < groups.length; g++) {
                        groups[g] = m.group(g + 1);
                    }
                    long at = timeOf(line);
                    out.append(out.length() == 0 ? "" : "; ").append('+').append(at < 0 ? "?" : at - launchedAt)
                            .append(' ').append(String.format(step.getValue(), groups));
                    break;
                }
            }
        }
        return out.length() == 0 ? "(no milestones in the log)" : out.toString();
    }

    // ---- 4. Snapshot throughput ---------------------------------------------------------------------------------

    private static void snapshot(Path dir, PostgresCluster postgres, String bootstrapServers, int runs)
            throws Exception {
        CapturedTable table = CapturedTable.create(postgres, "snapshot_bench", 0);
        postgres.sql("ALTER TABLE public.snapshot_bench ADD COLUMN note text NOT NULL DEFAULT '';\n"
                + "INSERT INTO public.snapshot_bench SELECT g, 'row-' || g, 10 * g, repeat('x', 70) || '-' || g "
                + "FROM generate_series(1, " + SNAPSHOT_ROWS + ") g;\nVACUUM ANALYZE public.snapshot_bench;");
        String rowBytes = postgres.sql("SELECT round(avg(pg_column_size(t.*))) FROM public.snapshot_bench t;").trim();
        System.out.printf("%n== 4. Debezium snapshot throughput, Fluxgate and Apache 4.3.1 alternating, %d runs each%n"
                + "   table public.snapshot_bench: %,d rows of 4 columns (id, name, amount, note), %s bytes a row on "
                + "average as PostgreSQL stores it (row header included);%n   one connector (tasks.max=1, pgoutput, "
                + "its own slot and topic each run), JsonConverter with schemas disabled (connector settings), the "
                + "same broker process (%s);%n   source producers as each ships them (Fluxgate: idempotent, 5 "
                + "requests in flight, 64 KiB batches; Apache: 1 request in flight, 16 KiB batches);%n"
                + "   each run on a worker started for it (Debezium already installed; Apache with service_load), "
                + "timed from POST /connectors until the topic's end offset is %,d;%n   CPU = the worker's "
                + "utime+stime over that time (/proc/<pid>/stat); heaps at each distribution's defaults%n", runs,
                SNAPSHOT_ROWS, rowBytes, bootstrapServers, SNAPSHOT_ROWS);
        FluxgateStandaloneWorker fluxgate = FluxgateStandaloneWorker.create(dir.resolve("fluxgate"),
                bootstrapServers);
        fluxgate.env.put("KAFKA_HEAP_OPTS", null);
        fluxgate.env.put("KAFKA_JVM_PERFORMANCE_OPTS", null);
        DebeziumPostgresPlugin.copyInto(fluxgate.pluginDirectory());
        ApacheStandaloneWorker apache = apacheWorker(dir.resolve("apache"), bootstrapServers, "service_load");
        DebeziumPostgresPlugin.copyInto(apache.pluginDirectory());

        Map<String, List<SnapshotRun>> results = new LinkedHashMap<>();
        results.put("Fluxgate", new ArrayList<>());
        results.put("Apache 4.3.1", new ArrayList<>());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (int run = 1; run <= runs; run++) {
                for (Map.Entry<String, List<SnapshotRun>> side : results.entrySet()) {
                    boolean isFluxgate = side.getKey().equals("Fluxgate");
                    StandaloneWorker worker = isFluxgate ? fluxgate : apache;
                    String name = "snap_" + (isFluxgate ? "fluxgate" : "apache") + "_" + run;
                    SnapshotRun result = snapshotOnce(worker, table, admin, postgres, name);
                    side.getValue().add(result);
                    System.out.printf("  run %d, %-12s %,d records in %,6d ms = %,6.0f events/s (first record after "
                            + "%,d ms, then %,.0f events/s); worker CPU %.1f s; peak RSS %,d MB%n", run,
                            side.getKey() + ":", SNAPSHOT_ROWS, result.ms, result.eventsPerSecond(), result.firstMs,
                            result.afterFirstPerSecond(), result.cpuSeconds, result.peakRssKb / 1024);
                }
            }
        }
        System.out.printf("  Debezium snapshot of %,d rows, medians of %d runs:%n", SNAPSHOT_ROWS, runs);
        for (Map.Entry<String, List<SnapshotRun>> side : results.entrySet()) {
            List<SnapshotRun> r = side.getValue();
            System.out.printf("    %-13s %,6.0f events/s (%,d ms; first record after %,d ms); worker CPU %.1f s "
                    + "(%.0f µs an event); peak RSS %,d MB%n", side.getKey() + ":",
                    medianD(r.stream().map(SnapshotRun::eventsPerSecond).toList()),
                    median(r.stream().map(x -> x.ms).toList()), median(r.stream().map(x -> x.firstMs).toList()),
                    medianD(r.stream().map(x -> x.cpuSeconds).toList()),
                    medianD(r.stream().map(x -> x.cpuSeconds).toList()) * 1e6 / SNAPSHOT_ROWS,
                    median(r.stream().map(x -> x.peakRssKb).toList()) / 1024);
        }
    }

    private record SnapshotRun(long ms, long firstMs, double cpuSeconds, long peakRssKb) {
        double eventsPerSecond() {
            return SNAPSHOT_ROWS * 1000.0 / ms;
        }

        double afterFirstPerSecond() {
            return ms > firstMs ? SNAPSHOT_ROWS * 1000.0 / (ms - firstMs) : 0;
        }
    }

    private static SnapshotRun snapshotOnce(StandaloneWorker worker, CapturedTable table, Admin admin,
            PostgresCluster postgres, String name) throws Exception {
        worker.start();
        opened(worker);
        ConnectRest rest = worker.rest();
        awaitListed(rest, Set.of(POSTGRES_CONNECTOR), Duration.ofSeconds(120));
        Map<String, String> config = table.connectorConfig();
        config.put("slot.name", name);
        config.put("topic.prefix", name);
        TopicPartition partition = new TopicPartition(name + ".public." + table.name, 0);
        long pid = worker.pid();
        double cpuBefore = FilePipelineBenchmark.cpuSeconds(pid);
        long created = System.nanoTime();
        rest.create(name, config);
        long first = -1;
        long lastCheck = created;
        while (true) {
            long end = endOffset(admin, partition);
            long now = System.nanoTime();
            if (first < 0 && end > 0) {
                first = now;
            }
            if (end >= SNAPSHOT_ROWS) {
                break;
            }
            if (now - lastCheck > TimeUnit.SECONDS.toNanos(1)) {
                rest.assertNotFailed(name);
                lastCheck = now;
            }
            if (now - created > TimeUnit.MINUTES.toNanos(10)) {
                throw new IllegalStateException(name + ": " + end + " records after 10 minutes");
            }
            Thread.sleep(20);
        }
        long done = System.nanoTime();
        double cpu = FilePipelineBenchmark.cpuSeconds(pid) - cpuBefore;
        long peakRss = FilePipelineBenchmark.statusKb(pid, "VmHWM");
        rest.delete(name);
        close(worker);
        dropSlot(postgres, name);
        admin.deleteTopics(List.of(partition.topic())).all().get(60, TimeUnit.SECONDS);
        return new SnapshotRun(millis(created, done), millis(created, first), cpu, peakRss);
    }

    /** The partition's end offset; 0 while its topic does not exist (asked first: the admin client logs errors). */
    private static long endOffset(Admin admin, TopicPartition partition) throws Exception {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(partition.topic())) {
            return 0;
        }
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS)
                    .get(partition).offset();
        } catch (ExecutionException notYet) {
            return 0; // created, its leader not known yet
        }
    }

    // ---- Shared -------------------------------------------------------------------------------------------------

    private static void awaitListed(ConnectRest rest, Set<String> classes, Duration timeout) throws Exception {
        await("GET /connector-plugins lists " + classes, timeout,
                () -> rest.connectorPlugins().containsAll(classes), POLL_MS);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration timeout, Condition condition) throws Exception {
        await(what, timeout, condition, 50);
    }

    private static void await(String what, Duration timeout, Condition condition, long pollMs) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(pollMs);
        }
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /** The epoch milliseconds of a log line that starts with {@code [yyyy-MM-dd HH:mm:ss,SSS]}; -1 otherwise. */
    private static long timeOf(String line) {
        if (line.length() < 25 || line.charAt(0) != '[') {
            return -1;
        }
        try {
            return LocalDateTime.parse(line.substring(1, 24), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant()
                    .toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The lines written to {@code file} after its first {@code offset} bytes. */
    private static List<String> readFrom(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (length - offset)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String apacheClassPathSummary() {
        String[] entries = ClusterWorker.apacheClassPath().split(java.io.File.pathSeparator);
        String given = System.getProperty("fluxgate.apache.classpath");
        return entries.length + " entries" + (given == null || given.isBlank()
                ? " (the benchmark's own class path: give -Dfluxgate.apache.classpath for Apache's alone)"
                : " (-Dfluxgate.apache.classpath)");
    }

    private static <T extends AutoCloseable> T opened(T resource) {
        synchronized (OPEN) {
            if (!OPEN.contains(resource)) {
                OPEN.push(resource);
            }
        }
        return resource;
    }

    private static void close(AutoCloseable resource) throws Exception {
        synchronized (OPEN) {
            OPEN.remove(resource);
        }
        resource.close();
    }

    private static void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (OPEN) {
                next = OPEN.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("could not stop " + next + ": " + e);
            }
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double medianD(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? -1 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long worst(List<Long> values) {
        return values.isEmpty() ? -1 : Collections.max(values);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (IOException e) {
            return "?";
        }
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}

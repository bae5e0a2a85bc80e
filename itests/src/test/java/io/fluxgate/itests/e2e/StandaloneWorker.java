package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fluxgate.itests.cluster.ClusterWorker;

/**
 * A standalone Kafka Connect worker as the real-plugin tests drive it, Fluxgate's or Apache's (see
 * {@link ConnectImplementation}), on an external broker. It has a home of its own whose offsets file and plugin
 * directory outlive a stop, so that it can be stopped (SIGTERM) and started again as an operator does.
 */
abstract class StandaloneWorker implements AutoCloseable {

    /** The worker settings both implementations get: the broker, and offsets flushed every second. */
    static Map<String, String> settings(String bootstrapServers) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("offset.flush.interval.ms", "1000");
        return settings;
    }

    /** A worker of {@code kind} in {@code dir}, not started. */
    static StandaloneWorker create(ClusterWorker.Kind kind, Path dir, String bootstrapServers) throws IOException {
        return kind == ClusterWorker.Kind.FLUXGATE ? FluxgateStandaloneWorker.create(dir, bootstrapServers)
                : ApacheStandaloneWorker.create(dir, bootstrapServers);
    }

    /** The directory a user puts plugins into: Fluxgate's watched plugins/, Apache's plugin.path. */
    abstract Path pluginDirectory();

    /** Starts the worker and waits until it is ready to take connectors. */
    abstract void start() throws IOException, InterruptedException;

    /**
     * Starts the worker's process and returns at once, {@link #rest()} valid (benchmarks time the start-up
     * themselves, and wait for what they measure).
     */
    abstract void launch() throws IOException;

    /** Whether the process {@link #launch()} or {@link #start()} started still runs. */
    abstract boolean isAlive();

    /** The worker JVM's process id (for /proc: CPU time, RSS). */
    abstract long pid();

    /** SIGTERM, as an operator stops a worker, and waits until it has exited. */
    abstract void stop() throws InterruptedException;

    /** Its REST API; valid while it runs (a restart may move it to another port). */
    abstract ConnectRest rest();

    /** Whether the worker takes a plugin dropped while it runs (Fluxgate), or reads its plugins only at start. */
    abstract boolean deploysWhileRunning();

    /** What the worker wrote (log file, stdout, stderr), for failure messages. */
    abstract String output();

    /**
     * Deploys the extracted plugin directory {@code staged} as a user does: an atomic move into the plugin directory
     * from a sibling directory (so the worker never sees half a plugin); then, for a worker that reads its plugins
     * only at start (Apache's), a restart, which is how Apache Kafka Connect takes a new plugin.
     */
    void deploy(Path staged) throws IOException, InterruptedException {
        Files.move(staged, pluginDirectory().resolve(staged.getFileName().toString()),
                StandardCopyOption.ATOMIC_MOVE);
        if (!deploysWhileRunning()) {
            stop();
            start();
        }
    }

    /** The last {@code lines} lines of {@link #output()} without stack frames. */
    String tail(int lines) {
        var all = output().lines().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... ")).toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

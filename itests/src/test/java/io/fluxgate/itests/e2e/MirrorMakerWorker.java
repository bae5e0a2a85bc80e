package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.fluxgate.itests.cluster.ClusterWorker;

/**
 * The one Connect worker that runs MirrorMaker 2's connectors: a distributed worker (Kafka's documentation runs them
 * "on a Connect cluster") whose own {@code bootstrap.servers} is the target cluster, where its internal topics live.
 * Fluxgate's assembled distribution, or Apache Kafka Connect 4.3.1 in a child JVM with {@code -Dcluster.workers=apache}
 * (see {@link ClusterWorker}). The connect-mirror plugin directory is installed as each platform's users install it:
 * copied into Fluxgate's watched {@code plugins/} before the start; on Apache, in a directory named by
 * {@code plugin.path}. Apache's own distribution also has connect-mirror on the worker class path ({@code libs/});
 * the reference run leaves it off, so that Apache loads MirrorMaker as Fluxgate must: as a plugin, whose parent is
 * a worker class path that holds connect-runtime.
 */
final class MirrorMakerWorker {

    private MirrorMakerWorker() {
    }

    static ClusterWorker start(ClusterWorker.Kind kind, Path home, String targetBootstrapServers,
            Path mirrorPluginDirectory) throws IOException, InterruptedException {
        Path plugins = home.resolve("plugins");
        copyTree(mirrorPluginDirectory, plugins.resolve(mirrorPluginDirectory.getFileName().toString()));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", targetBootstrapServers);
        settings.put("fluxgate.embedded.broker.enable", "false");
        settings.put("group.id", "mm2-connect");
        settings.put("config.storage.topic", "mm2-connect-configs");
        settings.put("offset.storage.topic", "mm2-connect-offsets");
        settings.put("status.storage.topic", "mm2-connect-status");
        settings.put("config.storage.replication.factor", "1");
        settings.put("offset.storage.replication.factor", "1");
        settings.put("status.storage.replication.factor", "1");
        settings.put("offset.storage.partitions", "5");
        settings.put("status.storage.partitions", "2");
        // The shipped default, not bytes: the connectors' own converter settings must be what carries bytes through.
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        // MirrorSourceTask emits the offset sync of a partition's last record when the worker commits its offsets:
        // checkpoints of a group that has read everything can only be exact after that commit.
        settings.put("offset.flush.interval.ms", "1000");
        if (kind == ClusterWorker.Kind.APACHE) {
            settings.put("plugin.path", plugins.toAbsolutePath().toString());
        }
        ClusterWorker worker = ClusterWorker.launch("mm2-worker", kind, home, settings);
        try {
            worker.awaitReady(Duration.ofSeconds(120));
        } catch (AssertionError | InterruptedException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * MirrorMaker 2's client library (connect-mirror-client, the jar of the plugin directory under test) as an application
 * on the target cluster uses it: {@code RemoteClusterUtils.translateOffsets} to find where a consumer group of the
 * source would resume, and {@code Heartbeat} to read the heartbeats topic. The jar is kept off the test class path
 * (surefire excludes it: the in-framework tests export the test class path to their plugins), so it gets a class
 * loader of its own here, whose parent supplies kafka-clients; its two entry points are called reflectively.
 */
final class MirrorClientLibrary implements AutoCloseable {

    /** A heartbeat as MirrorHeartbeatConnector wrote it: which flow it is the pulse of, and when. */
    record Heartbeat(String sourceClusterAlias, String targetClusterAlias, long timestamp) {
    }

    private final URLClassLoader loader;
    private final Method translateOffsets;
    private final Method deserializeHeartbeat;
    private final Method heartbeatSource;
    private final Method heartbeatTarget;
    private final Method heartbeatTimestamp;

    private MirrorClientLibrary(URLClassLoader loader) throws ReflectiveOperationException {
        this.loader = loader;
        Class<?> remoteClusterUtils = loader.loadClass("org.apache.kafka.connect.mirror.RemoteClusterUtils");
        translateOffsets = remoteClusterUtils.getMethod("translateOffsets", Map.class, String.class, String.class,
                Duration.class);
        Class<?> heartbeat = loader.loadClass("org.apache.kafka.connect.mirror.Heartbeat");
        deserializeHeartbeat = heartbeat.getMethod("deserializeRecord", ConsumerRecord.class);
        heartbeatSource = heartbeat.getMethod("sourceClusterAlias");
        heartbeatTarget = heartbeat.getMethod("targetClusterAlias");
        heartbeatTimestamp = heartbeat.getMethod("timestamp");
    }

    /** The connect-mirror-client jar(s) of {@code pluginDirectory}. */
    static MirrorClientLibrary from(Path pluginDirectory) throws IOException, ReflectiveOperationException {
        List<URL> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(pluginDirectory, "connect-mirror-client-*.jar")) {
            for (Path jar : found) {
                jars.add(jar.toUri().toURL());
            }
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one connect-mirror-client jar in " + pluginDirectory + ": "
                    + jars);
        }
        return new MirrorClientLibrary(new URLClassLoader("connect-mirror-client", jars.toArray(URL[]::new),
                MirrorClientLibrary.class.getClassLoader()));
    }

    /**
     * {@code RemoteClusterUtils.translateOffsets}: the offsets, in the target cluster's topics, at which
     * {@code group} would resume after a failover, from the checkpoints of {@code sourceAlias} in the target cluster
     * at {@code targetBootstrapServers}; as "topic-partition to offset".
     */
    Map<String, Long> translateOffsets(String targetBootstrapServers, String sourceAlias, String group,
            Duration timeout) throws InterruptedException {
        Map<String, Object> clientConfig = Map.of("bootstrap.servers", targetBootstrapServers);
        @SuppressWarnings("unchecked")
        Map<TopicPartition, OffsetAndMetadata> translated = (Map<TopicPartition, OffsetAndMetadata>) call(
                translateOffsets, null, clientConfig, sourceAlias, group, timeout);
        return ConsumerGroupOffsets.named(translated);
    }

    /** {@code Heartbeat.deserializeRecord}: a record of a heartbeats topic, decoded. */
    Heartbeat heartbeat(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        Object heartbeat = call(deserializeHeartbeat, null, record);
        return new Heartbeat((String) call(heartbeatSource, heartbeat), (String) call(heartbeatTarget, heartbeat),
                (Long) call(heartbeatTimestamp, heartbeat));
    }

    /** Calls {@code method}, throwing what it throws (a checked exception wrapped, with its message). */
    private static Object call(Method method, Object target, Object... args) throws InterruptedException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(method.getName() + ": " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}

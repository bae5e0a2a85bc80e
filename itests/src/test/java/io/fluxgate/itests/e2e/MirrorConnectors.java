package io.fluxgate.itests.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configurations of MirrorMaker 2's three connectors for one replication flow, {@code src -> dst}, as Kafka's
 * documentation has them run on a Connect cluster (connect-mirror's README, "Running MirrorMaker in a Connect
 * cluster"): both clusters' aliases and bootstrap servers in every connector, and byte-array converters so that
 * keys, values and headers pass through as bytes. The intervals are seconds instead of minutes so that a test sees
 * checkpoints, offset syncs and heartbeats at once; replication factors are 1 for one-broker clusters.
 */
final class MirrorConnectors {

    static final String SOURCE_ALIAS = "src";
    static final String TARGET_ALIAS = "dst";

    /** Connector name to connector class, in the order they are created. */
    static final Map<String, String> CLASSES = classes();

    private static final String PACKAGE = "org.apache.kafka.connect.mirror.";
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private final String sourceBootstrapServers;
    private final String targetBootstrapServers;
    private final String topics;
    private final String groups;

    MirrorConnectors(String sourceBootstrapServers, String targetBootstrapServers, String topics, String groups) {
        this.sourceBootstrapServers = sourceBootstrapServers;
        this.targetBootstrapServers = targetBootstrapServers;
        this.topics = topics;
        this.groups = groups;
    }

    private static Map<String, String> classes() {
        Map<String, String> classes = new LinkedHashMap<>();
        classes.put("mm2-source", PACKAGE + "MirrorSourceConnector");
        classes.put("mm2-checkpoint", PACKAGE + "MirrorCheckpointConnector");
        classes.put("mm2-heartbeat", PACKAGE + "MirrorHeartbeatConnector");
        return classes;
    }

    static List<String> names() {
        return List.copyOf(CLASSES.keySet());
    }

    /** The simple class name: what {@code /connector-plugins/{plugin}/config/validate} is asked with. */
    static String plugin(String connector) {
        return CLASSES.get(connector).substring(PACKAGE.length());
    }

    /** The configuration of {@code connector} (one of {@link #names()}). */
    Map<String, String> config(String connector) {
        Map<String, String> config = new LinkedHashMap<>();
        // The name too, as the documentation's examples have it: validate checks it as a required setting.
        config.put("name", connector);
        config.put("connector.class", CLASSES.get(connector));
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", SOURCE_ALIAS);
        config.put("target.cluster.alias", TARGET_ALIAS);
        config.put("source.cluster.bootstrap.servers", sourceBootstrapServers);
        config.put("target.cluster.bootstrap.servers", targetBootstrapServers);
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        // The worker's default header converter (SimpleHeaderConverter) would write MirrorMaker's byte[] header
        // values as Base64 text; MirrorMaker's own driver sets this one too.
        config.put("header.converter", BYTES);
        switch (connector) {
            case "mm2-source" -> {
                config.put("topics", topics);
                config.put("replication.factor", "1");
                config.put("offset-syncs.topic.replication.factor", "1");
                config.put("refresh.topics.interval.seconds", "1");
                // The test brokers have no authorizer: there are no ACLs to copy.
                config.put("sync.topic.acls.enabled", "false");
            }
            case "mm2-checkpoint" -> {
                config.put("topics", topics);
                config.put("groups", groups);
                config.put("checkpoints.topic.replication.factor", "1");
                config.put("refresh.groups.interval.seconds", "1");
                config.put("emit.checkpoints.interval.seconds", "1");
                config.put("sync.group.offsets.enabled", "true");
                config.put("sync.group.offsets.interval.seconds", "1");
            }
            case "mm2-heartbeat" -> {
                config.put("heartbeats.topic.replication.factor", "1");
                config.put("emit.heartbeats.interval.seconds", "1");
            }
            default -> throw new IllegalArgumentException("not a MirrorMaker 2 connector of this test: " + connector);
        }
        return config;
    }
}

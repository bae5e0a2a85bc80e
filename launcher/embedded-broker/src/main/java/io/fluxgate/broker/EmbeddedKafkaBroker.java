package io.fluxgate.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in the launcher's process, outside
 * OSGi, for a laptop or a demo. It listens on 127.0.0.1 only and keeps its log in one directory, formatted on first
 * use and reused afterwards, so topics and offsets survive restarts.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final int port;
    private final Path dataDir;
    private KafkaRaftServer server;

    public EmbeddedKafkaBroker(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /** The address clients use to reach the broker. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker; throws {@link BrokerStartException} with a one-line reason when it cannot. */
    public void start() throws BrokerStartException {
        if (!isFree(port)) {
            throw new BrokerStartException("Embedded Kafka broker cannot start: port " + port
                    + " is already in use (fluxgate.embedded.broker.port)");
        }
        try {
            Files.createDirectories(dataDir);
            int controllerPort = ephemeralLoopbackPort();
            Properties props = brokerProperties(controllerPort);
            formatIfNew(props);
            long started = System.nanoTime();
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            LOG.info("Embedded Kafka broker listening on {} (data in {}), started in {} ms", bootstrapServers(),
                    dataDir, (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            close();
            throw new BrokerStartException("Embedded Kafka broker cannot start in " + dataDir + ": " + e, e);
        }
    }

    private Properties brokerProperties(int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", dataDir.toString());
        // One node: every internal topic has a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        return props;
    }

    /** Formats the log directory the first time; a formatted directory keeps its cluster id. */
    private void formatIfNew(Properties props) throws Exception {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dataDir.toString()))
                .setMetadataLogDirectory(dataDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .run();
        LOG.info("Formatted the embedded Kafka broker's log directory {}", dataDir);
    }

    /** The port a client reaches the broker on. */
    public int port() {
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker did not shut down cleanly", e);
        }
        server = null;
        LOG.info("Embedded Kafka broker stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    public static Path resolveDataDir(Path home, String configured) {
        Path dir = Path.of(configured);
        return (dir.isAbsolute() ? dir : home.resolve(dir)).normalize();
    }
}

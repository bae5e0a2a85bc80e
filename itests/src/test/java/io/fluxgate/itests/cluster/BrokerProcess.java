package io.fluxgate.itests.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fluxgate.broker.EmbeddedKafkaBroker;

/**
 * A real single-node Kafka broker (KRaft) in a JVM of its own, started from the test's class path: it outlives the
 * workers a test kills, and a test can stop and restart it on the same port and log directory (a broker restart).
 * {@link #shared()} is the one broker of the test JVM's cluster tests; tests keep apart by group ids and topics.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String READY = "BROKER READY";
    private static BrokerProcess shared;

    private final int port;
    private final Path dir;
    private Process process;

    private BrokerProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** The broker shared by the cluster tests of this JVM, started on first use, stopped when the JVM exits. */
    public static synchronized BrokerProcess shared() throws IOException, InterruptedException {
        if (shared == null) {
            BrokerProcess broker = new BrokerProcess(freePort(), Files.createTempDirectory("fluxgate-cluster-broker"));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "cluster-broker-stop"));
            broker.start();
            shared = broker;
        }
        return shared;
    }

    /** A broker of its own (benchmarks), on a free port. */
    public static BrokerProcess startNew(Path dir) throws IOException, InterruptedException {
        BrokerProcess broker = new BrokerProcess(freePort(), dir);
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) and waits until it accepts clients. */
    public synchronized void start() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xms256M", "-Xmx512M", "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(),
                Integer.toString(port), dir.resolve("log").toString()));
        Path out = dir.resolve("broker.out");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        starts++;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            if (text.split(READY, -1).length - 1 >= starts) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the test broker did not start: " + text);
            }
            Thread.sleep(100);
        }
    }

    /** Broker starts so far; the output file (appended to) holds one READY line per start. */
    private int starts;

    /** Stops the broker gracefully (SIGTERM: a controlled shutdown), waiting for it to exit. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A broker restart: stop, {@code down} without a broker, then start again on the same port and log. */
    public void restart(Duration down) throws IOException, InterruptedException {
        stop();
        Thread.sleep(down.toMillis());
        start();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** The child JVM: {@code BrokerProcess <port> <log dir>}. */
    public static void main(String[] args) throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Integer.parseInt(args[0]), Path.of(args[1]));
        broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-stop"));
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}

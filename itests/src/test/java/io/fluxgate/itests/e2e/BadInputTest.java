package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake a user can make at start-up is one line on stderr that names the problem, exit status 1, and nothing
 * left running.
 */
class BadInputTest {

    @TempDir
    Path dir;
    private Distribution dist;
    private Map<String, String> config;
    private int brokerPort;

    @BeforeEach
    void copyDistribution() throws Exception {
        dist = Distribution.copyInto(dir);
        config = dist.shippedStandaloneConfig();
        brokerPort = Distribution.freePort();
        config.put("fluxgate.embedded.broker.port", String.valueOf(brokerPort));
        config.put("listeners", "http://127.0.0.1:" + Distribution.freePort());
    }

    @Test
    void missingWorkerPropertiesFile() throws Exception {
        String error = failsWith(dist.home.resolve("config/nope.properties").toString());
        assertTrue(error.contains("nope.properties") && error.contains("does not exist"), error);
    }

    @Test
    void unreadableWorkerPropertiesFile() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path props = dist.writeConfig("secret.properties", config);
        Files.setPosixFilePermissions(props, PosixFilePermissions.fromString("---------"));
        String error = failsWith(props.toString());
        assertTrue(error.contains("secret.properties") && error.contains("cannot be read"), error);
    }

    @Test
    void workerPropertiesFileIsADirectory() throws Exception {
        String error = failsWith(dist.home.resolve("config").toString());
        assertTrue(error.contains("is not a regular file"), error);
    }

    @Test
    void requiredKeyMissing() throws Exception {
        config.remove("value.converter");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("\"value.converter\"") && error.contains("worker.properties"), error);
    }

    @Test
    void invalidValue() throws Exception {
        config.put("offset.flush.interval.ms", "soon");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("offset.flush.interval.ms") && error.contains("soon"), error);
    }

    @Test
    void invalidListener() throws Exception {
        config.put("listeners", "ftp://127.0.0.1:21");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("listeners") && error.contains("ftp://127.0.0.1:21"), error);
    }

    @Test
    void missingConnectorFile() throws Exception {
        String error = failsWith(dist.writeConfig("worker.properties", config).toString(),
                dist.home.resolve("config/absent-connector.properties").toString());
        assertTrue(error.contains("absent-connector.properties") && error.contains("does not exist"), error);
    }

    @Test
    void unreachableBootstrapServers() throws Exception {
        int closedPort = Distribution.freePort();
        config.remove("fluxgate.embedded.broker.enable");
        config.put("bootstrap.servers", "127.0.0.1:" + closedPort);
        config.put("fluxgate.kafka.connect.timeout.ms", "5000");
        long started = System.nanoTime();
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(error.contains("127.0.0.1:" + closedPort) && error.contains("did not answer"), error);
        assertTrue(tookMs < 60_000, "gave up after " + tookMs + " ms");
    }

    @Test
    void unresolvableBootstrapServers() throws Exception {
        config.remove("fluxgate.embedded.broker.enable");
        config.put("bootstrap.servers", "no-such-host.invalid:9092");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("no-such-host.invalid:9092"), error);
    }

    @Test
    void busyRestPort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            config.put("listeners", "http://127.0.0.1:" + port);
            String error = failsWith(dist.writeConfig("worker.properties", config).toString());
            assertTrue(error.contains("port " + port) && error.contains("already in use"), error);
        }
        assertTrue(PortProbe.isFree(brokerPort), "the embedded broker was started although the REST port was taken");
    }

    /**
     * Two listeners that clash with each other pass the launcher's port check one by one; the REST bundle's bind
     * failure then reaches the launcher through the StartupMonitor, which stops the platform and the broker.
     */
    @Test
    void restListenerFailingInsideThePlatform() throws Exception {
        int port = Distribution.freePort();
        config.put("listeners", "http://127.0.0.1:" + port + ",http://:" + port);
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("http://:" + port) && error.contains("already in use"), error);
        assertTrue(PortProbe.isFree(brokerPort), "the embedded broker still listens");
        assertTrue(PortProbe.isFree(port), "the REST port is still bound");
    }

    @Test
    void invalidResponseHeaderRules() throws Exception {
        config.put("response.http.headers.config", "set X-Frame-Options");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("response.http.headers.config")
                && error.contains("Invalid format of header name and header value pair 'X-Frame-Options'"), error);
    }

    /** An https listener without a key store is refused by the REST bundle, which stops the platform. */
    @Test
    void httpsListenerWithoutAKeyStore() throws Exception {
        int port = Distribution.freePort();
        config.put("listeners", "https://127.0.0.1:" + port);
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("https://127.0.0.1:" + port) && error.contains("no key store"), error);
        assertTrue(PortProbe.isFree(port), "the REST port is still bound");
    }

    @Test
    void unknownRestExtension() throws Exception {
        config.put("rest.extension.classes", "com.example.NoSuchExtension");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("REST extension com.example.NoSuchExtension cannot be loaded"), error);
    }

    @Test
    void unknownMetricsRecordingLevel() throws Exception {
        config.put("metrics.recording.level", "VERBOSE");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("metrics.recording.level") && error.contains("VERBOSE"), error);
    }

    @Test
    void unknownMetricReporter() throws Exception {
        config.put("metric.reporters", "com.example.NoSuchReporter");
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("metric.reporters") && error.contains("com.example.NoSuchReporter")
                && error.contains("not found"), error);
    }

    @Test
    void busyEmbeddedBrokerPort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerPort));
            String error = failsWith(dist.writeConfig("worker.properties", config).toString());
            assertTrue(error.contains("port " + brokerPort) && error.contains("fluxgate.embedded.broker.port"), error);
        }
    }

    /** A corrupt offsets file stops the start, as Kafka Connect's standalone worker exits, instead of hanging. */
    @Test
    void corruptStandaloneOffsetsFile() throws Exception {
        Path offsets = dist.home.resolve("data/corrupt.offsets");
        Files.createDirectories(offsets.getParent());
        Files.write(offsets, "not Kafka Connect's offsets".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        config.put("offset.storage.file.filename", offsets.toString());
        String error = failsWith(dist.writeConfig("worker.properties", config).toString());
        assertTrue(error.contains("The standalone worker cannot start: Cannot read the offsets file " + offsets)
                && error.contains("StreamCorruptedException"), error);
        assertTrue(PortProbe.isFree(brokerPort), "the embedded broker still listens");
    }

    /** Runs the standalone script and returns its one stderr line, asserting exit status 1 and no leftovers. */
    private String failsWith(String... args) throws Exception {
        RunningWorker.FailedStart start = RunningWorker.startExpectingFailure(dist, args);
        String stderr = start.stderr().strip();
        assertEquals(1, start.exitStatus(), "exit status; stderr: " + stderr);
        List<String> lines = stderr.lines().toList();
        assertEquals(1, lines.size(), "one line on stderr, got: " + stderr);
        assertTrue(lines.get(0).startsWith("Fluxgate cannot start: "), lines.get(0));
        assertEquals(0, dist.leftoverProcesses().size(), "processes left behind");
        return lines.get(0);
    }

    /** Checks a port on 127.0.0.1 is not bound. */
    static final class PortProbe {
        static boolean isFree(int port) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}

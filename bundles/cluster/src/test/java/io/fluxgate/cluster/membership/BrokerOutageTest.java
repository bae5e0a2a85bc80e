package io.fluxgate.cluster.membership;

import static io.fluxgate.cluster.testing.Clusters.await;
import static io.fluxgate.cluster.testing.Clusters.balanced;
import static io.fluxgate.cluster.testing.Clusters.runsEverythingOnce;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.broker.EmbeddedKafkaBroker;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.testing.TestWorker;

/**
 * Workers cut off from the group coordinator stop their own work (no zombie keeps running while the group hands it to
 * others), and take work again once the broker is back. On a broker of its own, which the test stops and restarts.
 */
class BrokerOutageTest {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerOutageTest.class);
    private static final ConfiguredWork WORK = new ConfiguredWork(1, Map.of("alpha", 3, "beta", 3));

    private final List<TestWorker> started = new ArrayList<>();
    private EmbeddedKafkaBroker broker;

    @AfterEach
    void stopAll() {
        started.forEach(TestWorker::stop);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void workersThatLoseTheCoordinatorStopTheirWorkAndResumeWhenItIsBack() throws Exception {
        Path dir = Files.createTempDirectory("fluxgate-outage-broker");
        int port = freePort();
        broker = new EmbeddedKafkaBroker(port, dir);
        broker.start();
        Map<String, Object> config = TestWorker.config("outage", Map.of("bootstrap.servers",
                broker.bootstrapServers()));
        TestWorker w1 = TestWorker.start("w1", config, () -> WORK);
        TestWorker w2 = TestWorker.start("w2", config, () -> WORK);
        started.addAll(List.of(w1, w2));
        await(60_000, () -> runsEverythingOnce(started, WORK) && balanced(started), started::toString);

        long down = System.currentTimeMillis();
        broker.close();
        long stopped = await(30_000, () -> w1.running().isEmpty() && w2.running().isEmpty(), started::toString);
        LOG.info("MEASURED broker down: both workers stopped all their work {} ms later (heartbeat.interval.ms=1000, "
                + "session.timeout.ms=6000)", stopped);
        assertTrue(stopped < 6_000 + 5_000, "a worker kept running without the group for " + stopped + " ms");

        broker = new EmbeddedKafkaBroker(port, dir);
        broker.start();
        long back = await(90_000, () -> runsEverythingOnce(started, WORK), started::toString);
        LOG.info("MEASURED broker back (restarted, {} ms after it went down): all work running again {} ms after "
                + "the restart", System.currentTimeMillis() - down - back, back);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 0,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package io.fluxgate.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fluxgate.itests.e2e.ConnectMetricsParityTest;
import io.fluxgate.itests.e2e.WorkerMBeans;

/**
 * Kafka Connect's own metrics of a distributed worker, Fluxgate against Apache Kafka Connect 4.3.1: one worker of each
 * in a group of its own on one broker, running the same sequence source, then every (MBean, attribute) of the
 * {@code kafka.connect} domain read over JMX. Every one Apache registers must be there on Fluxgate: with the groups a
 * standalone worker has ({@link ConnectMetricsParityTest}), those of distributed mode, {@code
 * connect-worker-rebalance-metrics} and the group member's {@code connect-coordinator-metrics}, {@code connect-metrics}
 * and {@code connect-node-metrics} (the brokers' node ids taken as one). The rebalance metrics' values are compared
 * too: protocol, leader, epoch.
 */
class DistributedMetricsParityTest extends ClusterTestSupport {

    private static final String REBALANCE = "kafka.connect:type=connect-worker-rebalance-metrics";

    @Test
    void aDistributedFluxgateWorkerRegistersEveryConnectMetricApacheDoes() throws Exception {
        Observed apache = observe(ClusterWorker.Kind.APACHE);
        assertTrue(apache.entries.stream().anyMatch(e -> e.startsWith(REBALANCE + " ")),
                "Apache registers the rebalance metrics: " + apache.entries);
        assertTrue(apache.entries.stream().anyMatch(e -> e.startsWith("kafka.connect:type=connect-coordinator-metrics")),
                "Apache registers the coordinator metrics");
        Observed fluxgate = observe(ClusterWorker.Kind.FLUXGATE);

        Path lists = Files.createDirectories(Path.of("target", "connect-mbeans"));
        Files.write(lists.resolve("apache-4.3.1-distributed.txt"), apache.entries);
        Files.write(lists.resolve("fluxgate-distributed.txt"), fluxgate.entries);
        SortedSet<String> missing = new TreeSet<>(apache.entries);
        missing.removeAll(fluxgate.entries);
        System.out.println("Distributed: Fluxgate misses " + missing.size() + " of Apache's " + apache.entries.size()
                + " (MBean, attribute)");
        assertTrue(missing.isEmpty(), missing.size() + " of Apache's " + apache.entries.size()
                + " (MBean, attribute) missing on Fluxgate:\n" + String.join("\n", missing));
        assertEquals(apache.protocol, fluxgate.protocol, "connect-protocol");
        assertEquals("SESSIONED", fluxgate.protocol, "the protocol the group negotiated, by Apache's name");
        assertEquals(fluxgate.url, fluxgate.leader, "leader-name: the only worker leads, named by its URL");
        assertTrue(fluxgate.epoch >= 1, "epoch: the generation it joined, " + fluxgate.epoch);
    }

    private Observed observe(ClusterWorker.Kind kind) throws Exception {
        WorkerCluster group = new WorkerCluster("metrics-" + kind.name().toLowerCase(), broker, dir, kind, Map.of());
        cluster = group;
        try {
            group.start(1);
            ClusterWorker worker = group.worker(0);
            group.createSequence(worker, "metrics-seq", "metrics-seq-" + kind.name().toLowerCase(), 2);
            group.awaitAllRunning("metrics-seq", 2, Duration.ofSeconds(60));
            String workerId = worker.workerId();
            try (WorkerMBeans mbeans = WorkerMBeans.attach(worker.pid())) {
                SortedSet<String> entries = new TreeSet<>();
                mbeans.query("kafka.connect:*").forEach((name, attributes) -> {
                    // Which brokers a member is connected to at a given moment (the bootstrap address, the
                    // coordinator, a broker it fetched metadata from) is timing, not naming: nodes count as one.
                    String normalized = ConnectMetricsParityTest.normalize(name, workerId)
                            .replaceAll("node-id=node--?\\d+", "node-id=<node>");
                    attributes.forEach(attribute -> entries.add(normalized + " " + attribute));
                });
                Object protocol = mbeans.attribute(REBALANCE, "connect-protocol");
                Object leader = mbeans.attribute(REBALANCE, "leader-name");
                Object epoch = mbeans.attribute(REBALANCE, "epoch");
                return new Observed(entries, String.valueOf(protocol), String.valueOf(leader),
                        epoch instanceof Number n ? n.doubleValue() : Double.NaN, worker.url("/").toString());
            }
        } finally {
            group.close();
        }
    }

    private record Observed(SortedSet<String> entries, String protocol, String leader, double epoch, String url) {
    }
}

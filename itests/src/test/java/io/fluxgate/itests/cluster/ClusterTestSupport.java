package io.fluxgate.itests.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame of the distributed-mode tests: the shared broker, a temporary directory for the workers, one
 * {@link WorkerCluster} per test (its own group and topics) stopped after the test, and the workers' logs printed when
 * a test fails. Workers are Fluxgate's, or Apache Kafka Connect 4.3.1's with {@code -Dcluster.workers=apache} (which
 * checks the tests themselves).
 */
abstract class ClusterTestSupport {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    @TempDir
    static Path dir;

    static BrokerProcess broker;

    WorkerCluster cluster;

    @RegisterExtension
    final TestWatcher printLogs = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                System.err.println("==== " + context.getDisplayName() + " failed; the workers' last lines:\n"
                        + cluster.outputs(40));
            }
        }
    };

    @BeforeAll
    static void startBroker() throws Exception {
        broker = BrokerProcess.shared();
    }

    /** A cluster with its own group and topics, named after {@code name}; not started. */
    WorkerCluster cluster(String name, Map<String, String> overrides) {
        cluster = new WorkerCluster(name + "-" + CLUSTERS.incrementAndGet(), broker, dir, overrides);
        return cluster;
    }

    WorkerCluster cluster(String name) {
        return cluster(name, Map.of());
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }
}

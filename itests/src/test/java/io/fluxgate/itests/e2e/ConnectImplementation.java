package io.fluxgate.itests.e2e;

import io.fluxgate.itests.cluster.ClusterWorker;

/**
 * Which Kafka Connect the real-plugin tests run: Fluxgate's assembled distribution by default, or Apache Kafka Connect
 * 4.3.1 itself in child JVMs with {@code -Dreal.plugins.worker=apache}. Running a test against Apache is what proves
 * the test right: a test that fails there tests the wrong thing. {@code -Dcluster.workers=apache}, which switches the
 * distributed-mode suite, switches these tests too when {@code real.plugins.worker} is not given.
 */
final class ConnectImplementation {

    static final String PROPERTY = "real.plugins.worker";

    private ConnectImplementation() {
    }

    static ClusterWorker.Kind configured() {
        String name = System.getProperty(PROPERTY, System.getProperty("cluster.workers", "fluxgate"));
        return ClusterWorker.Kind.valueOf(name.trim().toUpperCase());
    }
}

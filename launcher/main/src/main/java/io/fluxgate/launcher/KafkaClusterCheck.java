package io.fluxgate.launcher;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Checks, before the platform starts, that the Kafka cluster in {@code bootstrap.servers} answers. An unreachable
 * cluster is then one line naming the servers after a bounded wait, never a hang or a half-started worker.
 */
final class KafkaClusterCheck {

    private KafkaClusterCheck() {
    }

    /** Returns the cluster's id, or throws naming the servers when it does not answer within {@code timeoutMs}. */
    static String clusterId(Map<String, String> workerProps, long timeoutMs) throws LaunchException {
        Map<String, Object> adminProps = new HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (workerProps.containsKey(name)) {
                adminProps.put(name, workerProps.get(name));
            }
        }
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "fluxgate-launcher");
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        String servers = workerProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);

        Admin admin;
        try {
            admin = Admin.create(adminProps);
        } catch (KafkaException e) {
            throw new LaunchException("Cannot connect to the Kafka cluster at " + servers + " (bootstrap.servers): "
                    + rootMessage(e), e);
        }
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .clusterId().get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new LaunchException("Kafka cluster at " + servers + " (bootstrap.servers) did not answer within "
                    + TimeUnit.MILLISECONDS.toSeconds(timeoutMs) + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while connecting to the Kafka cluster at " + servers, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}

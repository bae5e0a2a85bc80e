package io.fluxgate.runtime.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.api.worker.WorkerInfo;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.WorkerConfigDefaults;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.boot.config.WorkerSecrets;

/**
 * Reads the id of the Kafka cluster the worker serves, as Kafka Connect's worker does at start-up, and reports the
 * worker healthy once the cluster has answered. The launcher has already checked that the cluster is reachable, so
 * the first attempt normally succeeds; later attempts cover a broker that went away in between.
 */
@Component(service = WorkerInfo.class, immediate = true, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class KafkaClusterProbe implements WorkerInfo {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterProbe.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    private volatile String clusterId;
    private volatile WorkerHealth health = WorkerHealth.starting();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StartupMonitor startupMonitor;
    /** The herder of the worker's mode, once it serves (a distributed one once it has joined its group). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Herder herder;
    /** Secrets (SASL, SSL) are kept out of ConfigAdmin by the launcher: put back for the admin client. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private WorkerSecrets workerSecrets;
    private Thread prober;

    /** The setting this component reads itself; the admin client takes the worker's client settings as they are. */
    @interface Config {
        /** {@code fluxgate.kafka.connect.timeout.ms}: how long one attempt to reach the cluster may take. */
        long fluxgate_kafka_connect_timeout_ms() default WorkerConfigDefaults.KAFKA_CONNECT_TIMEOUT_MS;
    }

    @Activate
    void activate(Config config, Map<String, Object> properties) {
        Map<String, Object> adminProps = adminClientProperties(WorkerSecrets.reveal(workerSecrets, properties));
        long timeoutMs = config.fluxgate_kafka_connect_timeout_ms();
        prober = new Thread(() -> probe(adminProps, timeoutMs), "fluxgate-cluster-probe");
        prober.setDaemon(true);
        prober.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        prober.interrupt();
        prober.join(TimeUnit.SECONDS.toMillis(5));
    }

    @Override
    public Optional<String> kafkaClusterId() {
        return Optional.ofNullable(clusterId);
    }

    @Override
    public WorkerHealth health() {
        // Healthy also waits for plugins/ to be deployed (a connector created then finds its plugin) and for the
        // herder to serve (a distributed worker's, once it has joined the group: a write finds the leader).
        if (health.status() == WorkerHealth.Status.HEALTHY && (herder == null
                || startupMonitor != null && !startupMonitor.startupComplete())) {
            return WorkerHealth.starting();
        }
        return health;
    }

    private void probe(Map<String, Object> adminProps, long timeoutMs) {
        Object servers = adminProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        while (!Thread.currentThread().isInterrupted()) {
            try (Admin admin = Admin.create(adminProps)) {
                clusterId = admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
                health = WorkerHealth.healthy();
                LOG.info("Connected to Kafka cluster {} at {}", clusterId, servers);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                health = WorkerHealth.unhealthy("Cannot reach the Kafka cluster at " + servers + ": " + e);
                LOG.warn("Cannot reach the Kafka cluster at {}; retrying in {} s", servers,
                        RETRY_BACKOFF.toSeconds(), e);
            }
            try {
                Thread.sleep(RETRY_BACKOFF.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The worker settings that configure an admin client (security, timeouts...), as Kafka Connect passes them. */
    static Map<String, Object> adminClientProperties(Map<String, Object> workerProperties) {
        Map<String, Object> admin = new HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            Object value = workerProperties.get(name);
            if (value != null) {
                admin.put(name, value);
            }
        }
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "fluxgate-cluster-probe");
        return admin;
    }
}

package io.fluxgate.runtime.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FenceProducersOptions;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.health.ConnectorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ConnectorConfig;

/**
 * Fences the transactional producers of a source connector's tasks (Apache's {@code Worker.fenceZombies}, KIP-618):
 * once fenced, a producer of an older generation of the connector's tasks, a zombie on a worker cut off from the
 * group, can no longer commit a transaction, so nothing it sends afterwards becomes visible to {@code read_committed}
 * readers. The admin client is the connector's, with its {@code admin.override.*} settings, as Apache builds it.
 */
public final class ProducerFencing {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerFencing.class);
    /** Apache's: the REST request timeout, as a fencing round answers a REST request. */
    private static final int FENCING_TIMEOUT_MS = 90_000;

    private final PluginRegistry registry;
    private final ClientConfigs clients;
    private final String groupId;

    public ProducerFencing(PluginRegistry registry, ClientConfigs clients, String groupId) {
        this.registry = registry;
        this.clients = clients;
        this.groupId = groupId;
    }

    /**
     * Fences the producers of tasks 0 to {@code tasks - 1} of the connector; completes once the brokers have, or
     * exceptionally. Does not block: the herder thread starts it.
     */
    public CompletableFuture<Void> fence(String connector, int tasks, Map<String, String> connectorConfig) {
        LOG.debug("Fencing out {} task producers for source connector {}", tasks, connector);
        ConnectorConfig config = new ConnectorConfig(connectorConfig);
        Class<? extends Connector> type = registry.load(config.connectorClass(), Connector.class,
                config.connectorVersion()).type();
        Admin admin = Admin.create(clients.admin(config, type, ConnectorType.SOURCE,
                "connector-worker-adminclient-" + connector));
        CompletableFuture<Void> fenced = new CompletableFuture<>();
        try {
            List<String> ids = IntStream.range(0, tasks)
                    .mapToObj(task -> ExactlyOnceSourceTasks.taskTransactionalId(groupId, connector, task)).toList();
            admin.fenceProducers(ids, new FenceProducersOptions().timeoutMs(FENCING_TIMEOUT_MS)).all()
                    .whenComplete((ignored, error) -> {
                        // Closed off the admin client's own thread, which its close() would wait for.
                        CompletableFuture.runAsync(() -> admin.close(Duration.ofSeconds(5)));
                        if (error == null) {
                            LOG.debug("Finished fencing out {} task producers for source connector {}", tasks,
                                    connector);
                            fenced.complete(null);
                        } else {
                            fenced.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        return fenced;
    }
}

package io.fluxgate.storage;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.api.storage.OffsetTopicClients;
import io.fluxgate.api.storage.StatusStore;
import io.fluxgate.storage.config.KafkaConfigStore;
import io.fluxgate.storage.kafka.InternalJson;
import io.fluxgate.storage.kafka.InternalTopicAdmin;
import io.fluxgate.storage.kafka.StoreContext;
import io.fluxgate.storage.offsets.ConnectorOffsetTopicStore;
import io.fluxgate.storage.offsets.KafkaOffsetStore;
import io.fluxgate.storage.status.KafkaStatusStore;

/**
 * The three stores of a distributed worker on one shared admin client ({@link DistributedStores}), and the stores of
 * source connectors' own offsets topics, each on its connector's clients.
 */
final class KafkaStores implements DistributedStores {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStores.class);
    // Kafka Connect's READ_WRITE_TOTAL_TIMEOUT_MS, for writes and for the reads that must see them.
    private static final Duration READ_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** The connector setting that names a connector's own offsets topic, quoted in errors about it. */
    private static final String CONNECTOR_OFFSETS_TOPIC = "offsets.storage.topic";

    private final StorageSettings settings;
    private final Admin admin;
    private final StoreContext context;
    private final KafkaConfigStore configs;
    private final KafkaOffsetStore offsets;
    private final KafkaStatusStore statuses;

    KafkaStores(Map<String, ?> workerSettings) {
        settings = StorageSettings.of(workerSettings);
        admin = Admin.create(settings.clients().admin());
        context = new StoreContext(admin, new InternalTopicAdmin(admin, settings.topicCreationTimeout()),
                settings.clients(), new InternalJson(), READ_WRITE_TIMEOUT, READ_WRITE_TIMEOUT,
                settings.topicCreationTimeout());
        configs = new KafkaConfigStore(settings.configTopic(), context, settings.leaderTransactionalId());
        offsets = new KafkaOffsetStore(settings.offsetTopic(), context);
        statuses = new KafkaStatusStore(settings.statusTopic(), context);
    }

    @Override
    public ConfigStore configs() {
        return configs;
    }

    @Override
    public OffsetBackingStore offsets() {
        return offsets;
    }

    @Override
    public OffsetBackingStore connectorOffsets(String topic, OffsetTopicClients clients) {
        return new ConnectorOffsetTopicStore(settings.offsetTopic().named(topic, CONNECTOR_OFFSETS_TOPIC), clients,
                context);
    }

    @Override
    public StatusStore statuses() {
        return statuses;
    }

    @Override
    public void close() {
        // Configurations first: listeners hear nothing more while the rest stops.
        stopQuietly("config", configs::stop);
        stopQuietly("status", statuses::stop);
        stopQuietly("offset", offsets::stop);
        admin.close(Duration.ofSeconds(5));
    }

    private static void stopQuietly(String what, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.warn("Failed to stop the {} store", what, e);
        }
    }
}

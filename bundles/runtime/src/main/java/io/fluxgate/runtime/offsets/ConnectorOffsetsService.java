package io.fluxgate.runtime.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Timer;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.health.ConnectorType;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.storage.ConnectorOffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.SourceOffsetStores;
import io.fluxgate.runtime.storage.TransactionalOffsetStore;

/**
 * Reads, alters and resets a connector's offsets, as Kafka Connect's {@code Worker.connectorOffsets} and
 * {@code modifyConnectorOffsets} do: the connector's {@code alterOffsets} is told first (and may refuse), then the
 * framework's offsets are written. The caller makes sure that nothing runs for the connector meanwhile (it is
 * STOPPED) and gives its configuration with config-provider placeholders resolved. Calls block, at most
 * {@value #TIMEOUT_MS} ms for each step that talks to Kafka, as in Kafka.
 */
public final class ConnectorOffsetsService {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorOffsetsService.class);
    /** Kafka's {@code RestServer.DEFAULT_REST_REQUEST_TIMEOUT_MS}. */
    static final long TIMEOUT_MS = 90_000;

    private final PluginRegistry registry;
    private final ClientConfigs clients;
    /**
     * Opens the producer a source connector's offsets are altered with when the worker runs sources exactly once:
     * the transactional producer of its task 0, as Apache's {@code Worker.modifySourceConnectorOffsets}, so that the
     * offsets are written in a transaction and a task 0 of the connector's that came back is fenced by it.
     */
    @FunctionalInterface
    public interface TransactionalProducers {
        Producer<byte[], byte[]> open(ConnectorConfig config, Class<? extends Connector> connectorClass);
    }

    private final SourceOffsetStores stores;
    private final OffsetCodec codec;
    private final TransactionalProducers transactionalProducers;
    private final SinkOffsets sinkOffsets = new SinkOffsets(TIMEOUT_MS);

    /**
     * @param stores                 where each source connector's offsets are: its own topic first, if any (opened
     *                               per request)
     * @param transactionalProducers null while the worker runs sources at least once: offsets are then written
     *                               without a transaction
     */
    public ConnectorOffsetsService(PluginRegistry registry, ClientConfigs clients, SourceOffsetStores stores,
            OffsetCodec codec, TransactionalProducers transactionalProducers) {
        this.registry = registry;
        this.clients = clients;
        this.stores = stores;
        this.codec = codec;
        this.transactionalProducers = transactionalProducers;
    }

    public ConnectorOffsets offsets(String connector, Map<String, String> config) {
        Loaded loaded = load(config);
        if (loaded.sink()) {
            LOG.debug("Fetching offsets for sink connector: {}", connector);
            try (Admin admin = admin(connector, loaded)) {
                return new ConnectorOffsets(sinkOffsets.read(connector, admin, groupId(loaded)));
            }
        }
        LOG.debug("Fetching offsets for source connector: {}", connector);
        ConnectorOffsetBackingStore store = stores.forConnector(loaded.config(), loaded.plugin().type(), connector);
        try {
            store.start();
            return new ConnectorOffsets(new SourceOffsets(store, codec).read(connector));
        } catch (RuntimeException e) {
            LOG.error("Failed to retrieve offsets for source connector {}", connector, e);
            throw failure(e, "Failed to retrieve offsets for source connector " + connector);
        } finally {
            stopQuietly(connector, store);
        }
    }

    private static void stopQuietly(String connector, OffsetBackingStore store) {
        try {
            store.stop();
        } catch (RuntimeException e) {
            LOG.warn("Failed to stop the offsets store of connector {}", connector, e);
        }
    }

    /** Writes {@code offsets}; a null offset resets its partition. Returns the message to answer with. */
    public String alter(String connector, Map<String, String> config, ConnectorOffsets offsets) {
        if (offsets == null || offsets.offsets() == null || offsets.offsets().isEmpty()) {
            throw new HerderException(500, "The offsets to be altered may not be null or empty");
        }
        return modify(connector, config, offsets.offsets());
    }

    /** Removes every offset of the connector. Returns the message to answer with. */
    public String reset(String connector, Map<String, String> config) {
        return modify(connector, config, null);
    }

    private String modify(String connector, Map<String, String> config, List<ConnectorOffset> offsets) {
        Loaded loaded = load(config);
        if (loaded.sink()) {
            LOG.debug("Modifying offsets for sink connector: {}", connector);
            return modifySink(connector, loaded, offsets);
        }
        LOG.debug("Modifying offsets for source connector: {}", connector);
        return modifySource(connector, loaded, offsets);
    }

    private String modifySink(String connector, Loaded loaded, List<ConnectorOffset> offsets) {
        boolean reset = offsets == null;
        Map<TopicPartition, Long> parsed = reset ? null : SinkOffsetParser.parse(offsets);
        try (Admin admin = admin(connector, loaded)) {
            Timer timer = sinkOffsets.timer();
            String groupId = groupId(loaded);
            if (reset) {
                parsed = new HashMap<>();
                for (TopicPartition partition : sinkOffsets.committedPartitions(connector, admin, groupId, timer)) {
                    parsed.put(partition, null);
                }
            }
            Map<TopicPartition, Long> toWrite = parsed;
            boolean managedHere = alterOffsets(connector, loaded,
                    () -> ((SinkConnector) loaded.connector()).alterOffsets(loaded.config().originals(), toWrite));
            checkExpiry(timer, "Timed out while calling the 'alterOffsets' method for sink connector " + connector);
            if (reset) {
                sinkOffsets.reset(connector, admin, groupId, timer);
            } else {
                sinkOffsets.alter(connector, admin, groupId, toWrite, timer);
            }
            return message(managedHere, reset);
        } catch (HerderException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Failed to modify offsets for sink connector {}", connector, e);
            throw failure(e, "Failed to modify offsets for sink connector " + connector);
        }
    }

    private String modifySource(String connector, Loaded loaded, List<ConnectorOffset> offsets) {
        boolean reset = offsets == null;
        Producer<byte[], byte[]> producer = null;
        TransactionalOffsetStore transactional;
        OffsetBackingStore store;
        try {
            producer = transactionalProducers == null ? null
                    : transactionalProducers.open(loaded.config(), loaded.plugin().type());
            transactional = producer == null ? null
                    : stores.forExactlyOnceTask(loaded.config(), loaded.plugin().type(), connector, producer);
            store = transactional != null ? transactional
                    : stores.forConnector(loaded.config(), loaded.plugin().type(), connector);
        } catch (RuntimeException e) {
            if (producer != null) {
                producer.close();
            }
            LOG.error("Failed to modify offsets for source connector {}", connector, e);
            throw failure(e, "Failed to modify offsets for source connector " + connector);
        }
        try {
            store.start();
            SourceOffsets sourceOffsets = new SourceOffsets(store, codec);
            Map<Map<String, Object>, Map<String, Object>> toWrite = new HashMap<>();
            if (reset) {
                sourceOffsets.partitions(connector).forEach(partition -> toWrite.put(partition, null));
                LOG.debug("Found the following partitions (to reset offsets) for source connector {}: {}", connector,
                        toWrite.keySet());
            } else {
                offsets.forEach(offset -> toWrite.put(offset.partition(), offset.offset()));
            }
            Map<Map<String, ?>, Map<String, ?>> normalized = sourceOffsets.normalize(toWrite);
            boolean managedHere = alterOffsets(connector, loaded,
                    () -> ((SourceConnector) loaded.connector()).alterOffsets(loaded.config().originals(), normalized));
            if (normalized.isEmpty()) {
                LOG.info("No offsets found for source connector {} - this can occur due to a prior attempt to reset "
                        + "offsets or if the source connector hasn't committed any offsets yet", connector);
                return message(managedHere, reset);
            }
            if (transactional == null) {
                sourceOffsets.write(connector, normalized);
            } else {
                producer.initTransactions();
                producer.beginTransaction();
                sourceOffsets.write(connector, normalized);
                producer.commitTransaction();
                transactional.committed();
            }
            return message(managedHere, reset);
        } catch (HerderException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Failed to modify offsets for source connector {}", connector, e);
            throw failure(e, "Failed to modify offsets for source connector " + connector);
        } finally {
            stopQuietly(connector, store);
            if (producer != null) {
                producer.close(); // aborts a transaction left open by a failure
            }
        }
    }

    /** Calls the connector's {@code alterOffsets}: true when it manages no offsets of its own elsewhere. */
    private static boolean alterOffsets(String connector, Loaded loaded, AlterOffsets call) {
        try (LoaderSwap swap = LoaderSwap.to(loaded.plugin().loader())) {
            return call.alter();
        } catch (UnsupportedOperationException e) {
            LOG.error("Failed to modify offsets for connector {} because it doesn't support external modification "
                    + "of offsets", connector, e);
            throw new HerderException(500, "Failed to modify offsets for connector " + connector
                    + " because it doesn't support external modification of offsets", e);
        }
    }

    /** Kafka's {@code completeModifyOffsetsCallback} messages. */
    static String message(boolean managedHere, boolean reset) {
        String modification = reset ? "reset" : "altered";
        if (managedHere) {
            return "The offsets for this connector have been " + modification + " successfully";
        }
        return "The Connect framework-managed offsets for this connector have been " + modification
                + " successfully. However, if this connector manages offsets externally, they will need to be "
                + "manually " + modification + " in the system that the connector uses.";
    }

    private Admin admin(String connector, Loaded loaded) {
        return Admin.create(clients.admin(loaded.config(), loaded.plugin().type(), ConnectorType.SINK,
                "connector-worker-adminclient-" + connector));
    }

    /** {@code connect-<name>}, or the group the connector's consumer overrides it with. */
    private String groupId(Loaded loaded) {
        return String.valueOf(clients.consumer(loaded.config(), loaded.plugin().type(), "connector-consumer-")
                .get(ConsumerConfig.GROUP_ID_CONFIG));
    }

    private Loaded load(Map<String, String> config) {
        ConnectorConfig connectorConfig = new ConnectorConfig(config);
        PluginClass<Connector> plugin;
        try {
            plugin = registry.load(connectorConfig.connectorClass(), Connector.class,
                    connectorConfig.connectorVersion());
        } catch (RuntimeException e) {
            throw new HerderException(500, String.format("Failed to instantiate class for connector %s, class %s",
                    connectorConfig.connectorClass(), connectorConfig.name()), e);
        }
        Connector connector = plugin.newInstance();
        return new Loaded(connectorConfig, plugin, connector, connector instanceof SinkConnector);
    }

    private static void checkExpiry(Timer timer, String message) {
        timer.update();
        if (timer.isExpired()) {
            LOG.error(message);
            throw new HerderException(500, message);
        }
    }

    /** Kafka's {@code ConnectUtils.maybeWrap}: a Connect exception keeps its message, anything else is wrapped. */
    private static HerderException failure(RuntimeException e, String message) {
        if (e instanceof org.apache.kafka.connect.errors.ConnectException) {
            return new HerderException(500, e.getMessage(), e);
        }
        return new HerderException(500, message, e);
    }

    private interface AlterOffsets {
        boolean alter();
    }

    private record Loaded(ConnectorConfig config, PluginClass<Connector> plugin, Connector connector, boolean sink) {
    }
}

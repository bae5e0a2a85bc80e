package io.fluxgate.runtime.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.offsets.ConnectorOffsetsService;
import io.fluxgate.runtime.storage.TransactionalOffsetStore;
import io.fluxgate.runtime.task.ExactlyOnceWorkerSourceTask;
import io.fluxgate.runtime.task.ProducerChecks;

/**
 * What makes a source task exactly-once as {@link TaskFactory} assembles it, as Apache's worker builds one
 * ({@code Worker.ExactlyOnceSourceTaskBuilder}): the producer settings Apache forces
 * ({@code exactlyOnceSourceTaskProducerConfigs}) and the connector's transaction boundary; where its offsets go is
 * {@link io.fluxgate.runtime.storage.SourceOffsetStores}'s. Distributed mode only: the transactional id is made of
 * the worker's {@code group.id}.
 */
final class ExactlyOnceSourceTasks {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceSourceTasks.class);
    private static final String WHY = "for connectors when exactly-once source support is enabled";

    private final WorkerSettings settings;

    ExactlyOnceSourceTasks(WorkerSettings settings) {
        this.settings = settings;
    }

    /** Apache's {@code Worker.taskTransactionalId}: {@code <group.id>-<connector>-<task>}. */
    static String taskTransactionalId(String groupId, String connector, int task) {
        return String.format("%s-%s-%d", groupId, connector, task);
    }

    /**
     * The task's producer settings: those of an at-least-once task ({@code base}), with idempotence and the task's
     * transactional id forced, a user's other value being overridden with a warning, as Apache does.
     */
    Map<String, Object> producerConfigs(Map<String, Object> base, ConnectorTaskId id) {
        Map<String, Object> result = new HashMap<>(base);
        ensure(result, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", false);
        ensure(result, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                taskTransactionalId(required(WorkerConfigKeys.GROUP_ID), id.connector(), id.task()), true);
        return result;
    }

    /**
     * The producers a connector's offsets are altered with: its task 0's, transactional, as Apache's
     * {@code Worker.modifySourceConnectorOffsets} (the connector is stopped meanwhile, so the id is free).
     */
    ConnectorOffsetsService.TransactionalProducers offsetAlterationProducers(ClientConfigs clients) {
        return (config, connectorClass) -> {
            ConnectorTaskId taskZero = new ConnectorTaskId(config.name(), 0);
            return new KafkaProducer<>(producerConfigs(clients.producer(config, connectorClass, ConnectorType.SOURCE,
                    "connector-producer-" + taskZero), taskZero));
        };
    }

    /** The connector's boundary; {@code transaction.boundary.interval.ms} defaults to the offset flush interval. */
    ExactlyOnceWorkerSourceTask.Transactions transactions(ConnectorConfig config, TransactionalOffsetStore offsets,
            ProducerChecks checks) {
        Long interval = config.transactionBoundaryIntervalMs();
        return new ExactlyOnceWorkerSourceTask.Transactions(config.transactionBoundary(),
                interval != null ? interval : settings.offsetFlushIntervalMs(), offsets, checks);
    }

    private String required(String key) {
        String value = settings.originals().get(key);
        if (value == null || value.isBlank()) {
            throw new ConnectException("Exactly-once source tasks need the worker setting " + key
                    + " (distributed mode)");
        }
        return value.trim();
    }

    /** Apache's {@code ConnectUtils.ensureProperty}: sets {@code key}, warning when a user's value is replaced. */
    private static void ensure(Map<String, Object> props, String key, String expected, boolean caseSensitive) {
        Object current = props.put(key, expected);
        if (current == null) {
            return;
        }
        String value = Objects.toString(current);
        if (caseSensitive ? !expected.equals(value) : !expected.equalsIgnoreCase(value)) {
            LOG.warn("The value '{}' for the '{}' property will be ignored as it cannot be overridden {}. The value "
                    + "'{}' will be used instead.", value, key, WHY, expected);
        }
    }
}

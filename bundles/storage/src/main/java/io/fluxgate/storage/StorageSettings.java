package io.fluxgate.storage;

import static io.fluxgate.boot.config.WorkerConfigKeys.*;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.boot.config.WorkerConfigDef;
import io.fluxgate.boot.config.WorkerMode;
import io.fluxgate.storage.kafka.ClientSettings;
import io.fluxgate.storage.kafka.InternalTopic;

/**
 * The worker settings the stores read, parsed with the launcher's own {@link WorkerConfigDef} (so defaults and errors
 * are those the launcher checked), and Kafka Connect's rules for the internal topics ({@code DistributedConfig}):
 * every {@code <prefix>.<setting>} other than the topic, its partitions and replication factor is a setting of the
 * topic, except {@code cleanup.policy}, which is always compact, and the config topic always has one partition.
 *
 * @param leaderTransactionalId the {@code transactional.id} of the leader's config topic producer when
 *                              {@code exactly.once.source.support} is {@code preparing} or {@code enabled}
 *                              ({@code DistributedConfig.transactionalProducerId}); null when it is {@code disabled}
 */
record StorageSettings(InternalTopic configTopic, InternalTopic offsetTopic, InternalTopic statusTopic,
        ClientSettings clients, Duration topicCreationTimeout, String leaderTransactionalId) {

    private static final Logger LOG = LoggerFactory.getLogger(StorageSettings.class);
    private static final String CONFIG_PREFIX = "config.storage.";
    private static final String OFFSET_PREFIX = "offset.storage.";
    private static final String STATUS_PREFIX = "status.storage.";

    /** @throws org.apache.kafka.common.config.ConfigException naming the first invalid setting */
    static StorageSettings of(Map<String, ?> properties) {
        Map<String, String> originals = new TreeMap<>();
        properties.forEach((key, value) -> {
            // ConfigAdmin adds its own properties (service.pid...); only the worker's scalar values are settings.
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                originals.put(key, value.toString());
            }
        });
        Map<String, Object> parsed = WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, originals);
        InternalTopic configs = new InternalTopic((String) parsed.get(CONFIG_STORAGE_TOPIC), CONFIG_STORAGE_TOPIC,
                "connector configurations", 1, null, (Short) parsed.get(CONFIG_STORAGE_REPLICATION_FACTOR),
                CONFIG_STORAGE_REPLICATION_FACTOR, topicSettings(originals, CONFIG_PREFIX));
        InternalTopic offsets = new InternalTopic((String) parsed.get(OFFSET_STORAGE_TOPIC), OFFSET_STORAGE_TOPIC,
                "source connector offsets", (Integer) parsed.get(OFFSET_STORAGE_PARTITIONS), OFFSET_STORAGE_PARTITIONS,
                (Short) parsed.get(OFFSET_STORAGE_REPLICATION_FACTOR), OFFSET_STORAGE_REPLICATION_FACTOR,
                topicSettings(originals, OFFSET_PREFIX));
        InternalTopic statuses = new InternalTopic((String) parsed.get(STATUS_STORAGE_TOPIC), STATUS_STORAGE_TOPIC,
                "connector and task statuses", (Integer) parsed.get(STATUS_STORAGE_PARTITIONS),
                STATUS_STORAGE_PARTITIONS, (Short) parsed.get(STATUS_STORAGE_REPLICATION_FACTOR),
                STATUS_STORAGE_REPLICATION_FACTOR, topicSettings(originals, STATUS_PREFIX));
        // As Kafka Connect: topic creation is retried for as long as the admin client's default API timeout.
        long creationTimeoutMs = Long.parseLong(originals.getOrDefault(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"));
        String groupId = (String) parsed.get(GROUP_ID);
        return new StorageSettings(configs, offsets, statuses, new ClientSettings(originals, groupId),
                Duration.ofMillis(creationTimeoutMs),
                usesTransactionalLeader((String) parsed.get(EXACTLY_ONCE_SOURCE_SUPPORT))
                        ? "connect-cluster-" + groupId : null);
    }

    /** As Kafka Connect: from {@code preparing} on, so that a cluster can be rolled to {@code enabled}. */
    private static boolean usesTransactionalLeader(String exactlyOnceSourceSupport) {
        return exactlyOnceSourceSupport != null && !"disabled".equalsIgnoreCase(exactlyOnceSourceSupport.trim());
    }

    private static Map<String, String> topicSettings(Map<String, String> originals, String prefix) {
        Map<String, String> settings = new HashMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        if (CONFIG_PREFIX.equals(prefix) && settings.containsKey("partitions")) {
            LOG.warn("Ignoring '{}partitions={}' setting, since config topic partitions is always 1", prefix,
                    settings.get("partitions"));
        }
        String policy = settings.remove(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy != null) {
            LOG.warn("Ignoring '{}cleanup.policy={}' setting, since compaction is always used", prefix, policy);
        }
        settings.remove("topic");
        settings.remove("partitions");
        settings.remove("replication.factor");
        // offset.storage.file.filename is standalone's, never a topic setting.
        settings.remove("file.filename");
        return settings;
    }
}

package io.fluxgate.storage.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One of Kafka Connect's internal topics as the worker settings define it.
 *
 * @param name                     the topic
 * @param setting                  the setting that names it ({@code config.storage.topic}...), quoted in errors
 * @param purpose                  what it holds, in words, for errors
 * @param partitions               the partitions to create it with; -1 for the broker's default
 * @param partitionsSetting        the setting of the partitions, or null for the config topic, which has exactly one
 * @param replicationFactor        -1 for the broker's default
 * @param replicationFactorSetting the setting of the replication factor
 * @param configs                  further topic settings ({@code <prefix>.<topic config>} in the worker settings)
 */
public record InternalTopic(String name, String setting, String purpose, int partitions, String partitionsSetting,
        short replicationFactor, String replicationFactorSetting, Map<String, String> configs) {

    public InternalTopic {
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
    }

    /** Whether the topic must have exactly one partition: the config topic's records are ordered across keys. */
    public boolean singlePartition() {
        return partitionsSetting == null;
    }

    /** The topic to create: compacted whatever the further settings say. */
    public NewTopic newTopic() {
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor)).configs(all);
    }

    /**
     * The same topic settings under another name: a source connector's own offsets topic is created as the worker's
     * offsets topic is (Apache's {@code KafkaOffsetBackingStore.newTopicDescription}).
     */
    public InternalTopic named(String otherName, String otherSetting) {
        return new InternalTopic(otherName, otherSetting, purpose, partitions, partitionsSetting, replicationFactor,
                replicationFactorSetting, configs);
    }
}

package io.fluxgate.storage.kafka;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an internal topic when it is missing and checks one that exists, as Kafka Connect's {@code TopicAdmin} and
 * {@code KafkaTopicBasedBackingStore} do: compacted only, and a single partition for the config topic. A topic that
 * cannot be used is a {@link ConfigException} whose message names the topic and the setting to change.
 *
 * <p>A replication factor larger than the number of brokers is retried until the creation timeout (brokers of a
 * cluster starting together may not all have registered yet), then refused.
 */
public final class InternalTopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopicAdmin.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    private final Admin admin;
    private final Duration creationTimeout;

    public InternalTopicAdmin(Admin admin, Duration creationTimeout) {
        this.admin = admin;
        this.creationTimeout = creationTimeout;
    }

    /** Makes sure {@code topic} exists and can hold what it is for. */
    public void ensure(InternalTopic topic) {
        if (!create(topic)) {
            verify(topic);
        }
    }

    /** True if the topic was created; false if it existed or could not be created for lack of rights. */
    private boolean create(InternalTopic topic) {
        long deadline = System.nanoTime() + creationTimeout.toNanos();
        while (true) {
            Throwable cause = outcome(admin.createTopics(List.of(topic.newTopic())).all());
            if (cause == null) {
                LOG.info("Created topic '{}' ({}) with {} partition(s), replication factor {} and settings {}",
                        topic.name(), topic.setting(), topic.partitions(), topic.replicationFactor(),
                        topic.newTopic().configs());
                return true;
            }
            if (cause instanceof TopicExistsException) {
                return false;
            }
            if (cause instanceof UnsupportedVersionException || cause instanceof ClusterAuthorizationException
                    || cause instanceof TopicAuthorizationException) {
                LOG.info("Cannot create topic '{}' ({}), assuming it exists or will be created: {}", topic.name(),
                        topic.setting(), cause.getMessage());
                return false;
            }
            boolean retriable = cause instanceof InvalidReplicationFactorException || cause instanceof TimeoutException;
            if (retriable && System.nanoTime() < deadline) {
                LOG.info("Creating topic '{}' failed ({}), retrying", topic.name(), cause.getMessage());
                sleep();
                continue;
            }
            throw creationFailure(topic, cause);
        }
    }

    private static RuntimeException creationFailure(InternalTopic topic, Throwable cause) {
        if (cause instanceof InvalidReplicationFactorException) {
            return new ConfigException(String.format("Cannot create topic '%s' (%s) with replication factor %d: %s "
                    + "Set '%s' to at most the number of brokers in the Kafka cluster, or to -1 for the broker's "
                    + "default.", topic.name(), topic.setting(), topic.replicationFactor(), cause.getMessage(),
                    topic.replicationFactorSetting()));
        }
        if (cause instanceof InvalidConfigurationException) {
            return new ConfigException(String.format("Cannot create topic '%s' (%s): %s", topic.name(),
                    topic.setting(), cause.getMessage()));
        }
        if (cause instanceof TimeoutException) {
            return new ConnectException("Timed out while checking for or creating topic '" + topic.name() + "'. This "
                    + "could indicate a connectivity issue, unavailable topic partitions, or if this is your first "
                    + "use of the topic it may have taken too long to create.", cause);
        }
        return new ConnectException("Error while attempting to create/find topic '" + topic.name() + "': "
                + cause.getMessage(), cause);
    }

    private void verify(InternalTopic topic) {
        Set<String> policies = cleanupPolicies(topic);
        if (policies.isEmpty()) {
            LOG.info("Unable to verify that the cleanup policy of topic '{}' is '{}': the broker did not tell",
                    topic.name(), TopicConfig.CLEANUP_POLICY_COMPACT);
        } else if (!policies.equals(Set.of(TopicConfig.CLEANUP_POLICY_COMPACT))) {
            String found = String.join(",", policies);
            // Kafka Connect's words (TopicAdmin.verifyTopicCleanupPolicyOnlyCompact).
            throw new ConfigException(String.format("Topic '%s' supplied via the '%s' property is required to have "
                    + "'%s=%s' to guarantee consistency and durability of %s, but found the topic currently has "
                    + "'%s=%s'. Continuing would likely result in eventually losing %s and problems restarting this "
                    + "Connect cluster in the future. Change the '%s' property in the Connect worker configurations "
                    + "to use a topic with '%s=%s'.", topic.name(), topic.setting(), TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT, topic.purpose(), TopicConfig.CLEANUP_POLICY_CONFIG, found,
                    topic.purpose(), topic.setting(), TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        if (topic.singlePartition()) {
            int partitions = partitionCount(topic);
            if (partitions > 1) {
                // Kafka Connect's words (KafkaConfigBackingStore.start).
                throw new ConfigException(String.format("Topic '%s' supplied via the '%s' property is required to "
                        + "have a single partition in order to guarantee consistency of connector configurations, but "
                        + "found %d partitions.", topic.name(), topic.setting(), partitions));
            }
        }
    }

    /** The topic's cleanup policies; empty when the broker cannot tell. */
    private Set<String> cleanupPolicies(InternalTopic topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        Config config = ask(topic, "read the settings of",
                () -> admin.describeConfigs(List.of(resource)).all().thenApply(configs -> configs.get(resource)));
        ConfigEntry entry = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (entry == null || entry.value() == null) {
            return Set.of();
        }
        return Arrays.stream(entry.value().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(String::toLowerCase).collect(Collectors.toSet());
    }

    /** The topic's partitions; 0 when the broker cannot tell, which lets the reading log find out. */
    private int partitionCount(InternalTopic topic) {
        TopicDescription description = ask(topic, "describe", () -> admin.describeTopics(List.of(topic.name()))
                .allTopicNames().thenApply(topics -> topics.get(topic.name())));
        return description == null ? 0 : description.partitions().size();
    }

    /**
     * The broker's answer about an existing topic; null when it cannot tell (no rights, an old broker), as Kafka
     * Connect then goes on. A topic another worker created a moment ago may not be in the broker's metadata yet: it
     * is asked about again until the creation timeout.
     */
    private <T> T ask(InternalTopic topic, String what, Supplier<KafkaFuture<T>> question) {
        long deadline = System.nanoTime() + creationTimeout.toNanos();
        while (true) {
            try {
                return question.get().get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UnknownTopicOrPartitionException && System.nanoTime() < deadline) {
                    sleep();
                    continue;
                }
                if (cause instanceof ClusterAuthorizationException || cause instanceof TopicAuthorizationException
                        || cause instanceof UnsupportedVersionException
                        || cause instanceof UnknownTopicOrPartitionException) {
                    LOG.info("Cannot {} topic '{}': {}", what, topic.name(), cause.getMessage());
                    return null;
                }
                throw new ConnectException("Cannot " + what + " topic '" + topic.name() + "': " + cause.getMessage(),
                        cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while asking about topic '" + topic.name() + "'", e);
            }
        }
    }

    /** The failure of {@code future}, or null once it succeeded. */
    private static Throwable outcome(KafkaFuture<Void> future) {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating a topic", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating a topic", e);
        }
    }
}

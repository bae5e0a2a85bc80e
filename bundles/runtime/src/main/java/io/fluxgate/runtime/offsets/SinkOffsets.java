package io.fluxgate.runtime.offsets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.herder.HerderException;

/**
 * A sink connector's offsets: those committed by its consumer group {@code connect-<name>}, read, altered and deleted
 * with an admin client, with Kafka Connect's messages ({@code Worker.sinkConnectorOffsets},
 * {@code alterSinkConnectorOffsets}, {@code resetSinkConnectorOffsets}). Each call opens and closes its own client.
 */
final class SinkOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(SinkOffsets.class);
    private static final String ZOMBIE_ADVICE = " either because its tasks haven't stopped completely yet or the "
            + "connector was resumed before the request to %s its offsets could be successfully completed. If the "
            + "connector is in a stopped state, this operation can be safely retried. If it doesn't eventually "
            + "succeed, the Connect cluster may need to be restarted to get rid of the zombie sink tasks.";

    private final long timeoutMs;

    SinkOffsets(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    List<ConnectorOffset> read(String connector, Admin admin, String groupId) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId,
                    new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeoutMs))
                    .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<ConnectorOffset> offsets = new ArrayList<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    Map<String, Object> key = new LinkedHashMap<>();
                    key.put(SinkOffsetParser.KAFKA_TOPIC, partition.topic());
                    key.put(SinkOffsetParser.KAFKA_PARTITION, partition.partition());
                    offsets.add(new ConnectorOffset(key, Map.of(SinkOffsetParser.KAFKA_OFFSET, offset.offset())));
                }
            });
            return offsets;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = cause(e);
            LOG.error("Failed to retrieve consumer group offsets for sink connector {}", connector, cause);
            throw new HerderException(500, "Failed to retrieve consumer group offsets for sink connector "
                    + connector, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HerderException(500, "Request interrupted", e);
        }
    }

    /** Commits the given offsets for the group and deletes those given as null. */
    void alter(String connector, Admin admin, String groupId, Map<TopicPartition, Long> offsets, Timer timer) {
        Map<TopicPartition, OffsetAndMetadata> toAlter = offsets.entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue())));
        Set<TopicPartition> toReset = offsets.entrySet().stream().filter(entry -> entry.getValue() == null)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<KafkaFuture<Void>> futures = new ArrayList<>();
        if (!toAlter.isEmpty()) {
            LOG.debug("Committing the following consumer group offsets using an admin client for sink connector {}: "
                    + "{}.", connector, toAlter);
            futures.add(admin.alterConsumerGroupOffsets(groupId, toAlter,
                    new AlterConsumerGroupOffsetsOptions().timeoutMs(remaining(timer))).all());
        }
        if (!toReset.isEmpty()) {
            LOG.debug("Deleting the consumer group offsets for the following topic partitions using an admin client "
                    + "for sink connector {}: {}.", connector, toReset);
            futures.add(admin.deleteConsumerGroupOffsets(groupId, toReset,
                    new DeleteConsumerGroupOffsetsOptions().timeoutMs(remaining(timer))).all());
        }
        try {
            KafkaFuture.allOf(futures.toArray(new KafkaFuture<?>[0])).get(remaining(timer), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = cause(e);
            if (cause instanceof UnknownMemberIdException || cause instanceof GroupSubscribedToTopicException) {
                String message = "Failed to alter consumer group offsets for connector " + connector
                        + String.format(ZOMBIE_ADVICE, "alter");
                LOG.error(message, cause);
                throw new HerderException(500, message, cause);
            }
            LOG.error("Failed to alter consumer group offsets for connector {}", connector, cause);
            throw new HerderException(500, "Failed to alter consumer group offsets for connector " + connector, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HerderException(500, "Request interrupted", e);
        }
    }

    /** The partitions the group has offsets for, which a reset deletes. */
    Set<TopicPartition> committedPartitions(String connector, Admin admin, String groupId, Timer timer) {
        try {
            Set<TopicPartition> partitions = admin.listConsumerGroupOffsets(groupId,
                    new ListConsumerGroupOffsetsOptions().timeoutMs(remaining(timer)))
                    .partitionsToOffsetAndMetadata().get(remaining(timer), TimeUnit.MILLISECONDS).keySet();
            LOG.debug("Found the following topic partitions (to reset offsets) for sink connector {} and consumer "
                    + "group ID {}: {}", connector, groupId, partitions);
            return partitions;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = cause(e);
            LOG.error("Failed to list offsets prior to resetting offsets for sink connector {}", connector, cause);
            throw new HerderException(500, "Failed to list offsets prior to resetting offsets for sink connector "
                    + connector, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HerderException(500, "Request interrupted", e);
        }
    }

    /** Deletes the consumer group; one that does not exist is reset already. */
    void reset(String connector, Admin admin, String groupId, Timer timer) {
        try {
            admin.deleteConsumerGroups(Set.of(groupId),
                    new DeleteConsumerGroupsOptions().timeoutMs(remaining(timer))).all()
                    .get(remaining(timer), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = cause(e);
            if (cause instanceof GroupIdNotFoundException) {
                return; // idempotent, as in Kafka: reset already
            }
            if (cause instanceof GroupNotEmptyException) {
                String message = "Failed to reset consumer group offsets for connector " + connector
                        + String.format(ZOMBIE_ADVICE, "reset");
                LOG.error(message, cause);
                throw new HerderException(500, message, cause);
            }
            LOG.error("Failed to reset consumer group offsets for sink connector {}", connector, cause);
            throw new HerderException(500, "Failed to reset consumer group offsets for sink connector " + connector,
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HerderException(500, "Request interrupted", e);
        }
    }

    Timer timer() {
        return Time.SYSTEM.timer(timeoutMs);
    }

    private static int remaining(Timer timer) {
        timer.update();
        return (int) Math.max(0, timer.remainingMs());
    }

    private static Throwable cause(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }
}

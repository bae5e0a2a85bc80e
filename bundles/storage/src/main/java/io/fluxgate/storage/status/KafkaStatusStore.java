package io.fluxgate.storage.status;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.storage.ConnectorStatus;
import io.fluxgate.api.storage.StatusStore;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.api.storage.TopicStatus;
import io.fluxgate.storage.kafka.InternalTopic;
import io.fluxgate.storage.kafka.StoreContext;
import io.fluxgate.storage.kafka.TopicLog;

/**
 * The status topic as a {@link StatusStore} (Kafka Connect's {@code KafkaStatusBackingStore}). Its producer does not
 * retry: the store retries a failed write itself, and only while nothing newer was written for the same key, so a
 * late retry never overwrites a newer status.
 */
public final class KafkaStatusStore implements StatusStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStatusStore.class);

    private final InternalTopic topic;
    private final StoreContext context;
    private final StatusRecords records;
    private final StatusCache cache = new StatusCache();
    private final TopicLog log;
    private final ExecutorService retries;

    public KafkaStatusStore(InternalTopic topic, StoreContext context) {
        this.topic = topic;
        this.context = context;
        this.records = new StatusRecords(context.json(), topic.name());
        this.log = context.log(topic, "statuses", true, false, this::onRecord);
        this.retries = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fluxgate-status-retry-" + topic.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start() {
        LOG.info("Starting the status store on topic {}", topic.name());
        context.topics().ensure(topic);
        log.start(() -> { });
    }

    @Override
    public void stop() {
        try {
            log.stop();
        } finally {
            retries.shutdownNow();
            try {
                retries.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void put(ConnectorStatus status) {
        putConnector(status, false);
    }

    @Override
    public void putSafe(ConnectorStatus status) {
        putConnector(status, true);
    }

    @Override
    public void put(TaskStatus status) {
        putTask(status, false);
    }

    @Override
    public void putSafe(TaskStatus status) {
        putTask(status, true);
    }

    private void putConnector(ConnectorStatus status, boolean safe) {
        StatusCache.Write write = cache.reserve(cache.connector(status.connector()), status.workerId(),
                status.generation(), safe);
        if (write != null) {
            send(StatusRecords.connectorKey(status.connector()), records.connectorStatus(status),
                    () -> cache.worthRetrying(write));
        }
    }

    private void putTask(TaskStatus status, boolean safe) {
        StatusCache.Write write = cache.reserve(cache.task(status.task()), status.workerId(), status.generation(),
                safe);
        if (write != null) {
            send(StatusRecords.taskKey(status.task()), records.taskStatus(status), () -> cache.worthRetrying(write));
        }
    }

    @Override
    public void put(TopicStatus status) {
        send(StatusRecords.topicKey(status.connector(), status.topic()), records.topicStatus(status), () -> true);
    }

    @Override
    public void delete(String connector, int generation) {
        for (TaskStatus task : cache.taskStatuses(connector)) {
            delete(task.task(), generation);
        }
        StatusCache.Write write = cache.reserve(cache.connector(connector), "", generation, false);
        send(StatusRecords.connectorKey(connector), null, () -> cache.worthRetrying(write));
    }

    @Override
    public void delete(ConnectorTaskId task, int generation) {
        StatusCache.Write write = cache.reserve(cache.task(task), "", generation, false);
        send(StatusRecords.taskKey(task), null, () -> cache.worthRetrying(write));
    }

    @Override
    public void deleteTopic(String connector, String topicName) {
        send(StatusRecords.topicKey(connector, topicName), null, () -> true);
    }

    @Override
    public void flush() {
        log.flush();
    }

    @Override
    public ConnectorStatus get(String connector) {
        return cache.connectorStatus(connector);
    }

    @Override
    public TaskStatus get(ConnectorTaskId task) {
        return cache.taskStatus(task);
    }

    @Override
    public Collection<TaskStatus> getAll(String connector) {
        return cache.taskStatuses(connector);
    }

    @Override
    public TopicStatus getTopic(String connector, String topicName) {
        return cache.topic(connector, topicName);
    }

    @Override
    public Collection<TopicStatus> getAllTopics(String connector) {
        return cache.topics(connector);
    }

    @Override
    public Set<String> connectors() {
        return cache.connectors();
    }

    /** Sends, and on a retriable failure sends again while {@code stillWanted} says so. */
    private void send(String key, byte[] value, BooleanSupplier stillWanted) {
        log.send(key.getBytes(StandardCharsets.UTF_8), value).whenComplete((metadata, error) -> {
            if (error == null) {
                return;
            }
            if (!(error instanceof RetriableException)) {
                LOG.error("Failed to write status update {}", key, error);
            } else if (stillWanted.getAsBoolean()) {
                try {
                    retries.submit(() -> send(key, value, stillWanted));
                } catch (RejectedExecutionException stopped) {
                    LOG.debug("Not retrying status update {}: the store is stopping", key);
                }
            }
        });
    }

    private void onRecord(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Discarding status record without a key at offset {}", record.offset());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (key.startsWith(StatusRecords.CONNECTOR_PREFIX)) {
            readConnector(key, record.value());
        } else if (key.startsWith(StatusRecords.TASK_PREFIX)) {
            readTask(key, record.value());
        } else if (key.startsWith(StatusRecords.TOPIC_PREFIX)) {
            readTopic(key, record.value());
        } else {
            LOG.warn("Discarding record with invalid key {}", key);
        }
    }

    private void readConnector(String key, byte[] value) {
        String connector = key.substring(StatusRecords.CONNECTOR_PREFIX.length());
        if (connector.isEmpty()) {
            LOG.warn("Discarding record with invalid connector status key {}", key);
        } else if (value == null) {
            cache.removeConnector(connector);
        } else {
            ConnectorStatus status = records.connectorStatus(connector, value);
            if (status != null) {
                cache.read(status);
            }
        }
    }

    private void readTask(String key, byte[] value) {
        ConnectorTaskId task = StatusRecords.taskId(key);
        if (task == null) {
            LOG.warn("Discarding record with invalid task status key {}", key);
        } else if (value == null) {
            cache.removeTask(task);
        } else {
            TaskStatus status = records.taskStatus(task, value);
            if (status != null) {
                cache.read(status);
            }
        }
    }

    private void readTopic(String key, byte[] value) {
        // status-topic-<topic>:connector-<connector>; topic names cannot contain ':'.
        int separator = key.indexOf(':');
        int topicStart = StatusRecords.TOPIC_PREFIX.length();
        int connectorStart = separator + StatusRecords.TOPIC_SEPARATOR.length();
        if (separator < topicStart || connectorStart >= key.length() || separator == topicStart) {
            LOG.warn("Discarding record with invalid topic status key {}", key);
            return;
        }
        String topicName = key.substring(topicStart, separator);
        String connector = key.substring(connectorStart);
        if (value == null) {
            cache.removeTopic(connector, topicName);
            return;
        }
        TopicStatus status = records.topicStatus(value);
        if (status != null) {
            cache.readTopic(connector, status);
        }
    }
}

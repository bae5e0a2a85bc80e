package io.fluxgate.storage.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.storage.config.LeaderProducer.Write;
import io.fluxgate.storage.kafka.Deadline;
import io.fluxgate.storage.kafka.InternalTopic;
import io.fluxgate.storage.kafka.StoreContext;
import io.fluxgate.storage.kafka.TopicLog;

/**
 * The config topic as a {@link ConfigStore} (Kafka Connect's {@code KafkaConfigBackingStore}). With a
 * {@link LeaderProducer} (exactly-once source support {@code preparing} or {@code enabled}) the privileged writes go
 * through it, each one transaction; without, every write goes through the log's plain producer.
 */
public final class KafkaConfigStore implements ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConfigStore.class);

    private final InternalTopic topic;
    private final StoreContext context;
    private final ConfigRecords records;
    private final ConfigState state = new ConfigState();
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
    private final TopicLog log;
    // Null when exactly-once source support is disabled: then no write needs a claim.
    private final LeaderProducer leader;
    // Set once the topic has been read up to where it ended at start: listeners hear only of later records.
    private volatile boolean started;

    /**
     * @param leaderTransactionalId the {@code transactional.id} of the leader's producer when exactly-once source
     *                              support is {@code preparing} or {@code enabled}, else null
     */
    public KafkaConfigStore(InternalTopic topic, StoreContext context, String leaderTransactionalId) {
        this.topic = topic;
        this.context = context;
        this.records = new ConfigRecords(context.json(), topic.name());
        this.log = context.log(topic, "configs", false, true, this::onRecord);
        this.leader = leaderTransactionalId == null ? null : new LeaderProducer(topic.name(),
                context.clients().transactionalProducer("configs", leaderTransactionalId));
    }

    @Override
    public void start() {
        LOG.info("Starting the config store on topic {}", topic.name());
        context.topics().ensure(topic);
        log.start(() -> started = true);
        // Checked again on the topic as read, for when the admin client could not describe it.
        if (log.partitionCount() > 1) {
            stop();
            throw new ConfigException(String.format("Topic '%s' supplied via the '%s' property is required to have a "
                    + "single partition in order to guarantee consistency of connector configurations, but found %d "
                    + "partitions.", topic.name(), topic.setting(), log.partitionCount()));
        }
        LOG.info("Started the config store at offset {}", state.snapshot().offset());
    }

    @Override
    public void stop() {
        started = false;
        if (leader != null) {
            leader.close();
        }
        log.stop();
    }

    @Override
    public void claimWritePrivileges() {
        if (leader != null) {
            leader.claim();
        }
    }

    @Override
    public ConfigSnapshot snapshot() {
        return state.snapshot();
    }

    @Override
    public void refresh(Duration timeout) throws TimeoutException {
        try {
            log.readToEnd().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectException("Error trying to read to end of config log", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reading to end of config log", e);
        }
    }

    @Override
    public void putConnectorConfig(String connector, Map<String, String> config, TargetState targetState) {
        List<Write> writes = new ArrayList<>();
        if (targetState != null) {
            // First, so the connector never exists without the state it was created in.
            writes.add(new Write(ConfigRecords.targetStateKey(connector), records.targetState(targetState)));
        }
        writes.add(new Write(ConfigRecords.connectorKey(connector), records.connectorConfig(config)));
        writePrivilegedAndReadBack("connector configuration", writes);
    }

    @Override
    public void removeConnectorConfig(String connector) {
        writePrivilegedAndReadBack("connector removal", List.of(new Write(ConfigRecords.connectorKey(connector), null),
                new Write(ConfigRecords.targetStateKey(connector), null)));
    }

    @Override
    public void putTaskConfigs(String connector, List<Map<String, String>> taskConfigs) {
        Deadline deadline = Deadline.after(context.writeTimeout());
        try {
            // The leader should be the only writer, but a lagging view must not be committed over.
            deadline.await(log.readToEnd());
            List<Write> tasks = new ArrayList<>();
            for (int task = 0; task < taskConfigs.size(); task++) {
                tasks.add(new Write(ConfigRecords.taskKey(new ConnectorTaskId(connector, task)),
                        records.taskConfig(taskConfigs.get(task))));
            }
            // Two transactions when privileged, as Kafka Connect: the commit is written once the tasks are read back.
            sendPrivileged(tasks, deadline);
            if (!tasks.isEmpty()) {
                deadline.await(log.readToEnd());
            }
            sendPrivileged(List.of(new Write(ConfigRecords.commitKey(connector),
                    records.commit(taskConfigs.size()))), deadline);
            deadline.await(log.readToEnd());
        } catch (ExecutionException | TimeoutException e) {
            throw failure("task configurations of connector '" + connector + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("task configurations of connector '" + connector + "'", e);
        }
    }

    @Override
    public void putTargetState(String connector, TargetState targetState) {
        // Any worker may write it (Kafka Connect): acknowledged is enough, every worker applies it when read.
        write("target state", List.of(new Write(ConfigRecords.targetStateKey(connector),
                records.targetState(targetState))));
    }

    @Override
    public void putTaskCountRecord(String connector, int taskCount) {
        writePrivilegedAndReadBack("task count record of connector '" + connector + "'", List.of(
                new Write(ConfigRecords.taskCountKey(connector), records.taskCount(taskCount))));
    }

    @Override
    public void putSessionKey(SessionKey key) {
        writePrivilegedAndReadBack("session key",
                List.of(new Write(ConfigRecords.SESSION_KEY, records.sessionKey(key))));
    }

    @Override
    public void putRestartRequest(RestartRequest request) {
        writePrivilegedAndReadBack(request.toString(), List.of(new Write(ConfigRecords.restartKey(request.connector()),
                records.restartRequest(request))));
    }

    @Override
    public void putLoggerLevel(String namespace, String level) {
        write("logger level", List.of(new Write(ConfigRecords.loggerKey(namespace), records.loggerLevel(level))));
    }

    @Override
    public void addListener(ConfigListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ConfigListener listener) {
        listeners.remove(listener);
    }

    private void onRecord(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.error("Discarding config update record without a key at offset {}", record.offset());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        Object value;
        try {
            value = records.read(record.value());
        } catch (DataException e) {
            LOG.error("Failed to convert config data to Kafka Connect format: ", e);
            return;
        }
        ConfigState.Change change = state.apply(key, record.offset(), value);
        if (change != null && started) {
            for (ConfigListener listener : listeners) {
                try {
                    change.accept(listener);
                } catch (RuntimeException e) {
                    LOG.error("Config listener {} failed on record {}", listener, key, e);
                }
            }
        }
    }

    private void write(String what, List<Write> writes) {
        try {
            send(writes, Deadline.after(context.writeTimeout()));
        } catch (ExecutionException | TimeoutException e) {
            throw failure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, e);
        }
    }

    /**
     * Writes as the leader, then reads the topic to its end, so that the next snapshot shows what was written. A
     * {@link io.fluxgate.api.storage.PrivilegedWriteException} is thrown as it is: the herder must tell it apart.
     */
    private void writePrivilegedAndReadBack(String what, List<Write> writes) {
        Deadline deadline = Deadline.after(context.writeTimeout());
        try {
            sendPrivileged(writes, deadline);
            deadline.await(log.readToEnd());
        } catch (ExecutionException | TimeoutException e) {
            throw failure(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, e);
        }
    }

    /** In one transaction of the leader's producer when there is one, else as any other write. */
    private void sendPrivileged(List<Write> writes, Deadline deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (leader == null) {
            send(writes, deadline);
        } else {
            leader.write(writes);
        }
    }

    private void send(List<Write> writes, Deadline deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (Write write : writes) {
            acks.add(log.send(write.key().getBytes(StandardCharsets.UTF_8), write.value()));
        }
        for (CompletableFuture<?> ack : acks) {
            deadline.await(ack);
        }
    }

    private static ConnectException failure(String what, Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        LOG.error("Failed to write the {} to Kafka", what, cause);
        return new ConnectException("Error writing the " + what + " to Kafka: " + cause, cause);
    }
}

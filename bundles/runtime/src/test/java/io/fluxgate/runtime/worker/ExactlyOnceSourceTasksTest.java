package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.metrics.WorkerMetrics;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.SourceOffsetStores;
import io.fluxgate.runtime.storage.TransactionalOffsetStore;
import io.fluxgate.runtime.task.ExactlyOnceWorkerSourceTask;
import io.fluxgate.runtime.task.ProducerChecks;
import io.fluxgate.runtime.task.WorkLease;
import io.fluxgate.runtime.task.WorkerSourceTask;
import io.fluxgate.runtime.task.WorkerTask;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * How a worker with exactly-once source support builds its source tasks: the exactly-once variant, with the herder's
 * checks for that task instance, a producer with Apache's forced settings, and the connector's transaction boundary.
 */
class ExactlyOnceSourceTasksTest {

    private static final ConnectorTaskId ID = new ConnectorTaskId("orders", 2);
    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins(
            TestSourceConnector.class);

    private static WorkerSettings settings(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter", "fluxgate.mode", "distributed",
                "group.id", "connect-cluster", "config.storage.topic", "connect-configs",
                "offset.storage.topic", "connect-offsets", "status.storage.topic", "connect-status",
                "offset.flush.interval.ms", "7000"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return WorkerSettings.of(settings);
    }

    private static ConnectorConfig connector(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("name", ID.connector(),
                "connector.class", TestSourceConnector.class.getName()));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return new ConnectorConfig(config);
    }

    @Test
    void theProducerIsTransactionalWithApachesIdAndIdempotentWhateverTheUserSaid() {
        WorkerSettings settings = settings("producer.enable.idempotence", "false");
        ExactlyOnceSourceTasks tasks = new ExactlyOnceSourceTasks(settings);
        Map<String, Object> base = new HashMap<>(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mine", ProducerConfig.ACKS_CONFIG, "all"));

        Map<String, Object> configs = tasks.producerConfigs(base, ID);
        assertEquals("connect-cluster-orders-2", configs.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        assertEquals("true", configs.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", configs.get(ProducerConfig.ACKS_CONFIG), "the rest as for any source task");
        assertEquals("connect-cluster-orders-2", ExactlyOnceSourceTasks.taskTransactionalId("connect-cluster",
                "orders", 2));
    }

    @Test
    void theBoundaryIsTheConnectorsAndItsIntervalDefaultsToTheOffsetFlushInterval() {
        ExactlyOnceSourceTasks tasks = new ExactlyOnceSourceTasks(settings());
        TransactionalOffsetStore offsets = stores(settings()).forExactlyOnceTask(connector(),
                TestSourceConnector.class, ID.toString(), null);

        ExactlyOnceWorkerSourceTask.Transactions poll = tasks.transactions(connector(), offsets,
                ProducerChecks.NONE);
        assertEquals(TransactionBoundary.POLL, poll.boundary());
        assertEquals(7000, poll.boundaryIntervalMs());
        assertEquals("connect-offsets", poll.offsets().topic(), "the worker's offsets topic");
        ExactlyOnceWorkerSourceTask.Transactions interval = tasks.transactions(connector("transaction.boundary",
                "Interval", "transaction.boundary.interval.ms", "250"), offsets, ProducerChecks.NONE);
        assertEquals(TransactionBoundary.INTERVAL, interval.boundary());
        assertEquals(250, interval.boundaryIntervalMs());
    }

    @Test
    void theFactoryBuildsTheExactlyOnceVariantOnlyWhenTheWorkerRunsWithExactlyOnceSupport() {
        ProducerChecks checks = new ProducerChecks(() -> { }, () -> { });
        List<ConnectorTaskId> asked = new CopyOnWriteArrayList<>();
        WorkLease lease = new WorkLease() {
            @Override
            public boolean held() {
                return true;
            }

            @Override
            public ProducerChecks producerChecks(ConnectorTaskId task) {
                asked.add(task);
                return checks;
            }
        };

        WorkerTask exactlyOnce = create(true, lease);
        assertInstanceOf(ExactlyOnceWorkerSourceTask.class, exactlyOnce);
        assertEquals(List.of(ID), asked, "the herder's checks, asked for as the task is built");
        WorkerTask atLeastOnce = create(false, lease);
        assertSame(WorkerSourceTask.class, atLeastOnce.getClass());
        assertEquals(List.of(ID), asked, "no checks for an at-least-once task");
    }

    private WorkerTask create(boolean exactlyOnceSource, WorkLease lease) {
        WorkerSettings settings = settings();
        ClientConfigs clients = new ClientConfigs(settings, ClientOverridePolicy.of(
                settings.clientConfigOverridePolicy(), settings.originals(), registry));
        TaskFactory factory = new TaskFactory(settings, clients, stores(settings), new OffsetCodec(),
                WorkerMetrics.unreported(), new TopicCreators(settings, clients), lease,
                new PluginCallDeadline(30_000), exactlyOnceSource);
        var plugin = registry.load(TestSourceConnector.class.getName(), Connector.class, null);
        WorkerTask task = factory.create(ID, connector(), Map.of(TaskFactory.TASK_CLASS_CONFIG,
                TestSourceConnector.TestSourceTask.class.getName()), plugin.type(), "1.0", plugin.loader(),
                new TaskPlugins(registry, plugin.descriptor()), StatusListener.ignoring(), TargetState.STARTED,
                new PluginThreads(new ThreadGroup("test"), "task " + ID));
        task.cancel(); // never run: releases its producer
        task.removeMetrics();
        return task;
    }

    /** The worker's offsets in memory; no connector topics, as in standalone mode. */
    private SourceOffsetStores stores(WorkerSettings settings) {
        return new SourceOffsetStores(settings, new ClientConfigs(settings, ClientOverridePolicy.of(
                settings.clientConfigOverridePolicy(), settings.originals(), registry)), new MemoryOffsetBackingStore(),
                null);
    }
}

package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectorType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.errors.ErrorReporters;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.isolation.PluginCloser;
import io.fluxgate.runtime.metrics.ErrorMetrics;
import io.fluxgate.runtime.metrics.MonitorablePlugins;
import io.fluxgate.runtime.metrics.SinkTaskMetrics;
import io.fluxgate.runtime.metrics.SourceTaskMetrics;
import io.fluxgate.runtime.metrics.TaskMetrics;
import io.fluxgate.runtime.metrics.WorkerMetrics;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.storage.OffsetStorageWriter;
import io.fluxgate.runtime.storage.SourceOffsetStores;
import io.fluxgate.runtime.storage.TransactionalOffsetStore;
import io.fluxgate.runtime.task.ExactlyOnceWorkerSourceTask;
import io.fluxgate.runtime.task.RecordConversion;
import io.fluxgate.runtime.task.SinkErrantRecordReporter;
import io.fluxgate.runtime.task.TopicCreator;
import io.fluxgate.runtime.task.WorkLease;
import io.fluxgate.runtime.task.WorkerSinkTask;
import io.fluxgate.runtime.task.WorkerSourceTask;
import io.fluxgate.runtime.task.WorkerTask;
import io.fluxgate.runtime.transforms.TransformationChain;
import io.fluxgate.runtime.transforms.TransformationStage;
import io.fluxgate.runtime.transforms.TransformationStages;

/**
 * Assembles a task from its configuration: the task plugin (the class its connector named, from the connector's
 * bundle), converters, transformations, error handling, Kafka clients and, for sources, offset storage. Whatever was
 * created before a failure is closed again.
 */
public final class TaskFactory {

    public static final String TASK_CLASS_CONFIG = "task.class";

    private final WorkerSettings settings;
    private final ConverterFactory converters;
    private final ClientConfigs clients;
    private final SourceOffsetStores offsets;
    private final OffsetCodec codec;
    private final WorkerMetrics metrics;
    private final TopicCreators topicCreators;
    private final WorkLease lease;
    private final PluginCallDeadline calls;
    /** Null while the worker runs sources at least once, as it does until exactly-once support is turned on. */
    private final ExactlyOnceSourceTasks exactlyOnce;
    private static final String TRANSFORMS = "configure() of its transformations and predicates";

    /**
     * @param exactlyOnceSource whether the worker runs with {@code exactly.once.source.support=enabled}: source tasks
     *                          are then {@link ExactlyOnceWorkerSourceTask}s, with the checks {@code lease} gives
     *                          ({@link WorkLease#producerChecks})
     */
    public TaskFactory(WorkerSettings settings, ClientConfigs clients, SourceOffsetStores offsets, OffsetCodec codec,
            WorkerMetrics metrics, TopicCreators topicCreators, WorkLease lease, PluginCallDeadline calls,
            boolean exactlyOnceSource) {
        this.settings = settings;
        this.converters = new ConverterFactory(settings);
        this.clients = clients;
        this.offsets = offsets;
        this.codec = codec;
        this.metrics = metrics;
        this.topicCreators = topicCreators;
        this.lease = lease;
        this.calls = calls;
        this.exactlyOnce = exactlyOnceSource ? new ExactlyOnceSourceTasks(settings) : null;
    }

    /**
     * @param connectorVersion the version of the connector plugin the task comes from
     * @param plugins          the registry to load the task's converters, transformations and predicates through:
     *                         the task's own, which remembers where they came from
     * @param threads          the task's thread group, where its plugins' {@code configure()} calls run, each with
     *                         the worker's call deadline: a converter or transformation hung there fails the task
     *                         at {@code fluxgate.connector.call.timeout.ms} (the caller is the task's own thread,
     *                         never the herder's: {@link TaskStarts});
     *                         their {@code close()} calls run there too ({@link TaskPluginCloses}), waited for no
     *                         longer than the herder waits for a stopping task
     */
    WorkerTask create(ConnectorTaskId id, ConnectorConfig config, Map<String, String> taskConfig,
            Class<? extends Connector> connectorClass, String connectorVersion, ClassLoader loader,
            TaskPlugins plugins, StatusListener<ConnectorTaskId> listener, TargetState initialState,
            PluginThreads threads) {
        List<AutoCloseable> created = new ArrayList<>();
        // As Apache's Worker builds a task: with the connector's loader as context loader, so that classes named in
        // the clients' settings (metric.reporters, interceptor.classes, partitioner.class) are found in its plugin.
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            Task task = newTask(taskConfig, loader);
            // Half the herder's patience: a task whose converter hangs in close() still stops within it, final
            // offset commit included, rather than being abandoned.
            PluginCloser closer = new TaskPluginCloses(calls, threads,
                    Math.min(settings.connectorCallTimeoutMs(), InstanceStops.PATIENCE_MS / 2));
            RecordConversion conversion = calls.call(threads, "configure() of its converters",
                    () -> converters.create(config, plugins)).closedBy(closer);
            created.add(conversion::close);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("connector", id.connector());
            tags.put("task", Integer.toString(id.task()));
            PluginMetricsImpl pluginMetrics = metrics.pluginMetrics(tags);
            created.add(pluginMetrics);
            ErrorMetrics errorMetrics = new ErrorMetrics(metrics, id);
            created.add(errorMetrics);
            TaskInfo info = new TaskInfo(id, connectorClass, connectorVersion, task, conversion, plugins,
                    initialState);
            if (task instanceof SourceTask sourceTask) {
                return sourceTask(id, config, taskConfig, connectorClass, loader, plugins, listener, initialState,
                        sourceTask, conversion, pluginMetrics, errorMetrics, info, created, closer,
                        calls.call(threads, TRANSFORMS, () -> TransformationStages.<SourceRecord>of(config, plugins)));
            }
            if (task instanceof SinkTask sinkTask) {
                return sinkTask(id, config, taskConfig, connectorClass, loader, plugins, listener, initialState,
                        sinkTask, conversion, pluginMetrics, errorMetrics, info, created, closer,
                        calls.call(threads, TRANSFORMS, () -> TransformationStages.<SinkRecord>of(config, plugins)));
            }
            throw new ConnectException("Tasks must be a subclass of either SourceTask or SinkTask and current is "
                    + task.getClass().getName());
        } catch (RuntimeException e) {
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    created.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private WorkerTask sourceTask(ConnectorTaskId id, ConnectorConfig config, Map<String, String> taskConfig,
            Class<? extends Connector> connectorClass, ClassLoader loader, TaskPlugins plugins,
            StatusListener<ConnectorTaskId> listener, TargetState initialState, SourceTask task,
            RecordConversion conversion, PluginMetricsImpl pluginMetrics, ErrorMetrics errorMetrics, TaskInfo info,
            List<AutoCloseable> created, PluginCloser closer, List<TransformationStage<SourceRecord>> stages) {
        RetryWithToleranceOperator<SourceRecord> operator = new RetryWithToleranceOperator<>(
                config.errorsRetryTimeout(), config.errorsRetryMaxDelay(), config.errorsTolerance(), errorMetrics);
        created.add(operator);
        ErrorReporters.forSource(id, config, errorMetrics).forEach(operator::addReporter);
        TransformationChain<SourceRecord, SourceRecord> chain = new TransformationChain<>(stages, operator, closer);
        created.add(chain);
        TaskMetrics taskMetrics = info.metrics(metrics, stages, created);
        MonitorablePlugins monitored = monitor(id, conversion, stages, created);
        SourceTaskMetrics sourceMetrics = new SourceTaskMetrics(metrics, id, taskMetrics);
        created.add(sourceMetrics);
        TopicCreator topicCreator = topicCreators.forSource(id, config, connectorClass);
        created.add(topicCreator);
        Map<String, Object> producerConfigs = clients.producer(config, connectorClass, ConnectorType.SOURCE,
                "connector-producer-" + id);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(exactlyOnce == null ? producerConfigs
                : exactlyOnce.producerConfigs(producerConfigs, id));
        created.add(producer);
        // Its own offsets topic, if any, is opened when the task starts (on the task's thread), not here.
        TransactionalOffsetStore transactional = exactlyOnce == null ? null
                : offsets.forExactlyOnceTask(config, connectorClass, id.toString(), producer);
        OffsetBackingStore store = transactional != null ? transactional
                : offsets.forConnector(config, connectorClass, id.toString());
        OffsetReader reader = OffsetReader.patient(store, codec, id.connector());
        OffsetStorageWriter writer = new OffsetStorageWriter(store, codec, id.connector());
        WorkerSourceTask.Parts parts = new WorkerSourceTask.Parts(task, taskConfig, conversion, chain, operator,
                producer, topicCreator, store, reader, writer, pluginMetrics, sourceMetrics,
                settings.offsetFlushTimeoutMs(), lease,
                maxUnacknowledgedRecords(config.originals(), settings.sourceTaskMaxUnacknowledgedRecords()));
        WorkerTask workerTask = transactional == null
                ? new WorkerSourceTask(id, loader, taskMetrics.tracking(listener), initialState, parts)
                : new ExactlyOnceWorkerSourceTask(id, loader, taskMetrics.tracking(listener), initialState, parts,
                        exactlyOnce.transactions(config, transactional, lease.producerChecks(id)));
        workerTask.keepMetrics(taskMetrics, sourceMetrics, errorMetrics);
        workerTask.keepPluginMetrics(monitored);
        return workerTask;
    }

    /**
     * {@code fluxgate.source.task.max.unacknowledged.records} for the connector's tasks: its own value where its
     * configuration sets one (read, not defined: the keys a connector's configuration is validated against are
     * Apache's), else the worker's.
     */
    static int maxUnacknowledgedRecords(Map<String, String> connectorConfig, int workerDefault) {
        String own = connectorConfig.get(WorkerConfigKeys.SOURCE_TASK_MAX_UNACKNOWLEDGED_RECORDS);
        if (own == null) {
            return workerDefault;
        }
        try {
            int limit = Integer.parseInt(own.trim());
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new ConnectException("Invalid value " + own + " for configuration "
                + WorkerConfigKeys.SOURCE_TASK_MAX_UNACKNOWLEDGED_RECORDS + ": a whole number of at least 1");
    }

    private WorkerTask sinkTask(ConnectorTaskId id, ConnectorConfig config, Map<String, String> taskConfig,
            Class<? extends Connector> connectorClass, ClassLoader loader, TaskPlugins plugins,
            StatusListener<ConnectorTaskId> listener, TargetState initialState, SinkTask task,
            RecordConversion conversion, PluginMetricsImpl pluginMetrics, ErrorMetrics errorMetrics, TaskInfo info,
            List<AutoCloseable> created, PluginCloser closer, List<TransformationStage<SinkRecord>> stages) {
        RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator = new RetryWithToleranceOperator<>(
                config.errorsRetryTimeout(), config.errorsRetryMaxDelay(), config.errorsTolerance(), errorMetrics);
        created.add(operator);
        ErrorReporters.forSink(id, config, () -> clients.producer(config, connectorClass,
                ConnectorType.SINK, "connector-dlq-producer-" + id),
                () -> clients.admin(config, connectorClass, ConnectorType.SINK,
                        "connector-dlq-adminclient-"), errorMetrics).forEach(operator::addReporter);
        TransformationChain<ConsumerRecord<byte[], byte[]>, SinkRecord> chain = new TransformationChain<>(stages,
                operator, closer);
        created.add(chain);
        TaskMetrics taskMetrics = info.metrics(metrics, stages, created);
        MonitorablePlugins monitored = monitor(id, conversion, stages, created);
        SinkTaskMetrics sinkMetrics = new SinkTaskMetrics(metrics, id, taskMetrics);
        created.add(sinkMetrics);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer(config, connectorClass,
                "connector-consumer-" + id));
        created.add(consumer);
        WorkerTask workerTask = new WorkerSinkTask(id, loader, taskMetrics.tracking(listener), initialState,
                new WorkerSinkTask.Parts(task, taskConfig, conversion, chain, operator, consumer,
                        errantRecordReporter(config, operator, conversion), pluginMetrics, sinkMetrics,
                        settings.offsetFlushIntervalMs(), settings.offsetFlushTimeoutMs()));
        workerTask.keepMetrics(taskMetrics, sinkMetrics, errorMetrics);
        workerTask.keepPluginMetrics(monitored);
        return workerTask;
    }

    /** KIP-877: the task's converters, transformations and predicates that want metrics get them, as in Apache. */
    private <R extends ConnectRecord<R>> MonitorablePlugins monitor(ConnectorTaskId id, RecordConversion conversion,
            List<TransformationStage<R>> stages, List<AutoCloseable> created) {
        MonitorablePlugins monitored = new MonitorablePlugins(metrics, id);
        created.add(monitored);
        monitored.offer(conversion.keyConverter(), "converter", "key");
        monitored.offer(conversion.valueConverter(), "converter", "value");
        monitored.offer(conversion.headerConverter(), "converter", "header");
        for (TransformationStage<R> stage : stages) {
            if (stage.transformationInfo() != null) {
                monitored.offer(stage.transformation(), "transformation", stage.transformationInfo().alias());
            }
            if (stage.predicateInfo() != null) {
                monitored.offer(stage.predicate(), "predicate", stage.predicateInfo().alias());
            }
        }
        return monitored;
    }

    /** KIP-610: offered to the task only when errors go somewhere (a dead letter queue or the log). */
    private static SinkErrantRecordReporter errantRecordReporter(ConnectorConfig config,
            RetryWithToleranceOperator<ConsumerRecord<byte[], byte[]>> operator, RecordConversion conversion) {
        return config.dlqTopic().isEmpty() && !config.errorsLogEnable() ? null
                : new SinkErrantRecordReporter(operator, conversion);
    }

    /**
     * Fails as {@link #create} would when the task class its connector named cannot be found in the connector's
     * bundle; loads it without initializing it, so that no plugin code runs (the worker calls this on the herder's
     * thread, before the task is assembled on its own).
     */
    static void requireTaskClass(Map<String, String> taskConfig, ClassLoader loader) {
        String className = taskConfig.get(TASK_CLASS_CONFIG);
        try {
            Class.forName(className, false, loader);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new ConnectException("Failed to create task of class " + className, e);
        }
    }

    /** The task class its connector named, instantiated from the connector's bundle. */
    private static Task newTask(Map<String, String> taskConfig, ClassLoader loader) {
        String className = taskConfig.get(TASK_CLASS_CONFIG);
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            Class<?> type = Class.forName(className, true, loader);
            return (Task) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new ConnectException("Failed to create task of class " + className, e);
        }
    }
}

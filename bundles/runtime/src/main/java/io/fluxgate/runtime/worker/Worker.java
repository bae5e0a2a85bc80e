package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ExactlyOnceValidation;
import io.fluxgate.runtime.config.WorkerAddress;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.metrics.ConnectorMetrics;
import io.fluxgate.runtime.metrics.TaskMetrics;
import io.fluxgate.runtime.metrics.WorkerCountMetrics;
import io.fluxgate.runtime.metrics.WorkerMetrics;
import io.fluxgate.runtime.offsets.ConnectorOffsetsService;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.storage.SourceOffsetStores;
import io.fluxgate.runtime.task.OffsetCommitScheduler;
import io.fluxgate.runtime.task.WorkLease;
import io.fluxgate.runtime.task.WorkerSourceTask;
import io.fluxgate.runtime.task.WorkerTask;

/**
 * The data plane of one worker: runs the connector instances and tasks the herder asks for, each on a thread of its
 * own in a thread group of its own ({@link PluginThreads}), and reports their states to the listeners the herder gives.
 * It decides nothing: what runs is the herder's business, so the standalone and distributed herders share it. It never
 * waits long on plugin code: calls it needs an answer to have a deadline ({@link PluginCallDeadline}), and stops wait
 * only briefly before the herder goes on ({@link InstanceStops}).
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** As Kafka Connect: how long a connector instance may take to stop. */
    static final long CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS = 5_000;

    private final WorkerSettings settings;
    private final PluginRegistry registry;
    private final OffsetBackingStore offsets;
    private final SourceOffsetStores offsetStores;
    private final OffsetCodec codec = new OffsetCodec();
    private final WorkerMetrics metrics;
    private final WorkerCountMetrics countMetrics;
    private final Map<String, ConnectorMetrics> connectorMetrics = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, TaskMetrics> taskMetrics = new ConcurrentHashMap<>();
    private final TaskFactory taskFactory;
    private final OffsetCommitScheduler committer;
    private final ExecutorService threads;
    private final PluginCallDeadline pluginCalls;
    private final StallWatch stallWatch;
    /** Where every connector's and task's thread group hangs, so that thread dumps group plugin threads. */
    private final ThreadGroup pluginGroups = new ThreadGroup("fluxgate-plugins");
    private final LingeringThreads lingering;
    private final InstanceStops stops;
    /** Stops not settled yet, which the next generation of the same instance waits for. */
    private final PendingStops<String> connectorStops = new PendingStops<>();
    private final PendingStops<ConnectorTaskId> taskStops = new PendingStops<>();
    private final Map<ConnectorTaskId, PluginThreads> taskThreads = new ConcurrentHashMap<>();
    private final Map<String, WorkerConnector> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, WorkerTask> tasks = new ConcurrentHashMap<>();
    /** The tasks being assembled, and their move into {@link #tasks}, which its monitor guards. */
    private final TaskStarts starts = new TaskStarts(tasks);
    private final WorkerConfigTransformer configTransformer;
    private final ActiveTopics activeTopics;
    private final ConnectorOffsetsService offsetsService;
    private final PluginUsage pluginUsage = new PluginUsage();
    private final ExactlyOnceValidation exactlyOnce;
    private final RequiredPlugins requiredPlugins;
    private volatile WorkLease lease = WorkLease.ALWAYS;
    private final ConfigReloadTimer reloadTimer = new ConfigReloadTimer();
    private volatile ConfigReloads reloads = ConfigReloads.NONE;

    /**
     * @param offsets         the worker's offsets store: the offsets file, or the worker's offsets topic
     * @param connectorTopics how sources' own offsets topics are opened; null where they are not permitted
     *                        (standalone mode)
     */
    public Worker(WorkerSettings settings, PluginRegistry registry, OffsetBackingStore offsets,
            SourceOffsetStores.ConnectorTopics connectorTopics, ClientOverridePolicy overridePolicy) {
        this.settings = settings;
        this.registry = registry;
        this.offsets = offsets;
        // First: a metric reporter that cannot be loaded or configured stops the start, naming it.
        this.metrics = WorkerMetrics.of(WorkerAddress.of(settings.originals()).id(), settings.originals());
        this.countMetrics = new WorkerCountMetrics(metrics, connectors::size, taskMetrics);
        this.configTransformer = new WorkerConfigTransformer(settings.originals(), registry);
        this.activeTopics = new ActiveTopics(settings.topicTrackingEnable(), settings.topicTrackingAllowReset());
        ClientConfigs clients = new ClientConfigs(settings, overridePolicy);
        this.offsetStores = new SourceOffsetStores(settings, clients, offsets, connectorTopics);
        this.offsetsService = new ConnectorOffsetsService(registry, clients, offsetStores, codec,
                settings.exactlyOnceSourceEnabled()
                        ? new ExactlyOnceSourceTasks(settings).offsetAlterationProducers(clients) : null);
        this.pluginCalls = new PluginCallDeadline(settings.connectorCallTimeoutMs());
        this.taskFactory = new TaskFactory(settings, clients, offsetStores, codec, metrics,
                new TopicCreators(settings, clients), WorkLease.following(() -> lease), pluginCalls,
                settings.exactlyOnceSourceEnabled());
        this.requiredPlugins = new RequiredPlugins(settings, registry);
        this.exactlyOnce = new ExactlyOnceValidation(settings.mode(), settings.exactlyOnceSourceEnabled());
        this.committer = new OffsetCommitScheduler(settings.offsetFlushIntervalMs());
        AtomicInteger count = new AtomicInteger();
        ThreadGroup group = Thread.currentThread().getThreadGroup(); // not that of a task whose thread asks for one
        this.threads = Executors.newCachedThreadPool(r -> {
            // daemon: a plugin hung in a call must not keep the process alive once the worker gave up on it
            Thread thread = new Thread(group, r, "fluxgate-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.lingering = new LingeringThreads(settings.pluginLingeringThreadsMax(), countMetrics);
        this.stops = new InstanceStops(lingering, threads);
        this.stallWatch = new StallWatch(settings.taskStallTimeoutMs(), tasks::values);
    }

    /**
     * What the worker's source tasks ask before they poll, send or commit (distributed mode: whether the group still
     * counts the worker in; exactly-once tasks: {@link WorkLease#producerChecks}). Set before anything starts.
     */
    public void guardWritesWith(WorkLease lease) {
        this.lease = lease;
    }

    /**
     * Who restarts an instance whose config-provider values expired ({@code config.action.reload=restart}): the
     * herder. Set before anything starts.
     */
    public void reloadConfigsWith(ConfigReloads reloads) {
        this.reloads = reloads;
    }

    /** Resolves config-provider placeholders: configurations reach connectors, tasks and validation resolved. */
    public WorkerConfigTransformer configTransformer() {
        return configTransformer;
    }

    /** The topics each connector's tasks used (KIP-558). */
    public ActiveTopics activeTopics() {
        return activeTopics;
    }

    /** Reads and changes connectors' offsets (KIP-875); the herder makes sure the connector is stopped first. */
    public ConnectorOffsetsService offsets() {
        return offsetsService;
    }

    /** The worker's metrics registry, where the herder's metrics go too. */
    public WorkerMetrics metrics() {
        return metrics;
    }

    /** Loads the offsets; call once before starting anything. */
    public void start() {
        offsets.start();
        LOG.info("Worker started");
    }

    /**
     * Starts a connector instance in {@code initialState}; {@code onStateChange} is told once the state is reached,
     * or the failure. A connector that cannot be loaded or started goes FAILED and does not affect the others.
     */
    public void startConnector(String name, Map<String, String> props, ConnectorRequests requests,
            StatusListener<String> listener, TargetState initialState, Consumer<Throwable> onStateChange) {
        if (connectors.containsKey(name)) {
            throw new ConnectException("Connector with name " + name + " already exists");
        }
        WorkerConnector connector;
        PluginDescriptor descriptor;
        WorkerConfigTransformer.Resolved resolved;
        PluginThreads connectorThreads = new PluginThreads(pluginGroups, "connector " + name);
        try {
            lingering.requireRoom(name);
            resolved = configTransformer.resolve(props);
            ConnectorConfig config = new ConnectorConfig(resolved.data());
            PluginClass<Connector> plugin = registry.load(config.connectorClass(), Connector.class,
                    config.connectorVersion());
            descriptor = plugin.descriptor();
            exactlyOnce.requireDeliverable(name, plugin.type(), config.originals());
            Connector instance = plugin.newInstance();
            OffsetBackingStore offsetStore = instance instanceof SinkConnector ? null
                    : offsetStores.forConnector(config, plugin.type(), name);
            OffsetReader offsetReader = offsetStore == null ? null : OffsetReader.patient(offsetStore, codec, name);
            ConnectorMetrics instanceMetrics = new ConnectorMetrics(metrics, name, plugin.type().getName(),
                    instance instanceof SinkConnector ? "sink" : "source", descriptor.version());
            instanceMetrics.reportLingeringThreads(() -> lingering.count(name));
            connectorMetrics.put(name, instanceMetrics);
            connector = new WorkerConnector(name, instance, plugin.loader(), config.originals(), requests,
                    offsetStore, offsetReader, metrics.pluginMetrics(Map.of("connector", name)),
                    countMetrics.countingStartup(instanceMetrics.tracking(listener)), initialState, onStateChange,
                    connectorThreads, pluginCalls, afterPredecessor(name, connectorStops.of(name)));
        } catch (Throwable t) {
            LOG.error("Failed to start connector {}", name, t);
            removeConnectorMetrics(name);
            countMetrics.connectorStarted(false);
            listener.onFailure(name, t);
            onStateChange.accept(t);
            return;
        }
        connectors.put(name, connector);
        pluginUsage.connectorStarted(name, descriptor);
        reloadTimer.schedule(name, props, resolved.ttls(), () -> reloads.reloadConnector(name));
        connectorThreads.newThread(connector, "connector-thread-" + name).start();
        LOG.info("Finished creating connector {}", name);
    }

    /**
     * What a connector instance waits for on its own thread before its plugin is initialized: its predecessor stopped
     * or abandoned, then room for the threads the connector's stopped instances and tasks left, counted by then.
     */
    private Runnable afterPredecessor(String name, CompletableFuture<Void> predecessorStopped) {
        return () -> {
            if (!predecessorStopped.isDone()) {
                LOG.info("Connector {} waits for its previous instance to stop", name);
                try {
                    PendingStops.await(predecessorStopped);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("Connector " + name + " was interrupted waiting for its previous "
                            + "instance to stop", e);
                }
            }
            lingering.requireRoom(name);
        };
    }

    public boolean isRunning(String name) {
        WorkerConnector connector = connectors.get(name);
        return connector != null && connector.isRunning();
    }

    public Set<String> connectorNames() {
        return Set.copyOf(connectors.keySet());
    }

    /**
     * The running connector's task configurations, each with {@code task.class} and, for sinks, the connector's
     * {@code topics} or {@code topics.regex}, as Kafka Connect hands them to tasks.
     */
    public List<Map<String, String>> connectorTaskConfigs(String name, ConnectorConfig config) {
        WorkerConnector connector = connectors.get(name);
        if (connector == null) {
            throw new ConnectException("Connector " + name + " not found in this worker.");
        }
        List<Map<String, String>> generated = pluginCalls.call(connector.threads(), "taskConfigs()",
                () -> connector.taskConfigs(config.tasksMax()));
        return TaskConfigs.asHandedToTasks(name, connector, config, generated);
    }

    /** Pauses, resumes or stops a connector instance, and pauses or resumes its tasks. */
    public void setTargetState(String name, TargetState state, Consumer<Throwable> callback) {
        LOG.info("Setting connector {} state to {}", name, state);
        WorkerConnector connector = connectors.get(name);
        if (connector != null) {
            connector.transitionTo(state, callback);
        } else {
            callback.accept(null);
        }
        if (state != TargetState.STOPPED) {
            starts.retarget(name, state);
        }
    }

    private void removeConnectorMetrics(String name) {
        Optional.ofNullable(connectorMetrics.remove(name)).ifPresent(ConnectorMetrics::close);
    }

    /**
     * Stops a connector instance without waiting for it (a restart, a new configuration, a delete): it reports
     * nothing more, since the caller reports for it (RESTARTING, deleted, or its successor's state). Its next instance
     * waits, on its own thread, until it has stopped or been abandoned ({@value InstanceStops#PATIENCE_MS} ms at most),
     * so that the herder never does: a hung instance costs only its own connector.
     */
    public void stopConnector(String name) {
        stopConnectors(List.of(name), InstanceStops.PATIENCE_MS, true);
    }

    public void stopAndAwaitConnector(String name) {
        stopAndAwaitConnectors(List.of(name));
    }

    /**
     * Stops connector instances, giving them together {@value #CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS} ms, and waits
     * until each has stopped or been abandoned, {@value InstanceStops#PATIENCE_MS} ms at most: for a caller that must
     * not go on before (a rebalance's revocation, a plugin's withdrawal).
     */
    public void stopAndAwaitConnectors(Collection<String> names) {
        stopConnectors(names, InstanceStops.PATIENCE_MS, false).join();
    }

    private CompletableFuture<Void> stopConnectors(Collection<String> names, long patienceMs, boolean silenced) {
        List<InstanceStops.Stopping> stopping = new ArrayList<>();
        for (String name : names) {
            reloadTimer.cancel(name);
            WorkerConnector connector = connectors.remove(name);
            pluginUsage.connectorStopped(name);
            removeConnectorMetrics(name);
            if (connector != null) {
                LOG.info("Stopping connector {}", name);
                if (silenced) {
                    connector.cancel();
                }
                connector.shutdown();
                stopping.add(new StoppingConnector(name, connector));
            }
        }
        CompletableFuture<Void> stopped = stops.stop(stopping, CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS, patienceMs);
        stopping.forEach(instance -> connectorStops.add(instance.connector(), stopped));
        return stopped;
    }

    /**
     * Starts a task: loads its plugin and resolves its configuration here, then assembles it (its converters',
     * transformations' and predicates' {@code configure()}) and runs it on a thread of its own group, so that the
     * caller (the herder) never waits on plugin code. False if the first part failed; a failed assembly, later, is
     * reported likewise: the task is FAILED with the reason. Tasks run on this worker whether or not their connector
     * instance does, as in distributed mode.
     */
    public boolean startTask(ConnectorTaskId id, Map<String, String> connectorProps, Map<String, String> taskProps,
            StatusListener<ConnectorTaskId> listener, TargetState initialState) {
        starts.requireAbsent(id);
        LOG.info("Creating task {}", id);
        ConnectorConfig config;
        Map<String, String> taskConfig;
        PluginClass<Connector> plugin;
        TaskPlugins plugins;
        PluginThreads threadsOfTask;
        Map<String, Long> ttls = new HashMap<>();
        try {
            lingering.requireRoom(id.connector());
            WorkerConfigTransformer.Resolved resolvedConnector = configTransformer.resolve(connectorProps);
            WorkerConfigTransformer.Resolved resolvedTask = configTransformer.resolve(taskProps);
            ttls.putAll(resolvedConnector.ttls());
            resolvedTask.ttls().forEach((path, ttl) -> ttls.merge(path, ttl, Math::min));
            config = new ConnectorConfig(resolvedConnector.data());
            taskConfig = Map.copyOf(resolvedTask.data());
            plugin = registry.load(config.connectorClass(), Connector.class, config.connectorVersion());
            exactlyOnce.requireDeliverable(id.connector(), plugin.type(), config.originals());
            TaskFactory.requireTaskClass(taskConfig, plugin.loader());
            plugins = new TaskPlugins(registry, plugin.descriptor());
            threadsOfTask = new PluginThreads(pluginGroups, "task " + id);
        } catch (Throwable t) {
            LOG.error("Failed to start task {}", id, t);
            countMetrics.taskStarted(false);
            listener.onFailure(id, t);
            return false;
        }
        TaskStarts.Assembly assembly = starts.begin(id, threadsOfTask, initialState, taskStops.of(id));
        pluginUsage.taskStarted(id, plugin.descriptor(), plugins::locations);
        PluginThreads threadsOfAssembly = threadsOfTask;
        threadsOfTask.newThread(() -> starts.assembleAndRun(assembly, () -> {
            lingering.requireRoom(id.connector()); // again, now that the previous generation's threads are counted
            WorkerTask task = taskFactory.create(id, config, taskConfig, plugin.type(), plugin.descriptor().version(),
                    plugin.loader(), plugins, countMetrics.countingTaskStartup(listener), initialState,
                    threadsOfAssembly);
            task.trackTopics(activeTopics.tracker(id.connector()));
            return task;
        }, task -> {
            task.metrics().ifPresent(metricsOfTask -> taskMetrics.put(id, metricsOfTask));
            countMetrics.taskAdded(id.connector());
            reloadTimer.schedule(id, connectorProps, ttls, () -> reloads.reloadTask(id));
            taskThreads.put(id, threadsOfAssembly);
            if (task instanceof WorkerSourceTask sourceTask) {
                committer.schedule(sourceTask);
            }
        }, failure -> {
            LOG.error("Failed to start task {}", id, failure);
            pluginUsage.taskStopped(id);
            stops.assemblyFailed(id.connector(), threadsOfAssembly);
            countMetrics.taskStarted(false);
            listener.onFailure(id, failure);
        }), "task-thread-" + id).start();
        return true;
    }

    /**
     * The connectors whose instance or tasks run on classes of the plugin at {@code location} (their connector, or a
     * converter, header converter, transformation or predicate of a task): what must stop before that plugin's
     * bundle is updated or removed.
     */
    public Set<String> connectorsUsing(String location) {
        return pluginUsage.connectorsUsing(location);
    }

    /** The version of the plugin the running connector instance was created from; empty when it is not running. */
    public Optional<String> connectorVersion(String name) {
        return pluginUsage.connectorVersion(name);
    }

    /** The version of the connector plugin the running task was created from; empty when it is not running. */
    public Optional<String> taskVersion(ConnectorTaskId id) {
        return pluginUsage.taskVersion(id);
    }

    /**
     * Why a connector with these (unresolved) settings could not start now for want of a plugin (its connector, or a
     * converter, transformation or predicate, in the version asked for), or empty when every one can be loaded.
     */
    public Optional<String> missingPlugin(Map<String, String> connectorProps) {
        try {
            return requiredPlugins.missing(new ConnectorConfig(configTransformer.transform(connectorProps)));
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** The tasks of this worker: running, or being assembled. */
    public Set<ConnectorTaskId> taskIds() {
        return starts.ids();
    }

    /**
     * Stops tasks without waiting for them (a restart, new task configurations, a delete): they report nothing more,
     * since the caller reports for them. The next generation of each waits, on its own thread, until it has stopped
     * (its final offset commit made) or been abandoned ({@value InstanceStops#PATIENCE_MS} ms at most: its status no
     * longer reported, a source task's producer closed), so that the herder never does.
     */
    public void stopTasks(Collection<ConnectorTaskId> ids) {
        stopTasks(ids, InstanceStops.PATIENCE_MS, true);
    }

    /**
     * Stops tasks, giving them together {@code task.shutdown.graceful.timeout.ms}, and waits until each has stopped or
     * been abandoned, {@value InstanceStops#PATIENCE_MS} ms at most (those still running then are cancelled: their
     * status no longer reported, a source task's producer closed): for a caller that must not go on before (a
     * rebalance's revocation, a plugin's withdrawal).
     */
    public void stopAndAwaitTasks(Collection<ConnectorTaskId> ids) {
        stopTasks(ids, InstanceStops.PATIENCE_MS, false).join();
    }

    private CompletableFuture<Void> stopTasks(Collection<ConnectorTaskId> ids, long patienceMs, boolean silenced) {
        List<StoppingTask> stopping = new ArrayList<>();
        List<InstanceStops.Stopping> all = new ArrayList<>();
        List<ConnectorTaskId> stoppedIds = new ArrayList<>();
        for (ConnectorTaskId id : ids) {
            int assemblies = all.size();
            WorkerTask task = starts.stop(id, all::add);
            reloadTimer.cancel(id);
            pluginUsage.taskStopped(id);
            if (task != null) {
                LOG.info("Stopping task {}", id);
                committer.remove(id);
                if (silenced) {
                    task.silence();
                }
                task.stop();
                stopping.add(new StoppingTask(task, taskThreads.remove(id)));
            }
            if (task != null || all.size() > assemblies) {
                stoppedIds.add(id);
            }
        }
        all.addAll(stopping);
        CompletableFuture<Void> stopped = stops.stop(all, settings.taskShutdownGracefulTimeoutMs(), patienceMs)
                .handle((ignored, error) -> {
                    if (error != null) {
                        LOG.warn("Waiting for tasks {} to stop failed", stoppedIds, error);
                    }
                    // Once stopped or abandoned: their next generation registers its own metrics after this.
                    for (StoppingTask stoppedTask : stopping) {
                        WorkerTask task = stoppedTask.task();
                        task.removeMetrics();
                        taskMetrics.remove(task.id());
                        synchronized (starts) {
                            countMetrics.taskRemoved(task.id().connector());
                        }
                    }
                    return null;
                });
        stoppedIds.forEach(id -> taskStops.add(id, stopped));
        return stopped;
    }

    /**
     * Waits until the connector's instance and tasks that were stopped on this worker have stopped or been abandoned
     * ({@value InstanceStops#PATIENCE_MS} ms at most each): a change of its offsets must not be overwritten by the
     * final commit of a task still stopping.
     */
    public void awaitStopsOf(String connector) {
        CompletableFuture.allOf(connectorStops.ofAll(connector::equals),
                taskStops.ofAll(id -> id.connector().equals(connector))).join();
    }

    /**
     * Stops every task and connector instance, in parallel so that the whole takes at most the longer of their
     * timeouts (the launcher gives the platform 10 s), then the offset storage.
     */
    @Override
    public void close() {
        LOG.info("Worker stopping");
        // The worker is going away: it waits the whole graceful time, for offsets to be committed.
        CompletableFuture<Void> connectorsStopped = stopConnectors(connectorNames(),
                CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS, false);
        stallWatch.close();
        stopTasks(taskIds(), settings.taskShutdownGracefulTimeoutMs(), false).join();
        connectorsStopped.join();
        // Stops asked for earlier without waiting: each settles within the patience.
        CompletableFuture.allOf(connectorStops.ofAll(name -> true), taskStops.ofAll(id -> true)).join();
        committer.close();
        reloadTimer.close();
        configTransformer.close();
        offsets.stop();
        countMetrics.close();
        metrics.close();
        threads.shutdownNow();
        LOG.info("Worker stopped");
    }
}

package io.fluxgate.runtime.standalone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.herder.TaskInfo;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ConnectorConfigDefs;
import io.fluxgate.runtime.config.ConnectorValidator;
import io.fluxgate.runtime.config.PluginConfigDescriber;
import io.fluxgate.runtime.herder.ConfigStore;
import io.fluxgate.runtime.herder.OffsetRequests;
import io.fluxgate.runtime.herder.StatusStore;
import io.fluxgate.runtime.worker.ConnectorRequests;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerConfigTransformer;

/**
 * The control plane of a standalone worker, as Kafka Connect's {@code StandaloneHerder}: connector configurations
 * and statuses in memory, every change applied on one herder thread, in order, by asking the {@link Worker} to start
 * or stop connector instances and tasks. Reads answer at once from the stores.
 */
public final class StandaloneHerder implements Herder, ConnectorRequests, PluginListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneHerder.class);
    /** The registry waits for the stop of what runs on a withdrawn plugin; past this, the deployment goes on. */
    private static final long PLUGIN_WITHDRAWAL_TIMEOUT_MS = 60_000;

    private final Worker worker;
    private final ConnectorValidator validator;
    private final PluginRegistry registry;
    private final PluginConfigDescriber pluginConfigs;
    private final ConfigStore configs = new ConfigStore();
    private final StatusStore statuses;
    private final ExecutorService herderThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fluxgate-standalone-herder");
        thread.setDaemon(true);
        return thread;
    });
    /** Validations and offset reads: they call into plugins or Kafka and must not hold up the herder thread. */
    private final ExecutorService requestThreads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fluxgate-herder-request");
        thread.setDaemon(true);
        return thread;
    });

    private final PluginLifecycle pluginLifecycle = new PluginLifecycle(new HerderConnectors());

    public StandaloneHerder(Worker worker, ConnectorValidator validator, PluginRegistry registry, String workerId) {
        this.worker = worker;
        this.validator = validator;
        this.registry = registry;
        this.pluginConfigs = new PluginConfigDescriber(registry);
        this.statuses = new StatusStore(workerId);
    }

    // ---- reads

    @Override
    public List<String> connectors() {
        return configs.names();
    }

    @Override
    public ConnectorInfo connectorInfo(String connector) {
        ConfigStore.Entry entry = entry(connector);
        return new ConnectorInfo(connector, entry.config(), taskIds(connector, entry), type(entry.config()));
    }

    @Override
    public Map<String, String> connectorConfig(String connector) {
        return entry(connector).config();
    }

    @Override
    public List<TaskInfo> taskConfigs(String connector) {
        ConfigStore.Entry entry = entry(connector);
        List<TaskInfo> result = new ArrayList<>();
        for (int i = 0; i < entry.taskConfigs().size(); i++) {
            result.add(new TaskInfo(new ConnectorTaskId(connector, i), entry.taskConfigs().get(i)));
        }
        return result;
    }

    @Override
    public ConnectorStateInfo connectorStatus(String connector) {
        ConfigStore.Entry entry = configs.get(connector)
                .orElseThrow(() -> new HerderException(404, "No status found for connector " + connector));
        String version = version(entry.config());
        InstanceState state = withVersion(statuses.connector(connector)
                .orElse(new InstanceState(State.UNASSIGNED, statuses.workerId(), null, null)),
                worker.connectorVersion(connector).orElse(version));
        Map<Integer, InstanceState> tasks = new HashMap<>();
        statuses.tasks(connector).forEach((task, status) -> tasks.put(task, withVersion(status,
                worker.taskVersion(new ConnectorTaskId(connector, task)).orElse(version))));
        return new ConnectorStateInfo(connector, state, tasks, type(entry.config()));
    }

    @Override
    public InstanceState taskStatus(ConnectorTaskId task) {
        InstanceState status = statuses.task(task)
                .orElseThrow(() -> new HerderException(404, "No status found for task " + task));
        return withVersion(status, worker.taskVersion(task).orElseGet(() -> configs.get(task.connector())
                .map(e -> version(e.config())).orElse(null)));
    }

    // ---- changes, applied in order on the herder thread

    /** As Kafka Connect's standalone herder: task configurations come only from the connectors it runs. */
    @Override
    public CompletionStage<Void> putTaskConfigs(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature) {
        return CompletableFuture.failedFuture(new HerderException(500,
                "Kafka Connect in standalone mode does not support externally setting task configurations."));
    }

    @Override
    public CompletionStage<PutResult> putConnectorConfig(String connector, Map<String, String> config,
            TargetState initialState, boolean allowReplace) {
        return onHerderThread(() -> {
            Map<String, String> props = withName(connector, config);
            validator.validate(worker.configTransformer().transform(props)).throwIfInvalid();
            boolean exists = configs.contains(connector);
            if (exists && !allowReplace) {
                throw HerderException.connectorExists(connector);
            }
            if (exists) {
                // As Kafka: the tasks are replaced once the restarted connector generates their new configurations
                // (a paused or failed connector keeps its current tasks until then).
                LOG.info("Reconfiguring connector {}", connector);
                worker.stopAndAwaitConnector(connector);
            }
            configs.putConfig(connector, props, exists ? null : initialState);
            boolean created = !exists;
            return startConnector(connector).thenApply(ignored -> new PutResult(created, connectorInfo(connector)));
        }).thenCompose(result -> result);
    }

    @Override
    public CompletionStage<Void> deleteConnector(String connector) {
        return onHerderThread(() -> {
            entry(connector);
            stopTasks(connector);
            worker.stopAndAwaitConnector(connector);
            configs.remove(connector);
            statuses.remove(connector);
            worker.activeTopics().remove(connector);
            pluginLifecycle.forget(connector);
            LOG.info("Deleted connector {}", connector);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> pauseConnector(String connector) {
        return changeTargetState(connector, TargetState.PAUSED);
    }

    @Override
    public CompletionStage<Void> resumeConnector(String connector) {
        return changeTargetState(connector, TargetState.STARTED);
    }

    /** KIP-875: the connector instance stops and its tasks go away; its configuration and offsets stay. */
    @Override
    public CompletionStage<Void> stopConnector(String connector) {
        return onHerderThread(() -> {
            entry(connector);
            stopTasks(connector);
            configs.putTaskConfigs(connector, List.of());
            configs.putTargetState(connector, TargetState.STOPPED);
            worker.setTargetState(connector, TargetState.STOPPED, error -> { });
            return null;
        });
    }

    @Override
    public CompletionStage<Void> restartConnector(String connector) {
        return onHerderThread(() -> {
            entry(connector);
            worker.stopAndAwaitConnector(connector);
            statuses.put(connector, State.RESTARTING);
            return startConnector(connector);
        }).thenCompose(started -> started.thenApply(ignored -> null));
    }

    @Override
    public CompletionStage<Void> restartTask(ConnectorTaskId task) {
        return onHerderThread(() -> {
            ConfigStore.Entry entry = entry(task.connector());
            if (task.task() < 0 || task.task() >= entry.taskConfigs().size()) {
                throw HerderException.taskNotFound(task);
            }
            worker.stopAndAwaitTasks(List.of(task));
            statuses.put(task, State.RESTARTING);
            if (!worker.startTask(task, entry.config(), entry.taskConfigs().get(task.task()),
                    statuses.taskListener(), taskTargetState(entry))) {
                throw new HerderException(500, "Failed to start task: " + task);
            }
            return null;
        });
    }

    @Override
    public void requestTaskReconfiguration(String connector) {
        later(() -> {
            try {
                updateConnectorTasks(connector);
            } catch (RuntimeException e) {
                LOG.error("Failed to reconfigure the tasks of connector {}", connector, e);
            }
        });
    }

    @Override
    public CompletionStage<ConfigInfos> validateConnectorConfig(Map<String, String> config) {
        return onRequestThread(() -> validator.validate(worker.configTransformer().transform(config)).infos());
    }

    @Override
    public List<ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        return pluginConfigs.describe(plugin, version);
    }

    @Override
    public CompletionStage<ConnectorOffsets> connectorOffsets(String connector) {
        return onRequestThread(() -> worker.offsets().offsets(connector, resolvedConfig(entry(connector))));
    }

    @Override
    public CompletionStage<String> alterConnectorOffsets(String connector, ConnectorOffsets offsets) {
        // On the herder thread: no resume can start the connector's tasks while its offsets change.
        return onHerderThread(() -> {
            ConfigStore.Entry entry = entry(connector);
            OffsetRequests.requireStopped(connector, entry);
            return worker.offsets().alter(connector, resolvedConfig(entry), offsets);
        });
    }

    @Override
    public CompletionStage<String> resetConnectorOffsets(String connector) {
        return onHerderThread(() -> {
            ConfigStore.Entry entry = entry(connector);
            OffsetRequests.requireStopped(connector, entry);
            return worker.offsets().reset(connector, resolvedConfig(entry));
        });
    }

    /** As Kafka Connect: an unknown connector simply has no topics. */
    @Override
    public List<String> connectorActiveTopics(String connector) {
        if (!worker.activeTopics().enabled()) {
            throw new HerderException(403, "Topic tracking is disabled.");
        }
        return worker.activeTopics().topics(connector);
    }

    @Override
    public void resetConnectorActiveTopics(String connector) {
        if (!worker.activeTopics().enabled()) {
            throw new HerderException(403, "Topic tracking is disabled.");
        }
        if (!worker.activeTopics().resettable()) {
            throw new HerderException(403, "Topic tracking reset is disabled.");
        }
        worker.activeTopics().reset(connector);
    }

    /** Stops every connector and task, committing what can be; the offsets are flushed by then. */
    /**
     * Stops what runs on plugin classes about to be withdrawn, before returning (the registry discards them after),
     * and starts again what waited for a plugin that is now installed, without holding up the deployment.
     */
    @Override
    public void pluginsChanged(PluginEvent event) {
        CompletableFuture<Void> handled = onHerderThread(() -> {
            pluginLifecycle.handle(event);
            return null;
        });
        if (event.type() == PluginEvent.Type.UPDATING || event.type() == PluginEvent.Type.REMOVED) {
            try {
                handled.get(PLUGIN_WITHDRAWAL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.error("Connectors using the plugin at {} were not all stopped before it went away",
                        event.location(), e);
            }
        }
    }

    @Override
    public void close() {
        requestThreads.shutdownNow();
        herderThread.shutdown();
        try {
            if (!herderThread.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("Herder operations still running at shutdown are abandoned");
                herderThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
    }

    // ---- the work

    private CompletionStage<Void> changeTargetState(String connector, TargetState state) {
        return onHerderThread(() -> {
            entry(connector);
            configs.putTargetState(connector, state);
            worker.setTargetState(connector, state, error -> {
                if (state == TargetState.STARTED && error == null) {
                    requestTaskReconfiguration(connector); // tasks come back (after a stop) or are refreshed
                }
            });
            return null;
        });
    }

    /** Starts the connector instance; the stage completes once it reached its target state and has tasks. */
    private CompletableFuture<Void> startConnector(String connector) {
        ConfigStore.Entry entry = entry(connector);
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.startConnector(connector, entry.config(), this, statuses.connectorListener(), entry.targetState(),
                error -> {
                    boolean queued = later(() -> {
                        try {
                            if (error == null) {
                                updateConnectorTasks(connector);
                            }
                        } catch (RuntimeException e) {
                            LOG.error("Failed to create the tasks of connector {}", connector, e);
                        } finally {
                            done.complete(null); // a failed connector is reported in its status, not by the call
                        }
                    });
                    if (!queued) {
                        done.complete(null);
                    }
                });
        return done;
    }

    /** Generates the task configurations again and restarts the tasks if they (or the connector's) changed. */
    private void updateConnectorTasks(String connector) {
        ConfigStore.Entry entry = configs.get(connector).orElse(null);
        if (entry == null || !worker.isRunning(connector)) {
            LOG.info("Skipping update of connector {} since it is not running", connector);
            return;
        }
        List<Map<String, String>> generated;
        try {
            generated = worker.connectorTaskConfigs(connector, new ConnectorConfig(entry.config()));
        } catch (RuntimeException e) {
            LOG.error("Connector {} failed to generate task configurations", connector, e);
            statuses.connectorListener().onFailure(connector, e);
            return;
        }
        // Stored as the user wrote them: resolved secrets go back to their placeholders (Kafka's reverseTransform).
        generated = WorkerConfigTransformer.reverseTransform(entry.config(), generated);
        boolean unchanged = generated.equals(entry.taskConfigs()) && entry.config().equals(entry.appliedConfig())
                && worker.taskIds().containsAll(taskIds(connector, entry));
        if (unchanged) {
            LOG.debug("Skipping reconfiguration of connector {} as generated configs appear unchanged", connector);
            return;
        }
        stopTasks(connector);
        configs.putTaskConfigs(connector, generated);
        ConfigStore.Entry updated = entry(connector);
        for (int i = 0; i < generated.size(); i++) {
            worker.startTask(new ConnectorTaskId(connector, i), updated.config(), generated.get(i),
                    statuses.taskListener(), taskTargetState(updated));
        }
    }

    private void stopTasks(String connector) {
        List<ConnectorTaskId> ids = worker.taskIds().stream().filter(id -> id.connector().equals(connector))
                .toList();
        worker.stopAndAwaitTasks(ids);
        configs.get(connector).ifPresent(entry -> taskIds(connector, entry).forEach(statuses::remove));
        ids.forEach(statuses::remove);
    }

    private Map<String, String> resolvedConfig(ConfigStore.Entry entry) {
        return worker.configTransformer().transform(entry.config());
    }

    private static TargetState taskTargetState(ConfigStore.Entry entry) {
        return entry.targetState() == TargetState.PAUSED ? TargetState.PAUSED : TargetState.STARTED;
    }

    private ConfigStore.Entry entry(String connector) {
        return configs.get(connector).orElseThrow(() -> HerderException.connectorNotFound(connector));
    }

    private static List<ConnectorTaskId> taskIds(String connector, ConfigStore.Entry entry) {
        List<ConnectorTaskId> ids = new ArrayList<>();
        for (int i = 0; i < entry.taskConfigs().size(); i++) {
            ids.add(new ConnectorTaskId(connector, i));
        }
        return ids;
    }

    private static Map<String, String> withName(String connector, Map<String, String> config) {
        Map<String, String> props = new HashMap<>(config);
        String name = props.get(ConnectorConfigDefs.NAME);
        if (name != null && !name.equals(connector)) {
            throw new HerderException(400, "Connector name configuration (" + name + ") doesn't match connector "
                    + "name in the URL (" + connector + ")");
        }
        props.put(ConnectorConfigDefs.NAME, connector);
        return props;
    }

    private ConnectorType type(Map<String, String> config) {
        return plugin(config).map(p -> SinkConnector.class.isAssignableFrom(p.type()) ? ConnectorType.SINK
                : ConnectorType.SOURCE).orElse(ConnectorType.UNKNOWN);
    }

    private String version(Map<String, String> config) {
        return plugin(config).map(p -> p.descriptor().version()).orElse(null);
    }

    private Optional<PluginClass<Connector>> plugin(Map<String, String> config) {
        try {
            return Optional.of(registry.load(config.get(ConnectorConfigDefs.CONNECTOR_CLASS),
                    Connector.class, config.get(ConnectorConfigDefs.CONNECTOR_VERSION)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The herder's side of {@link PluginLifecycle}, called on the herder thread. */
    private final class HerderConnectors implements PluginLifecycle.Connectors {
        @Override
        public Set<String> using(String location) {
            return worker.connectorsUsing(location);
        }

        @Override
        public boolean wantsToRun(String connector) {
            return configs.get(connector).map(e -> e.targetState() != TargetState.STOPPED).orElse(false);
        }

        @Override
        public boolean pluginInstalled(String connector) {
            return configs.get(connector).map(e -> worker.missingPlugin(e.config()).isEmpty()).orElse(false);
        }

        @Override
        public void stop(String connector) {
            stopTasks(connector);
            worker.stopAndAwaitConnector(connector);
        }

        @Override
        public void markRestarting(String connector) {
            statuses.put(connector, State.RESTARTING);
        }

        @Override
        public void markFailed(String connector, Throwable reason) {
            statuses.connectorListener().onFailure(connector, reason);
            configs.get(connector).ifPresent(entry -> taskIds(connector, entry)
                    .forEach(task -> statuses.taskListener().onFailure(task, reason)));
        }

        @Override
        public void start(String connector) {
            startConnector(connector);
        }
    }

    private static InstanceState withVersion(InstanceState state, String version) {
        return new InstanceState(state.state(), state.workerId(), state.trace(), version);
    }

    /** Queues work for the herder thread (called from connector threads); false once the herder is closed. */
    private boolean later(Runnable work) {
        try {
            herderThread.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            LOG.debug("Herder closed: dropping a request", e);
            return false;
        }
    }

    private <T> CompletableFuture<T> onRequestThread(Supplier<T> request) {
        try {
            return CompletableFuture.supplyAsync(request, requestThreads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new HerderException(503, "The worker is shutting down"));
        }
    }

    private <T> CompletableFuture<T> onHerderThread(Supplier<T> operation) {
        try {
            return CompletableFuture.supplyAsync(operation, herderThread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new HerderException(503, "The worker is shutting down"));
        }
    }
}

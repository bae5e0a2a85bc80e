package io.fluxgate.runtime.standalone;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.runtime.config.ConnectorValidator;
import io.fluxgate.runtime.herder.ConnectorEntry;
import io.fluxgate.runtime.herder.ConnectorPlugins;
import io.fluxgate.runtime.herder.ConnectorReads;
import io.fluxgate.runtime.herder.HerderCore;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.herder.LocalRequests;
import io.fluxgate.runtime.herder.MemoryConnectorConfigs;
import io.fluxgate.runtime.herder.MemoryStatusStore;
import io.fluxgate.runtime.herder.OffsetRequests;
import io.fluxgate.runtime.herder.PluginLifecycle;
import io.fluxgate.runtime.herder.SubmittedConfig;
import io.fluxgate.runtime.herder.TaskConfigGenerator;
import io.fluxgate.runtime.worker.ConfigReloads;
import io.fluxgate.runtime.worker.ConnectorRequests;
import io.fluxgate.runtime.worker.Worker;

/**
 * The control plane of a standalone worker, as Kafka Connect's {@code StandaloneHerder}: connector configurations
 * and statuses in memory, every change applied on one herder thread, in order, by asking the {@link Worker} to start
 * or stop connector instances and tasks. Reads, validations and offsets are the shared herder core's
 * ({@link ConnectorReads}, {@link LocalRequests}).
 */
public final class StandaloneHerder extends HerderCore implements ConnectorRequests, PluginListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneHerder.class);

    private final Worker worker;
    private final MemoryConnectorConfigs configs = new MemoryConnectorConfigs();
    private final MemoryStatusStore statuses;
    private final ConnectorReads reads;
    private final LocalRequests local;
    private final TaskConfigGenerator generator;
    private final HerderQueue queue = new HerderQueue(() -> { });
    private final Thread herderThread;
    private final PluginLifecycle pluginLifecycle = new PluginLifecycle(new HerderConnectors());
    private final LoggerLevels loggerLevels;
    /**
     * Where connectors' task configurations are generated: off the herder thread, so that a connector hung in
     * taskConfigs() (until fluxgate.connector.call.timeout.ms) holds neither the herder nor the requests queued behind.
     */
    private final ExecutorService generation = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "fluxgate-task-config-generation");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param loggerLevels the worker's logger levels, which a cluster-scoped change sets at once; null without a
     *                     logging backend that can change them
     */
    public StandaloneHerder(Worker worker, ConnectorValidator validator, PluginRegistry registry, String workerId,
            LoggerLevels loggerLevels) {
        this.worker = worker;
        this.loggerLevels = loggerLevels;
        this.statuses = new MemoryStatusStore(workerId);
        this.reads = new ConnectorReads(configs, statuses, worker, new ConnectorPlugins(registry), workerId);
        this.local = new LocalRequests(worker, validator, registry);
        this.generator = new TaskConfigGenerator(worker);
        worker.reloadConfigsWith(new ConfigReloads() {
            @Override
            public void reloadConnector(String connector) {
                restartConnector(connector).whenComplete((ignored, error) -> logReloadFailure(connector, error));
            }

            @Override
            public void reloadTask(ConnectorTaskId task) {
                restartTask(task).whenComplete((ignored, error) -> logReloadFailure(task, error));
            }
        });
        this.herderThread = new Thread(this::runQueue, "fluxgate-standalone-herder");
        herderThread.setDaemon(true);
        herderThread.start();
    }

    private static void logReloadFailure(Object instance, Throwable error) {
        if (error != null) {
            LOG.warn("Could not restart {} to reload its configuration: {}", instance, error.getMessage());
        }
    }

    private void runQueue() {
        try {
            while (!queue.closed() || !queue.isEmpty()) {
                queue.awaitAndRun(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- reads and local requests: HerderCore's, from these

    @Override
    protected ConnectorReads reads() {
        return reads;
    }

    @Override
    protected LocalRequests local() {
        return local;
    }

    // ---- changes, applied in order on the herder thread

    /** As Kafka Connect's standalone herder: task configurations come only from the connectors it runs. */
    /** As Kafka Connect's standalone herder: this worker is the whole cluster. */
    @Override
    public CompletionStage<Void> setClusterLoggerLevel(String namespace, String level) {
        if (loggerLevels != null) {
            loggerLevels.setLevel(namespace, level);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> fenceZombieSourceTasks(String connector, RequestSignature signature) {
        // Apache's standalone herder throws (500); the request asks what a standalone worker has not, hence 400.
        return CompletableFuture.failedFuture(new HerderException(400,
                "Kafka Connect in standalone mode does not support exactly-once source connectors."));
    }

    @Override
    public CompletionStage<Void> putTaskConfigs(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature) {
        return CompletableFuture.failedFuture(new HerderException(500,
                "Kafka Connect in standalone mode does not support externally setting task configurations."));
    }

    @Override
    public CompletionStage<PutResult> putConnectorConfig(String connector, Map<String, String> config,
            TargetState initialState, boolean allowReplace) {
        Map<String, String> props = SubmittedConfig.withName(connector, config);
        // Validated on a request thread, as in distributed mode: a connector whose validate() or config() hangs holds
        // that request only, never the herder, which goes on serving the other connectors.
        return local.requireValid(props).thenCompose(valid -> queue.submit(() -> {
            boolean exists = configs.contains(connector);
            if (exists && !allowReplace) {
                throw HerderException.connectorExists(connector);
            }
            if (exists) {
                // As Kafka: the tasks are replaced once the restarted connector generates their new configurations
                // (a paused or failed connector keeps its current tasks until then).
                LOG.info("Reconfiguring connector {}", connector);
                worker.stopConnector(connector);
            }
            configs.putConfig(connector, props, exists ? null : initialState);
            boolean created = !exists;
            // The answer is read on the herder's queue too: a DELETE of the same name, queued meanwhile by another
            // client, has then either not run yet or run completely (and the creation is answered as submitted).
            return startConnector(connector).thenCompose(ignored -> queue.submit(
                    () -> new PutResult(created, reads.connectorInfoOrSubmitted(connector, props))));
        })).thenCompose(result -> result);
    }

    @Override
    public CompletionStage<Void> deleteConnector(String connector) {
        return queue.submit(() -> {
            reads.entry(connector);
            stopTasks(connector);
            worker.stopConnector(connector);
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
        return queue.submit(() -> {
            reads.entry(connector);
            stopTasks(connector);
            configs.putTaskConfigs(connector, List.of());
            configs.putTargetState(connector, TargetState.STOPPED);
            worker.setTargetState(connector, TargetState.STOPPED, error -> { });
            return null;
        });
    }

    @Override
    public CompletionStage<Void> restartConnector(String connector) {
        return queue.submit(() -> {
            reads.entry(connector);
            worker.stopConnector(connector);
            statuses.put(connector, State.RESTARTING);
            return startConnector(connector);
        }).thenCompose(started -> started.thenApply(ignored -> null));
    }

    @Override
    public CompletionStage<Void> restartTask(ConnectorTaskId task) {
        return queue.submit(() -> {
            ConnectorEntry entry = reads.entry(task.connector());
            if (task.task() < 0 || task.task() >= entry.taskConfigs().size()) {
                throw HerderException.taskNotFound(task);
            }
            worker.stopTasks(List.of(task));
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
        queue.execute(() -> updateConnectorTasks(connector).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.error("Failed to reconfigure the tasks of connector {}", connector, error);
            }
        }));
    }

    @Override
    public CompletionStage<String> alterConnectorOffsets(String connector, ConnectorOffsets offsets) {
        // On the herder thread: no resume can start the connector's tasks while its offsets change.
        return queue.submit(() -> {
            ConnectorEntry entry = reads.entry(connector);
            OffsetRequests.requireStopped(connector, entry);
            worker.awaitStopsOf(connector);
            return worker.offsets().alter(connector, worker.configTransformer().transform(entry.config()), offsets);
        });
    }

    @Override
    public CompletionStage<String> resetConnectorOffsets(String connector) {
        return queue.submit(() -> {
            ConnectorEntry entry = reads.entry(connector);
            OffsetRequests.requireStopped(connector, entry);
            worker.awaitStopsOf(connector);
            return worker.offsets().reset(connector, worker.configTransformer().transform(entry.config()));
        });
    }

    /**
     * Stops what runs on plugin classes about to be withdrawn, before returning (the registry discards them after),
     * and starts again what waited for a plugin that is now installed, without holding up the deployment.
     */
    @Override
    public void pluginsChanged(PluginEvent event) {
        PluginLifecycle.awaitWithdrawal(event, queue.submit(() -> {
            pluginLifecycle.handle(event);
            return null;
        }));
    }

    /** Stops every connector and task, committing what can be; the offsets are flushed by then. */
    @Override
    public void close() {
        local.close();
        queue.close();
        generation.shutdownNow();
        try {
            herderThread.join(2_000);
            if (herderThread.isAlive()) {
                LOG.warn("Herder operations still running at shutdown are abandoned");
                herderThread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
    }

    // ---- the work

    private CompletionStage<Void> changeTargetState(String connector, TargetState state) {
        return queue.submit(() -> {
            reads.entry(connector);
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
        ConnectorEntry entry = reads.entry(connector);
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.startConnector(connector, entry.config(), this, statuses.connectorListener(), entry.targetState(),
                error -> {
                    boolean queued = queue.execute(() -> {
                        CompletableFuture<Void> tasks = error == null ? updateConnectorTasks(connector)
                                : CompletableFuture.completedFuture(null);
                        tasks.whenComplete((ignored, failure) -> {
                            if (failure != null) {
                                LOG.error("Failed to create the tasks of connector {}", connector, failure);
                            }
                            done.complete(null); // a failed connector is reported in its status, not by the call
                        });
                    });
                    if (!queued) {
                        done.complete(null);
                    }
                });
        return done;
    }

    /**
     * Generates the task configurations again, off the herder thread, then (back on it) restarts the tasks if they
     * (or the connector's) changed; on the herder thread.
     */
    private CompletableFuture<Void> updateConnectorTasks(String connector) {
        ConnectorEntry entry = configs.get(connector).orElse(null);
        if (entry == null) {
            return CompletableFuture.completedFuture(null);
        }
        boolean tasksRunning = generator.allTasksRunning(connector, entry);
        return CompletableFuture.supplyAsync(() -> generator.regenerate(connector, entry,
                statuses.connectorListener(), tasksRunning), generation)
                .thenCompose(generated -> generated.isEmpty() ? CompletableFuture.completedFuture(null)
                        : queue.submit(() -> {
                            replaceTasks(connector, entry, generated.get());
                            return null;
                        }));
    }

    /** Replaces the connector's tasks, unless its configuration changed since {@code generatedFrom} was read. */
    private void replaceTasks(String connector, ConnectorEntry generatedFrom, List<Map<String, String>> generated) {
        ConnectorEntry current = configs.get(connector).orElse(null);
        if (current == null || !current.config().equals(generatedFrom.config())
                || !current.taskConfigs().equals(generatedFrom.taskConfigs())) {
            return; // changed meanwhile: the change asks for its own generation
        }
        stopTasks(connector);
        configs.putTaskConfigs(connector, generated);
        ConnectorEntry updated = reads.entry(connector);
        for (int i = 0; i < generated.size(); i++) {
            worker.startTask(new ConnectorTaskId(connector, i), updated.config(), generated.get(i),
                    statuses.taskListener(), taskTargetState(updated));
        }
    }

    /** Stops the connector's tasks without waiting for them (their next generation does). */
    private void stopTasks(String connector) {
        List<ConnectorTaskId> ids = worker.taskIds().stream().filter(id -> id.connector().equals(connector))
                .toList();
        worker.stopTasks(ids);
        configs.get(connector).ifPresent(entry -> ConnectorReads.taskIds(connector, entry)
                .forEach(statuses::remove));
        ids.forEach(statuses::remove);
    }

    private static TargetState taskTargetState(ConnectorEntry entry) {
        return entry.targetState() == TargetState.PAUSED ? TargetState.PAUSED : TargetState.STARTED;
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
            worker.awaitStopsOf(connector); // the plugin's classes go once this returns
        }

        @Override
        public void markRestarting(String connector) {
            statuses.put(connector, State.RESTARTING);
        }

        @Override
        public void markFailed(String connector, Throwable reason) {
            statuses.connectorListener().onFailure(connector, reason);
            configs.get(connector).ifPresent(entry -> ConnectorReads.taskIds(connector, entry)
                    .forEach(task -> statuses.taskListener().onFailure(task, reason)));
        }

        @Override
        public void start(String connector) {
            startConnector(connector);
        }
    }
}

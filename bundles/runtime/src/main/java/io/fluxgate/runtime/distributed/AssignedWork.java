package io.fluxgate.runtime.distributed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.RebalanceListener;
import io.fluxgate.runtime.metrics.RebalanceMetrics;
import io.fluxgate.runtime.worker.ConnectorRequests;
import io.fluxgate.runtime.worker.Worker;

/**
 * The connectors and tasks the group gave this worker, and the worker's side of every change to them: revoked work
 * stops at once ({@link #onRevoked}, inside the group's poll), assigned work starts once the config topic has been
 * read as far as the assignment ({@link #startAssigned}), and what the config topic says about owned work (new
 * configurations, target states, restart requests, deletions) is applied to it. Everything runs on the herder thread;
 * what is started is kept here, so a connector that failed to start is not started again at every tick.
 */
final class AssignedWork implements RebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(AssignedWork.class);

    private final Worker worker;
    private final TopicStatuses statuses;
    private final ConnectorRequests requests;
    private final Set<String> connectors = new LinkedHashSet<>();
    private final Set<ConnectorTaskId> tasks = new LinkedHashSet<>();
    private volatile Assignment assignment;
    private volatile int generation = -1;
    private final RebalanceMetrics rebalances;

    AssignedWork(Worker worker, TopicStatuses statuses, ConnectorRequests requests) {
        this(worker, statuses, requests, null);
    }

    /** @param rebalances told when a rebalance starts (revocation) and completes (assignment); null: no one */
    AssignedWork(Worker worker, TopicStatuses statuses, ConnectorRequests requests, RebalanceMetrics rebalances) {
        this.rebalances = rebalances;
        this.worker = worker;
        this.statuses = statuses;
        this.requests = requests;
    }

    /** The last assignment, or null before the first or after the group was lost. */
    Assignment assignment() {
        return assignment;
    }

    int generation() {
        return generation;
    }

    boolean ownsConnector(String connector) {
        return connectors.contains(connector);
    }

    boolean ownsTask(ConnectorTaskId task) {
        return tasks.contains(task);
    }

    List<ConnectorTaskId> ownedTasks(String connector) {
        return tasks.stream().filter(task -> task.connector().equals(connector)).toList();
    }

    @Override
    public void onAssigned(Assignment assignment, int generation) {
        this.generation = generation;
        this.assignment = assignment;
        if (rebalances != null) {
            rebalances.rebalanceCompleted();
        }
        LOG.info("Joined group at generation {} with assignment: connectors {}, tasks {}; leader {}", generation,
                assignment.connectors(), assignment.tasks(), assignment.leaderUrl());
    }

    @Override
    public void onRevoked(String leaderId, Collection<String> revokedConnectors,
            Collection<ConnectorTaskId> revokedTasks) {
        if (rebalances != null) {
            rebalances.rebalanceStarted();
        }
        LOG.info("Stopping revoked connectors {} and tasks {}", revokedConnectors, revokedTasks);
        stop(revokedConnectors, revokedTasks);
        Assignment current = assignment;
        if (current != null && current.connectors().containsAll(revokedConnectors)
                && current.connectors().size() == revokedConnectors.size()
                && current.tasks().size() == revokedTasks.size() && current.tasks().containsAll(revokedTasks)) {
            assignment = null; // everything taken away: the group was lost or left
        }
    }

    /** Stops every owned connector and task (the worker stops, or lost the group). */
    void stopAll() {
        stop(List.copyOf(connectors), List.copyOf(tasks));
    }

    /**
     * Stops them and waits until each has stopped or been abandoned (one second at most): revoked work must not run
     * here once the worker rejoins, where another worker may start it.
     */
    private void stop(Collection<String> stoppedConnectors, Collection<ConnectorTaskId> stoppedTasks) {
        worker.stopAndAwaitTasks(stoppedTasks);
        worker.stopAndAwaitConnectors(stoppedConnectors);
        tasks.removeAll(stoppedTasks);
        connectors.removeAll(stoppedConnectors);
    }

    /**
     * Starts what the assignment gives and is not started yet; the caller has made sure that {@code snapshot} is at
     * least as recent as the assignment.
     */
    void startAssigned(ConfigSnapshot snapshot) {
        Assignment current = assignment;
        if (current == null || current.failed()) {
            return;
        }
        for (String connector : current.connectors()) {
            if (!connectors.contains(connector)) {
                startConnector(connector, snapshot);
            }
        }
        for (ConnectorTaskId task : current.tasks()) {
            if (!tasks.contains(task)) {
                startTask(task, snapshot);
            }
        }
    }

    /** Starts the connector instance; the stage completes once it has reached its target state. */
    CompletableFuture<Void> startConnector(String connector, ConfigSnapshot snapshot) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Map<String, String> config = snapshot.connectorConfig(connector);
        connectors.add(connector);
        if (config == null) {
            started.complete(null); // deleted meanwhile: the next rebalance takes it away
            return started;
        }
        TargetState target = snapshot.targetState(connector);
        worker.startConnector(connector, config, requests, statuses.connectorListener(), target, error -> {
            if (error == null && target == TargetState.STARTED) {
                requests.requestTaskReconfiguration(connector);
            }
            started.complete(null); // a failure is reported in the connector's status
        });
        return started;
    }

    boolean startTask(ConnectorTaskId task, ConfigSnapshot snapshot) {
        tasks.add(task);
        Map<String, String> connectorConfig = snapshot.connectorConfig(task.connector());
        Map<String, String> taskConfig = snapshot.taskConfig(task);
        if (connectorConfig == null || taskConfig == null) {
            LOG.warn("Not starting task {}: its configuration is not in the config topic read so far", task);
            return false;
        }
        TargetState target = snapshot.targetState(task.connector()) == TargetState.PAUSED ? TargetState.PAUSED
                : TargetState.STARTED;
        return worker.startTask(task, connectorConfig, taskConfig, statuses.taskListener(), target);
    }

    /** Applies config topic changes to the owned work, in topic order. */
    void apply(List<ConfigChanges.Change> changes, ConfigSnapshot snapshot) {
        for (ConfigChanges.Change change : changes) {
            if (change instanceof ConfigChanges.ConnectorRemoved removed) {
                removed(removed.connector());
            } else if (change instanceof ConfigChanges.ConnectorUpdated updated) {
                if (connectors.contains(updated.connector())) {
                    LOG.info("Restarting connector {} on its new configuration", updated.connector());
                    restartConnector(updated.connector(), snapshot);
                }
            } else if (change instanceof ConfigChanges.TargetStateChanged changed) {
                targetStateChanged(changed.connector(), snapshot);
            } else if (change instanceof ConfigChanges.TasksCommitted committed) {
                for (ConnectorTaskId task : committed.tasks()) {
                    if (tasks.contains(task)) {
                        restartTask(task, snapshot);
                    }
                }
            } else if (change instanceof ConfigChanges.RestartRequested restart) {
                restart(restart.request(), snapshot);
            }
        }
    }

    private void removed(String connector) {
        List<ConnectorTaskId> owned = ownedTasks(connector);
        boolean ownedConnector = connectors.contains(connector);
        if (owned.isEmpty() && !ownedConnector) {
            return;
        }
        LOG.info("Stopping deleted connector {} and its tasks {} here", connector, owned);
        // Without waiting for them: nothing of the connector starts again here, and they report nothing more.
        worker.stopTasks(owned);
        tasks.removeAll(owned);
        if (ownedConnector) {
            worker.stopConnector(connector);
            connectors.remove(connector);
        }
        worker.activeTopics().remove(connector);
        if (ownedConnector) {
            statuses.deleteConnector(connector);
        }
    }

    private void targetStateChanged(String connector, ConfigSnapshot snapshot) {
        TargetState state = snapshot.targetState(connector);
        if (state == null || !connectors.contains(connector) && ownedTasks(connector).isEmpty()) {
            return;
        }
        worker.setTargetState(connector, state, error -> {
            if (error == null && state == TargetState.STARTED && connectors.contains(connector)) {
                requests.requestTaskReconfiguration(connector); // tasks come back after a stop
            }
        });
    }

    /** The new instance waits, on its own thread, for the old one to stop: the herder goes on meanwhile. */
    CompletableFuture<Void> restartConnector(String connector, ConfigSnapshot snapshot) {
        worker.stopConnector(connector);
        connectors.remove(connector);
        statuses.putConnector(connector, State.RESTARTING);
        return startConnector(connector, snapshot);
    }

    /** The new generation waits, on its own thread, for the old one to stop: the herder goes on meanwhile. */
    boolean restartTask(ConnectorTaskId task, ConfigSnapshot snapshot) {
        worker.stopTasks(List.of(task));
        tasks.remove(task);
        statuses.putTask(task, State.RESTARTING);
        return startTask(task, snapshot);
    }

    /** KIP-745: restarts what the request names and this worker runs. */
    private void restart(RestartRequest request, ConfigSnapshot snapshot) {
        String connector = request.connector();
        if (connectors.contains(connector) && (!request.onlyFailed() || failed(statuses.connector(connector)
                .map(s -> s.state()).orElse(null)))) {
            restartConnector(connector, snapshot);
        }
        if (request.includeTasks()) {
            for (ConnectorTaskId task : new ArrayList<>(ownedTasks(connector))) {
                if (!request.onlyFailed() || failed(statuses.task(task).map(s -> s.state()).orElse(null))) {
                    restartTask(task, snapshot);
                }
            }
        }
    }

    private static boolean failed(State state) {
        return state == State.FAILED;
    }

    /** What runs on the plugin is stopped but stays owned: {@link #startOwned} starts it again. */
    void stopOwned(String connector) {
        worker.stopAndAwaitTasks(ownedTasks(connector));
        worker.stopAndAwaitConnector(connector);
        worker.awaitStopsOf(connector); // the plugin's classes go once this returns
    }

    void startOwned(String connector, ConfigSnapshot snapshot) {
        if (connectors.contains(connector)) {
            startConnector(connector, snapshot);
        }
        for (ConnectorTaskId task : ownedTasks(connector)) {
            startTask(task, snapshot);
        }
    }

    void markOwned(String connector, State state, Throwable reason) {
        if (connectors.contains(connector)) {
            if (reason == null) {
                statuses.putConnector(connector, state);
            } else {
                statuses.connectorListener().onFailure(connector, reason);
            }
        }
        for (ConnectorTaskId task : ownedTasks(connector)) {
            if (reason != null) {
                statuses.taskListener().onFailure(task, reason);
            }
        }
    }
}

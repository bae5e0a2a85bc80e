package io.fluxgate.runtime.distributed;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.runtime.herder.ConnectorReads;
import io.fluxgate.runtime.herder.OffsetRequests;
import io.fluxgate.runtime.worker.Worker;

/**
 * The requests that change the cluster's configuration, which only the leader serves (it alone writes the config
 * topic), and the restarts, which only the worker running the connector or task serves. Each runs on the herder
 * thread; a worker that cannot serve one throws the {@link io.fluxgate.api.herder.ForwardRequestException} that sends
 * it where it can be served.
 */
final class LeaderRequests {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderRequests.class);

    private final ConfigStore store;
    private final ConnectorReads reads;
    private final GroupView group;
    private final AssignedWork work;
    private final Worker worker;
    private final Duration syncTimeout;

    LeaderRequests(ConfigStore store, ConnectorReads reads, GroupView group, AssignedWork work, Worker worker,
            Duration syncTimeout) {
        this.store = store;
        this.reads = reads;
        this.group = group;
        this.work = work;
        this.worker = worker;
        this.syncTimeout = syncTimeout;
    }

    PutResult putConnectorConfig(String connector, Map<String, String> config, TargetState initialState,
            boolean allowReplace) {
        group.requireLeader();
        boolean exists = store.snapshot().contains(connector);
        if (exists && !allowReplace) {
            throw HerderException.connectorExists(connector);
        }
        store.putConnectorConfig(connector, config, exists ? null : initialState);
        // Read back by the write; as submitted should a deletion have followed already.
        return new PutResult(!exists, reads.connectorInfoOrSubmitted(connector, config));
    }

    void deleteConnector(String connector) {
        group.requireLeader();
        reads.entry(connector);
        store.removeConnectorConfig(connector);
    }

    /** KIP-875, as Kafka Connect: no tasks first, then the STOPPED target state. */
    void stopConnector(String connector) {
        group.requireLeader();
        reads.entry(connector);
        store.putTaskConfigs(connector, List.of());
        store.putTargetState(connector, TargetState.STOPPED);
        refresh();
    }

    /**
     * Writes task configurations a follower generated, when they come from the connector's current configuration:
     * those of an older generation (a follower that has not restarted the connector yet, or a captured request
     * replayed) are refused with 409, and the follower generates them again from the new one.
     *
     * @param generation the generation of the configuration they were generated from; empty when unknown (a worker
     *                   of Apache Kafka Connect, when the cluster accepts them)
     */
    void putTaskConfigs(String connector, List<Map<String, String>> taskConfigs, OptionalLong generation) {
        group.requireLeader();
        reads.entry(connector);
        if (generation.isPresent()) {
            long current = store.snapshot().configGeneration(connector);
            if (generation.getAsLong() > current) {
                refresh(); // the follower read a newer configuration than this leader has yet
                current = store.snapshot().configGeneration(connector);
            }
            if (generation.getAsLong() != current) {
                throw new HerderException(409, "The task configurations of connector " + connector + " were "
                        + "generated from generation " + generation.getAsLong() + " of its configuration, not from "
                        + "the current one (" + current + "): refused.");
            }
        }
        LOG.info("Writing the {} task configuration(s) of connector {} a follower handed over", taskConfigs.size(),
                connector);
        store.putTaskConfigs(connector, taskConfigs);
    }

    /** KIP-745: the leader writes the request; each worker restarts what it runs. Answers with the plan. */
    ConnectorStateInfo restartConnectorAndTasks(String connector, boolean onlyFailed, boolean includeTasks) {
        group.requireLeader();
        reads.entry(connector);
        ConnectorStateInfo before = reads.connectorStatus(connector);
        boolean restartConnector = !onlyFailed || before.connector().state() == State.FAILED;
        Map<Integer, InstanceState> planned = new HashMap<>();
        before.tasks().forEach((task, state) -> planned.put(task,
                includeTasks && (!onlyFailed || state.state() == State.FAILED) ? state.restarting() : state));
        store.putRestartRequest(new RestartRequest(connector, onlyFailed, includeTasks));
        return new ConnectorStateInfo(connector, restartConnector ? before.connector().restarting()
                : before.connector(), planned, before.type());
    }

    String alterConnectorOffsets(String connector, ConnectorOffsets offsets) {
        group.requireLeader();
        refresh();
        Map<String, String> config = stoppedConfig(connector);
        worker.awaitStopsOf(connector); // those of its tasks that stopped here
        return worker.offsets().alter(connector, worker.configTransformer().transform(config), offsets);
    }

    String resetConnectorOffsets(String connector) {
        group.requireLeader();
        refresh();
        Map<String, String> config = stoppedConfig(connector);
        worker.awaitStopsOf(connector);
        return worker.offsets().reset(connector, worker.configTransformer().transform(config));
    }

    /** Restarts the connector instance if it runs here; completes once it is back in its target state. */
    CompletableFuture<Void> restartConnector(String connector) {
        reads.entry(connector);
        if (!work.ownsConnector(connector)) {
            throw group.notOwner(connector);
        }
        return work.restartConnector(connector, store.snapshot());
    }

    void restartTask(ConnectorTaskId task) {
        if (task.task() < 0 || task.task() >= reads.entry(task.connector()).taskConfigs().size()) {
            throw HerderException.taskNotFound(task);
        }
        if (!work.ownsTask(task)) {
            throw group.notOwner(task);
        }
        if (!work.restartTask(task, store.snapshot())) {
            throw new HerderException(500, "Failed to start task: " + task);
        }
    }

    private Map<String, String> stoppedConfig(String connector) {
        var entry = reads.entry(connector);
        OffsetRequests.requireStopped(connector, entry);
        return entry.config();
    }

    private void refresh() {
        try {
            store.refresh(syncTimeout);
        } catch (TimeoutException e) {
            throw new HerderException(500, "Failed to read to the end of the config topic within "
                    + syncTimeout.toMillis() + " ms");
        }
    }
}

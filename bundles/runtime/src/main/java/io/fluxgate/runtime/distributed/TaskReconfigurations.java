package io.fluxgate.runtime.distributed;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.herder.TaskConfigGenerator;

/**
 * Generates a connector's tasks again, as Kafka Connect's {@code DistributedHerder.reconfigureConnectorTasksWithRetry}:
 * for a connector this worker still owns and that is not STOPPED, off the herder thread; the leader writes the task
 * configurations to the config topic, a follower hands them to the leader ({@link TaskConfigHandoff}). An unchanged
 * set of tasks is not written. A write or hand-off that fails, or a follower that knows no leader yet, is tried again
 * later, backing off from {@value #RETRY_MS} ms up to {@value #MAX_RETRY_MS} ms.
 */
final class TaskReconfigurations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskReconfigurations.class);
    static final long RETRY_MS = 500;
    static final long MAX_RETRY_MS = 10_000;

    private final ConfigStore configs;
    private final TaskConfigGenerator generator;
    private final TaskConfigHandoff handoff;
    private final TopicStatuses statuses;
    private final GroupView group;
    private final AssignedWork work;
    private final ReconfigurationRequests requests;
    private final HerderQueue queue;
    /** Where connectors' taskConfigs() run: off the herder thread. */
    private final ExecutorService generation = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "fluxgate-task-config-generation");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fluxgate-herder-retry");
        thread.setDaemon(true);
        return thread;
    });
    /** Failed attempts in a row, by connector: the retries back off. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param requests where a retry asks again
     * @param queue    what runs on the herder thread: where generated tasks are delivered
     */
    TaskReconfigurations(ConfigStore configs, TaskConfigGenerator generator, TaskConfigHandoff handoff,
            TopicStatuses statuses, GroupView group, AssignedWork work, ReconfigurationRequests requests,
            HerderQueue queue) {
        this.configs = configs;
        this.generator = generator;
        this.handoff = handoff;
        this.statuses = statuses;
        this.group = group;
        this.work = work;
        this.requests = requests;
        this.queue = queue;
    }

    /**
     * Generates {@code connector}'s tasks again and writes or hands them over; called on the herder thread. The
     * connector's {@code taskConfigs()} runs on a thread of its own (with its deadline, in the worker), so that a
     * connector hung there holds neither the herder nor the group's rebalances; the answer is delivered back on the
     * herder thread, unless the connector moved or its configuration changed meanwhile (the change asks again).
     */
    void reconfigure(String connector) {
        if (!work.ownsConnector(connector)) {
            return;
        }
        ConfigSnapshot snapshot = configs.snapshot();
        var entry = SnapshotConfigs.entry(snapshot, connector).orElse(null);
        if (entry == null || entry.targetState() == TargetState.STOPPED) {
            return;
        }
        boolean tasksRunning = !snapshot.inconsistent().contains(connector);
        CompletableFuture.supplyAsync(() -> generator.regenerate(connector, entry, statuses.connectorListener(),
                tasksRunning), generation).whenComplete((generated, error) -> {
                    if (error != null) {
                        LOG.error("Failed to generate the task configurations of connector {}", connector, error);
                    } else if (generated.isPresent()) {
                        queue.execute(() -> deliver(connector, snapshot.configGeneration(connector),
                                generated.get()));
                    }
                });
    }

    /** On the herder thread: writes the generated tasks (leader) or hands them to the leader (follower). */
    private void deliver(String connector, long generatedFrom, List<Map<String, String>> generated) {
        ConfigSnapshot snapshot = configs.snapshot();
        if (!work.ownsConnector(connector) || snapshot.configGeneration(connector) != generatedFrom) {
            LOG.debug("Dropping the task configurations of connector {}: it moved or changed meanwhile", connector);
            return;
        }
        if (group.leader()) {
            try {
                configs.putTaskConfigs(connector, generated);
                failures.remove(connector);
            } catch (RuntimeException e) {
                LOG.error("Failed to write the task configurations of connector {}; trying again", connector, e);
                retryLater(connector);
            }
            return;
        }
        String leaderUrl = group.leaderUrl().orElse(null);
        if (leaderUrl == null) {
            retryLater(connector);
            return;
        }
        LOG.info("Handing the {} task configuration(s) of connector {} to the leader at {}", generated.size(),
                connector, leaderUrl);
        handoff.send(leaderUrl, connector, generated, snapshot.sessionKey(), generatedFrom)
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        LOG.info("The leader accepted the task configurations of connector {}", connector);
                        failures.remove(connector);
                    } else {
                        LOG.warn("Failed to hand the task configurations of connector {} to the leader; trying "
                                + "again: {}", connector, error.toString());
                        retryLater(connector);
                    }
                });
    }

    private void retryLater(String connector) {
        if (closed) {
            return;
        }
        int inARow = failures.merge(connector, 1, Integer::sum);
        long delay = Math.min(MAX_RETRY_MS, RETRY_MS << Math.min(inARow, 5));
        retries.schedule(() -> requests.requestTaskReconfiguration(connector), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        generation.shutdownNow();
    }
}

package io.fluxgate.runtime.distributed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.runtime.herder.ConnectorPlugins;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.worker.ProducerFencing;

/**
 * The leader's rounds of zombie fencing (KIP-618, Apache's {@code DistributedHerder.fenceZombieSourceTasks}): before
 * a task of a new generation of a source connector's tasks brings up its transactional producer, the leader fences
 * the producers of every task of the previous generation (as many as the connector's last task count record says),
 * then writes the new task count record, which tells later rounds that this generation is the one to fence next.
 * Until that record is written, the connector is "pending fencing" and its new tasks wait.
 *
 * <p>Everything here runs on the herder thread, except the brokers' fencing itself, which the herder thread starts
 * and does not wait for: a task of each worker may ask at once, and they share the one round under way.
 */
final class ZombieFencings {

    private static final Logger LOG = LoggerFactory.getLogger(ZombieFencings.class);

    private final ConfigStore configs;
    private final Fencer producers;
    private final Function<Map<String, String>, ConnectorType> types;
    private final Runnable requireLeader;
    private final HerderQueue queue;
    private final Duration syncTimeout;
    private final Map<String, Round> active = new HashMap<>(); // herder thread only

    /** What fences the producers of a connector's first {@code tasks} tasks: {@link ProducerFencing#fence}. */
    interface Fencer {
        CompletableFuture<Void> fence(String connector, int tasks, Map<String, String> connectorConfig);
    }

    /**
     * @param types         the type of a connector configuration's plugin ({@link ConnectorPlugins#type})
     * @param requireLeader throws the ForwardRequestException of a worker that is not the leader
     *                      ({@link GroupView#requireLeader})
     */
    ZombieFencings(ConfigStore configs, Fencer producers, Function<Map<String, String>, ConnectorType> types,
            Runnable requireLeader, HerderQueue queue, Duration syncTimeout) {
        this.configs = configs;
        this.producers = producers;
        this.types = types;
        this.requireLeader = requireLeader;
        this.queue = queue;
        this.syncTimeout = syncTimeout;
    }

    /**
     * Fences the connector's zombies if they need it; completes once the new task count record is written (at once
     * when there is nothing to do). On the herder thread; throws the ForwardRequestException of a follower.
     */
    CompletableFuture<Void> fence(String connector) {
        requireLeader.run();
        ConfigSnapshot snapshot = configs.snapshot();
        if (!snapshot.contains(connector)) {
            throw HerderException.connectorNotFound(connector);
        }
        if (types.apply(snapshot.connectorConfig(connector)) != ConnectorType.SOURCE) {
            throw new HerderException(400, "Connector " + connector + " is not a source connector");
        }
        try {
            configs.refresh(syncTimeout);
        } catch (TimeoutException | RuntimeException e) {
            throw new ConnectException("Failed to read to end of config topic before performing zombie fencing", e);
        }
        snapshot = configs.snapshot();
        int taskCount = snapshot.taskCount(connector);
        Integer taskCountRecord = snapshot.taskCountRecord(connector);
        if (!snapshot.pendingFencing(connector)) {
            // The latest task count record follows the latest task configurations: every older generation is fenced.
            LOG.debug("Skipping zombie fencing round for connector {} as all old task generations have already been "
                    + "fenced out", connector);
            return CompletableFuture.completedFuture(null);
        }
        if (taskCountRecord == null || taskCountRecord == 1 && taskCount == 1) {
            // No record: no transactional producer was ever brought up for the connector, nothing to fence. One task
            // after one task: the new task's producer fences its predecessor by itself (same transactional id). A
            // record is written all the same, so that the next generation knows what to fence.
            LOG.debug("Skipping zombie fencing round but writing task count record for connector {}", connector);
            configs.putTaskCountRecord(connector, taskCount);
            return CompletableFuture.completedFuture(null);
        }
        Round round = active.get(connector);
        if (round == null) {
            round = new Round(connector, taskCountRecord, taskCount, snapshot.taskConfigGeneration(connector));
            active.put(connector, round);
            start(round, snapshot.connectorConfig(connector));
        }
        return round.done.copy();
    }

    /**
     * Before a connector's offsets are altered or reset, as Apache does with exactly-once support: a source
     * connector's zombies are fenced, so that none commits offsets over the new ones; nothing for a sink.
     */
    CompletableFuture<Void> fenceBeforeOffsetChange(String connector) {
        Map<String, String> config = configs.snapshot().connectorConfig(connector);
        if (config == null || types.apply(config) != ConnectorType.SOURCE) {
            return CompletableFuture.completedFuture(null);
        }
        return fence(connector);
    }

    /** New task configurations of {@code connector} were read: a round under way fences the wrong generation. */
    void taskConfigsCommitted(String connector) {
        Round round = active.remove(connector);
        if (round != null) {
            round.done.completeExceptionally(new HerderException(409,
                    "Failed to complete zombie fencing because a new set of task configs was generated"));
        }
    }

    private void start(Round round, Map<String, String> connectorConfig) {
        LOG.info("Fencing out the transactional producers of the {} task(s) of the previous generation of connector "
                + "{}", round.tasksToFence, round.connector);
        CompletableFuture<Void> fenced;
        try {
            fenced = producers.fence(round.connector, round.tasksToFence, connectorConfig);
        } catch (RuntimeException e) {
            active.remove(round.connector);
            round.done.completeExceptionally(e);
            return;
        }
        fenced.whenComplete((ignored, error) -> {
            if (!queue.execute(() -> fenced(round, error))) {
                round.done.completeExceptionally(new ConnectException("The herder stopped during zombie fencing"));
            }
        });
    }

    /** On the herder thread, once the brokers answered. */
    private void fenced(Round round, Throwable error) {
        if (active.get(round.connector) == round) {
            active.remove(round.connector);
        }
        if (round.done.isDone()) {
            return; // cancelled by new task configurations
        }
        if (error != null) {
            round.done.completeExceptionally(new ConnectException("Failed to perform zombie fencing for connector "
                    + round.connector, error));
            return;
        }
        try {
            configs.refresh(syncTimeout);
            if (round.generation < configs.snapshot().taskConfigGeneration(round.connector)) {
                throw new HerderException(409,
                        "Fencing failed because new task configurations were generated for the connector");
            }
            requireLeader.run();
            configs.putTaskCountRecord(round.connector, round.tasksToRecord);
            round.done.complete(null);
        } catch (TimeoutException e) {
            round.done.completeExceptionally(new ConnectException("Failed to read to end of config topic", e));
        } catch (RuntimeException e) {
            round.done.completeExceptionally(e);
        }
    }

    /** Fails what is under way: the herder stops. */
    void close() {
        active.values().forEach(round -> round.done.completeExceptionally(
                new ConnectException("The herder stopped during zombie fencing")));
        active.clear();
    }

    /** One round for one connector, which every task that asks meanwhile waits for. */
    private static final class Round {
        final String connector;
        final int tasksToFence;
        final int tasksToRecord;
        final int generation;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Round(String connector, int tasksToFence, int tasksToRecord, int generation) {
            this.connector = connector;
            this.tasksToFence = tasksToFence;
            this.tasksToRecord = tasksToRecord;
            this.generation = generation;
        }
    }
}

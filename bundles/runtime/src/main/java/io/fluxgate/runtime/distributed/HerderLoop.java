package io.fluxgate.runtime.distributed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.herder.TaskConfigGenerator;
import io.fluxgate.runtime.worker.ConfigReloads;
import io.fluxgate.runtime.worker.ConnectorRequests;
import io.fluxgate.runtime.worker.Worker;

/**
 * The distributed herder's thread, as Kafka Connect's {@code DistributedHerder.tick()}: polls the group (which
 * delivers revocations and assignments to {@link AssignedWork}), applies what the config topic brought to the owned
 * work, starts assigned work once the config topic has been read as far as the assignment, runs the queued requests,
 * rotates the session key on the leader, and asks for a rebalance when the configured work changed. Also where the
 * connectors running here hand their task configurations over: written directly on the leader, sent to it otherwise.
 */
final class HerderLoop implements ConnectorRequests {

    private static final Logger LOG = LoggerFactory.getLogger(HerderLoop.class);
    private static final long POLL_MS = 1_000;
    private static final long RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 10_000;

    private final Worker worker;
    private final DistributedStores stores;
    private final ConfigStore configs;
    private final DistributedSettings settings;
    private final HerderQueue queue;
    private final ConfigChanges changes;
    private final TaskConfigGenerator generator;
    private final TaskConfigHandoff handoff;
    private final SessionKeyRotation keys;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fluxgate-herder-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread thread = new Thread(this::run, "fluxgate-distributed-herder");
    /** Completes with the first assignment this worker can act on: from then on it is a working member. */
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private GroupMember member;
    private AssignedWork work;
    private TopicStatuses statuses;
    private GroupView group;
    private volatile boolean stopping;
    private Map<String, Integer> configuredWork = Map.of();
    /** The config offset this worker had read when the configured work last changed. */
    private long workChangedAt = -1;
    private int handledFailedGeneration = -1;
    /** Failed hand-offs in a row, by connector: the retries back off up to {@value #MAX_RETRY_MS} ms. */
    private final Map<String, Integer> handoffFailures = new java.util.concurrent.ConcurrentHashMap<>();

    HerderLoop(Worker worker, DistributedStores stores, DistributedSettings settings) {
        this.worker = worker;
        this.stores = stores;
        this.configs = stores.configs();
        this.settings = settings;
        this.queue = new HerderQueue(this::wakeup);
        this.changes = new ConfigChanges(this::wakeup);
        this.generator = new TaskConfigGenerator(worker);
        this.handoff = new TaskConfigHandoff(settings.signatureAlgorithm());
        this.keys = new SessionKeyRotation(settings.keyGenerationAlgorithm(), settings.keyTtlMs());
        thread.setDaemon(true);
    }

    /** Completes the wiring: the member was created with {@code work} as its listener. */
    void attach(GroupMember member, AssignedWork work, TopicStatuses statuses, GroupView group) {
        this.member = member;
        this.work = work;
        this.statuses = statuses;
        this.group = group;
        // Each worker restarts what it runs when the values its config providers gave expire: no leader needed.
        worker.reloadConfigsWith(new ConfigReloads() {
            @Override
            public void reloadConnector(String connector) {
                queue.execute(() -> {
                    if (work.ownsConnector(connector)) {
                        work.restartConnector(connector, configs.snapshot());
                    }
                });
            }

            @Override
            public void reloadTask(ConnectorTaskId task) {
                queue.execute(() -> {
                    if (work.ownsTask(task)) {
                        work.restartTask(task, configs.snapshot());
                    }
                });
            }
        });
    }

    HerderQueue queue() {
        return queue;
    }

    /** Completes once the worker has joined the group and acted on its first assignment. */
    CompletableFuture<Void> joined() {
        return joined;
    }

    /** What must run, as this worker read it: asked by the group member at every join. */
    ConfiguredWork configuredWork() {
        ConfigSnapshot snapshot = configs.snapshot();
        return new ConfiguredWork(snapshot.offset(), taskCounts(snapshot));
    }

    /**
     * Starts the worker and the stores, reads the config topic to the end (a config topic that cannot be used fails
     * here, naming it), then starts polling the group.
     */
    void start() {
        worker.start();
        stores.statuses().start();
        configs.addListener(changes);
        configs.start();
        configuredWork = taskCounts(configs.snapshot());
        LOG.info("Read the config topic to offset {}: {} connector(s); joining the group",
                configs.snapshot().offset(), configuredWork.size());
        thread.start();
    }

    /** Stops polling; the herder thread stops the work, leaves the group as configured, and closes everything. */
    void close(Duration timeout) {
        stopping = true;
        queue.close();
        wakeup();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The herder thread did not stop within {} ms", timeout.toMillis());
        }
    }

    private void wakeup() {
        GroupMember current = member;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        try {
            while (!stopping) {
                try {
                    tick();
                } catch (RuntimeException e) {
                    LOG.error("Unexpected error in the herder thread; carrying on", e);
                    sleep(500);
                }
            }
        } finally {
            shutdown();
        }
    }

    private void tick() {
        member.poll(Duration.ofMillis(POLL_MS));
        if (stopping) {
            return;
        }
        Assignment assignment = work.assignment();
        if (assignment != null && assignment.failed() && handledFailedGeneration != work.generation()) {
            // The leader was behind some member: catch up before the member rejoins (it does so by itself).
            handledFailedGeneration = work.generation();
            refresh();
        }
        List<ConfigChanges.Change> changed = changes.drain();
        if (!changed.isEmpty()) {
            work.apply(changed, configs.snapshot());
        }
        if (assignment != null && !assignment.failed()) {
            if (configs.snapshot().offset() < assignment.configOffset() && !refresh()) {
                member.requestRejoin("this worker could not read the config topic as far as its assignment");
            } else if (configs.snapshot().offset() >= assignment.configOffset()) {
                work.startAssigned(configs.snapshot());
                joined.complete(null);
            }
        }
        queue.runPending();
        rotateSessionKey();
        Map<String, Integer> now = taskCounts(configs.snapshot());
        if (!now.equals(configuredWork)) {
            configuredWork = now;
            workChangedAt = configs.snapshot().offset();
            member.requestRejoin("the configured connectors or task counts changed");
        } else if (assignment != null && !assignment.failed() && assignment.configOffset() < workChangedAt) {
            // A rebalance under way when the work changed completed with an assignment made before the change, and
            // the completed join cleared the request: without asking again, the new tasks would wait for an
            // unrelated rebalance (connector handed its task configurations during a rebalance: DistributedHerderTest).
            member.requestRejoin("the assignment predates the last change of the configured work");
        }
    }

    private void rotateSessionKey() {
        if (!group.leader() || member.protocol() != GroupProtocol.SESSIONED) {
            return;
        }
        long now = System.currentTimeMillis();
        SessionKey current = configs.snapshot().sessionKey();
        if (keys.due(current, now)) {
            LOG.info("Publishing a new session key");
            try {
                configs.putSessionKey(keys.next(now));
            } catch (RuntimeException e) {
                LOG.error("Failed to write a new session key", e);
            }
        }
    }

    /** A connector running here asks for its tasks to be generated again. Any thread. */
    @Override
    public void requestTaskReconfiguration(String connector) {
        queue.execute(() -> reconfigure(connector));
    }

    private void reconfigure(String connector) {
        if (!work.ownsConnector(connector)) {
            return;
        }
        ConfigSnapshot snapshot = configs.snapshot();
        var entry = SnapshotConfigs.entry(snapshot, connector).orElse(null);
        if (entry == null || entry.targetState() == TargetState.STOPPED) {
            return;
        }
        var generated = generator.regenerate(connector, entry, statuses.connectorListener(),
                !snapshot.inconsistent().contains(connector)).orElse(null);
        if (generated == null) {
            return;
        }
        if (group.leader()) {
            try {
                configs.putTaskConfigs(connector, generated);
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
        handoff.send(leaderUrl, connector, generated, snapshot.sessionKey(), snapshot.configGeneration(connector))
                .whenComplete((ok, error) -> {
            if (error == null) {
                handoffFailures.remove(connector);
            } else {
                LOG.warn("Failed to hand the task configurations of connector {} to the leader; trying again: {}",
                        connector, error.toString());
                retryLater(connector);
            }
        });
    }

    private void retryLater(String connector) {
        if (!stopping) {
            int failures = handoffFailures.merge(connector, 1, Integer::sum);
            long delay = Math.min(MAX_RETRY_MS, RETRY_MS << Math.min(failures, 5));
            retries.schedule(() -> requestTaskReconfiguration(connector), delay, TimeUnit.MILLISECONDS);
        }
    }

    private boolean refresh() {
        try {
            configs.refresh(Duration.ofMillis(settings.workerSyncTimeoutMs()));
            return true;
        } catch (TimeoutException | RuntimeException e) {
            LOG.warn("Could not read to the end of the config topic within {} ms", settings.workerSyncTimeoutMs(),
                    e);
            return false;
        }
    }

    private void shutdown() {
        LOG.info("Herder stopping");
        retries.shutdownNow();
        queue.runPending();
        try {
            member.close(); // hands everything owned to AssignedWork.onRevoked, which stops it
        } catch (RuntimeException e) {
            LOG.warn("Failed to close the group membership", e);
        }
        work.stopAll();
        configs.removeListener(changes);
        worker.close();
        try {
            stores.statuses().flush(); // the last states this worker reported, before others take over
        } catch (RuntimeException e) {
            LOG.warn("Failed to flush the last statuses", e);
        }
        stores.close();
        LOG.info("Herder stopped");
    }

    private static Map<String, Integer> taskCounts(ConfigSnapshot snapshot) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String connector : snapshot.connectors()) {
            counts.put(connector, snapshot.tasks(connector).size());
        }
        return counts;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

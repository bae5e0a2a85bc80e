package io.fluxgate.runtime.distributed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.worker.Worker;

/**
 * The distributed herder's thread, as Kafka Connect's {@code DistributedHerder.tick()}: polls the group (which
 * delivers revocations and assignments to {@link AssignedWork}), applies what the config topic brought to the owned
 * work, starts assigned work once the config topic has been read as far as the assignment, runs the queued requests,
 * has the tasks of the connectors that asked generated again ({@link TaskReconfigurations}), rotates the session key
 * on the leader, and asks for a rebalance when the configured work changed. Built last, from its collaborators
 * ({@link Parts}): the group member reaches it only through the queues it drains.
 */
final class HerderLoop {

    private static final Logger LOG = LoggerFactory.getLogger(HerderLoop.class);
    private static final long POLL_MS = 1_000;
    /** Apache's backoff before a fenced leader tries to claim the config topic again. */
    private static final long CONFIG_TOPIC_WRITE_PRIVILEGES_BACKOFF_MS = 250;

    /**
     * What the loop works with, wired by {@link DistributedHerder}.
     *
     * @param queue            the requests to run on the herder thread
     * @param changes          what the config topic brought, collected on the store's thread
     * @param reconfigurations the connectors that asked for their tasks again, and who generates them
     * @param member           this worker's membership of the group, created with {@code work} as its listener
     * @param configs          the config store as the leader writes it (its write privileges claimed here)
     * @param keys             when the leader publishes a new session key
     * @param fencings         the leader's rounds of zombie fencing, which new task configurations cancel
     */
    record Parts(Worker worker, DistributedStores stores, PrivilegedConfigStore configs, DistributedSettings settings,
            HerderQueue queue, ConfigChanges changes, ReconfigurationRequests requests,
            TaskReconfigurations reconfigurations, GroupMember member, AssignedWork work, GroupView group,
            SessionKeyRotation keys, ZombieFencings fencings) {
    }

    private final Worker worker;
    private final DistributedStores stores;
    private final PrivilegedConfigStore configs;
    private final ZombieFencings fencings;
    private final DistributedSettings settings;
    private final HerderQueue queue;
    private final ConfigChanges changes;
    private final ReconfigurationRequests requests;
    private final TaskReconfigurations reconfigurations;
    private final GroupMember member;
    private final AssignedWork work;
    private final GroupView group;
    private final SessionKeyRotation keys;
    private final Thread thread = new Thread(this::run, "fluxgate-distributed-herder");
    /** Completes with the first assignment this worker can act on: from then on it is a working member. */
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private volatile boolean stopping;
    private Map<String, Integer> configuredWork = Map.of();
    /** The config offset this worker had read when the configured work last changed. */
    private long workChangedAt = -1;
    private int handledFailedGeneration = -1;
    /** The generation of the group in which this worker last claimed the config topic as its leader. */
    private int claimedGeneration = -1;

    HerderLoop(Parts parts) {
        this.worker = parts.worker();
        this.stores = parts.stores();
        this.configs = parts.configs();
        this.fencings = parts.fencings();
        this.settings = parts.settings();
        this.queue = parts.queue();
        this.changes = parts.changes();
        this.requests = parts.requests();
        this.reconfigurations = parts.reconfigurations();
        this.member = parts.member();
        this.work = parts.work();
        this.group = parts.group();
        this.keys = parts.keys();
        thread.setDaemon(true);
    }

    /** Completes once the worker has joined the group and acted on its first assignment. */
    CompletableFuture<Void> joined() {
        return joined;
    }

    /** What must run, as this worker read it: what the group member offers at every join. */
    static ConfiguredWork configuredWork(ConfigSnapshot snapshot) {
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
        member.wakeup();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The herder thread did not stop within {} ms", timeout.toMillis());
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
        if (!claimWritePrivileges()) {
            sleep(CONFIG_TOPIC_WRITE_PRIVILEGES_BACKOFF_MS);
            return;
        }
        List<ConfigChanges.Change> changed = changes.drain();
        if (!changed.isEmpty()) {
            changed.stream().filter(ConfigChanges.TasksCommitted.class::isInstance)
                    .map(change -> ((ConfigChanges.TasksCommitted) change).connector()).distinct()
                    .forEach(fencings::taskConfigsCommitted);
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
        requests.drain().forEach(reconfigurations::reconfigure);
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

    /**
     * A newly elected leader claims the config topic (with exactly-once source support, a transactional writer that
     * fences the previous leader's), and a leader that was fenced claims it back; false when it could not.
     */
    private boolean claimWritePrivileges() {
        boolean leader = group.leader();
        if (leader && claimedGeneration != work.generation()) {
            claimedGeneration = work.generation();
            configs.claimAsLeader();
        }
        return configs.reclaimIfFenced(leader);
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
        reconfigurations.close();
        fencings.close();
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

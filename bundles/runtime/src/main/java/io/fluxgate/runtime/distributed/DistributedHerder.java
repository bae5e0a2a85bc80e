package io.fluxgate.runtime.distributed;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.PutResult;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.cluster.GroupMemberFactory;
import io.fluxgate.cluster.GroupProtocol;
import io.fluxgate.runtime.config.WorkerAddress;
import io.fluxgate.runtime.herder.ConnectorPlugins;
import io.fluxgate.runtime.herder.ConnectorReads;
import io.fluxgate.runtime.herder.HerderCore;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.herder.LocalRequests;
import io.fluxgate.runtime.herder.PluginLifecycle;
import io.fluxgate.runtime.herder.SubmittedConfig;
import io.fluxgate.runtime.herder.TaskConfigGenerator;
import io.fluxgate.runtime.metrics.RebalanceMetrics;
import io.fluxgate.runtime.task.ProducerChecks;
import io.fluxgate.runtime.task.WorkLease;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerAssembly;

/**
 * The control plane of a worker of a cluster, as Kafka Connect's {@code DistributedHerder}: membership through the
 * group ({@link GroupMember}), configurations, statuses and offsets in the internal topics ({@link DistributedStores}),
 * the rest shared with standalone mode ({@link ConnectorReads}, {@link LocalRequests}, {@link PluginLifecycle}).
 * Reads answer from the config topic as read so far and from every worker's statuses; changes run on the herder
 * thread ({@link HerderLoop}); configuration writes are the leader's ({@link LeaderRequests}).
 *
 * <p>{@link #start()} reads the config topic to the end before the herder serves; {@link #close()} stops the work on
 * this worker first (offsets committed), then leaves the group as the cluster bundle decides, then the stores.
 */
public final class DistributedHerder extends HerderCore implements PluginListener, AutoCloseable {

    private final Worker worker;
    private final PrivilegedConfigStore configs;
    private final DistributedSettings settings;
    private final HerderLoop loop;
    private final HerderQueue queue;
    private final GroupMember member;
    private final ConnectorReads reads;
    private final LocalRequests local;
    private final LeaderRequests leader;
    private final PluginLifecycle pluginLifecycle;
    private final ZombieFencings fencings;

    public DistributedHerder(WorkerAssembly assembly, DistributedStores stores, GroupMemberFactory members,
            PluginRegistry registry, Map<String, String> workerSettings, WorkerAddress address) {
        Worker worker = assembly.worker();
        this.worker = worker;
        this.configs = new PrivilegedConfigStore(stores.configs());
        this.settings = DistributedSettings.of(workerSettings);
        // The member is created last of the parts it wakes and that report to it; until then nothing needs waking.
        GroupMember[] joined = new GroupMember[1];
        Runnable wakeup = () -> {
            GroupMember created = joined[0];
            if (created != null) {
                created.wakeup();
            }
        };
        this.queue = new HerderQueue(wakeup);
        ConfigChanges changes = new ConfigChanges(wakeup);
        ReconfigurationRequests requests = new ReconfigurationRequests(wakeup);
        AssignedWork[] work = new AssignedWork[1];
        TopicStatuses statuses = new TopicStatuses(stores.statuses(), address.id(),
                () -> work[0] == null ? -1 : work[0].generation(), worker, c -> configs.snapshot().contains(c));
        // The protocol the group negotiated (the oldest any member offers), as Apache reports it; the configured one
        // until the member exists.
        RebalanceMetrics rebalances = new RebalanceMetrics(worker.metrics(),
                () -> joined[0] != null ? joined[0].protocol().name()
                        : workerSettings.getOrDefault(WorkerConfigKeys.CONNECT_PROTOCOL, "sessioned")
                                .toUpperCase(Locale.ROOT),
                () -> Optional.ofNullable(work[0].assignment()).map(Assignment::leaderUrl).orElse(null),
                () -> work[0].generation());
        work[0] = new AssignedWork(worker, statuses, requests, rebalances);
        this.member = members.create(workerSettings, address.url(),
                () -> HerderLoop.configuredWork(configs.snapshot()), work[0]);
        joined[0] = member;
        worker.reloadConfigsWith(new OwnedWorkReloads(queue, work[0], configs));
        GroupView group = new GroupView(member, work[0], address.url());
        TaskReconfigurations reconfigurations = new TaskReconfigurations(configs, new TaskConfigGenerator(worker),
                new TaskConfigHandoff(settings.signatureAlgorithm()), statuses, group, work[0], requests, queue);
        this.fencings = new ZombieFencings(configs, assembly.producerFencing(registry)::fence,
                new ConnectorPlugins(registry)::type, group::requireLeader, queue,
                Duration.ofMillis(settings.workerSyncTimeoutMs()));
        // A worker the group may have replaced (frozen past its session timeout) writes nothing until reassigned;
        // with exactly-once source support, each source task also waits for the leader's zombie fencing.
        ExactlyOnceTaskChecks exactlyOnce = !settings.exactlyOnceSource() ? null
                : new ExactlyOnceTaskChecks(queue, fencings, new ZombieFencingRequest(settings.signatureAlgorithm()),
                        configs, work[0]::assignment);
        worker.guardWritesWith(new WorkLease() {
            @Override
            public boolean held() {
                return member.inTouch();
            }

            @Override
            public ProducerChecks producerChecks(ConnectorTaskId task) {
                return exactlyOnce == null ? ProducerChecks.NONE : exactlyOnce.forTask(task);
            }
        });
        this.loop = new HerderLoop(new HerderLoop.Parts(worker, stores, configs, settings, queue, changes, requests,
                reconfigurations, member, work[0], group,
                new SessionKeyRotation(settings.keyGenerationAlgorithm(), settings.keyTtlMs()), fencings));
        this.reads = new ConnectorReads(new SnapshotConfigs(configs), statuses, worker,
                new ConnectorPlugins(registry), address.id());
        this.local = new LocalRequests(worker, assembly.validator(), registry);
        this.leader = new LeaderRequests(configs, reads, group, work[0], worker,
                Duration.ofMillis(settings.workerSyncTimeoutMs()));
        this.pluginLifecycle = new PluginLifecycle(new OwnedPluginConnectors(work[0], configs, worker));
    }

    /** Starts the stores, reads the config topic to the end, and joins the group; throws if a topic is unusable. */
    public void start() {
        try {
            loop.start();
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /**
     * Completes once this worker has joined the group and received its first assignment, as Kafka Connect's worker is
     * ready once its herder ticks as a member: until then a write would find no leader.
     */
    public CompletionStage<Void> joined() {
        return loop.joined();
    }

    @Override
    public void close() {
        local.close();
        loop.close(Duration.ofSeconds(60));
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

    // ---- changes: on the herder thread, writes on the leader

    @Override
    public CompletionStage<PutResult> putConnectorConfig(String connector, Map<String, String> config,
            TargetState initialState, boolean allowReplace) {
        Map<String, String> props;
        try {
            props = SubmittedConfig.withName(connector, config);
        } catch (HerderException e) {
            return CompletableFuture.failedFuture(e);
        }
        return local.requireValid(props).thenCompose(valid -> queue.submit(
                () -> leader.putConnectorConfig(connector, props, initialState, allowReplace)));
    }

    @Override
    public CompletionStage<Void> deleteConnector(String connector) {
        return queue.submit(() -> {
            leader.deleteConnector(connector);
            return null;
        });
    }

    /** Any worker writes the target state, as in Kafka Connect; every worker applies it to what it runs. */
    @Override
    public CompletionStage<Void> pauseConnector(String connector) {
        return writeTargetState(connector, TargetState.PAUSED);
    }

    @Override
    public CompletionStage<Void> resumeConnector(String connector) {
        return writeTargetState(connector, TargetState.STARTED);
    }

    private CompletionStage<Void> writeTargetState(String connector, TargetState state) {
        return local.onRequestThread(() -> {
            reads.entry(connector);
            configs.putTargetState(connector, state);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> stopConnector(String connector) {
        return queue.submit(() -> {
            leader.stopConnector(connector);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> restartConnector(String connector) {
        return queue.submit(() -> leader.restartConnector(connector)).thenCompose(started -> started);
    }

    @Override
    public CompletionStage<Void> restartTask(ConnectorTaskId task) {
        return queue.submit(() -> {
            leader.restartTask(task);
            return null;
        });
    }

    @Override
    public CompletionStage<ConnectorStateInfo> restartConnectorAndTasks(String connector, boolean onlyFailed,
            boolean includeTasks) {
        return queue.submit(() -> leader.restartConnectorAndTasks(connector, onlyFailed, includeTasks));
    }

    @Override
    public CompletionStage<String> alterConnectorOffsets(String connector, ConnectorOffsets offsets) {
        return fencedFirst(connector).thenCompose(
                fenced -> queue.submit(() -> leader.alterConnectorOffsets(connector, offsets)));
    }

    @Override
    public CompletionStage<String> resetConnectorOffsets(String connector) {
        return fencedFirst(connector).thenCompose(
                fenced -> queue.submit(() -> leader.resetConnectorOffsets(connector)));
    }

    /**
     * With exactly-once source support, a round of zombie fencing before a source connector's offsets change, as
     * Apache's {@code modifyConnectorOffsets}: no task of an older generation commits offsets over the new ones.
     */
    private CompletableFuture<Void> fencedFirst(String connector) {
        if (!settings.exactlyOnceSource()) {
            return CompletableFuture.completedFuture(null);
        }
        return queue.submit(() -> fencings.fenceBeforeOffsetChange(connector)).thenCompose(round -> round);
    }

    /**
     * Written to the config topic by whichever worker is asked, as Kafka Connect does (a logger level needs no
     * leader); every worker, this one too, applies it as it reads the record ({@link ClusterLoggerLevels}).
     */
    @Override
    public CompletionStage<Void> setClusterLoggerLevel(String namespace, String level) {
        try {
            configs.putLoggerLevel(namespace, level);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The internal request of a follower whose connector generated task configurations: verified against the
     * session key (unless the group does not use the {@code sessioned} protocol and the request is unsigned), with
     * Fluxgate's signed context (required unless {@code fluxgate.inter.worker.context.required=false}), then written
     * by the leader if they come from the connector's current configuration.
     */
    @Override
    public CompletionStage<Void> putTaskConfigs(String connector, List<Map<String, String>> taskConfigs,
            RequestSignature signature) {
        OptionalLong generation = OptionalLong.empty();
        try {
            if (signature != null || member.protocol() == GroupProtocol.SESSIONED) {
                SessionKey key = configs.snapshot().sessionKey();
                RequestSignatures.verify(signature, key == null ? null : key.key(),
                        settings.verificationAlgorithms());
                generation = RequestSignatures.verifyContext(signature, key.key(), connector,
                        settings.contextRequired());
            }
        } catch (HerderException e) {
            return CompletableFuture.failedFuture(e);
        }
        OptionalLong from = generation;
        return queue.submit(() -> {
            leader.putTaskConfigs(connector, taskConfigs, from);
            return null;
        });
    }

    /**
     * The internal request of a worker whose exactly-once source task is about to start: verified as
     * {@link #putTaskConfigs}'s (the signed context must be for this connector and for fencing), then served by the
     * leader ({@link ZombieFencings}).
     */
    @Override
    public CompletionStage<Void> fenceZombieSourceTasks(String connector, RequestSignature signature) {
        try {
            if (signature != null || member.protocol() == GroupProtocol.SESSIONED) {
                SessionKey key = configs.snapshot().sessionKey();
                RequestSignatures.verify(signature, key == null ? null : key.key(),
                        settings.verificationAlgorithms());
                RequestSignatures.verifyContext(signature, key.key(), RequestSignatures.Resource.ZOMBIE_FENCING,
                        connector, settings.contextRequired());
            }
        } catch (HerderException e) {
            return CompletableFuture.failedFuture(e);
        }
        return queue.submit(() -> fencings.fence(connector)).thenCompose(round -> round);
    }

    /** Stops what runs here on a plugin about to be withdrawn before returning, as the standalone herder. */
    @Override
    public void pluginsChanged(PluginEvent event) {
        PluginLifecycle.awaitWithdrawal(event, queue.submit(() -> {
            pluginLifecycle.handle(event);
            return null;
        }));
    }

    /** The herder's side of {@link PluginLifecycle} for what this worker owns; on the herder thread. */
    private static final class OwnedPluginConnectors implements PluginLifecycle.Connectors {
        private final AssignedWork work;
        private final ConfigStore configs;
        private final Worker worker;

        OwnedPluginConnectors(AssignedWork work, ConfigStore configs, Worker worker) {
            this.work = work;
            this.configs = configs;
            this.worker = worker;
        }

        @Override
        public Set<String> using(String location) {
            return worker.connectorsUsing(location);
        }

        @Override
        public boolean wantsToRun(String connector) {
            TargetState state = configs.snapshot().targetState(connector);
            return state != null && state != TargetState.STOPPED
                    && (work.ownsConnector(connector) || !work.ownedTasks(connector).isEmpty());
        }

        @Override
        public boolean pluginInstalled(String connector) {
            Map<String, String> config = configs.snapshot().connectorConfig(connector);
            return config != null && worker.missingPlugin(config).isEmpty();
        }

        @Override
        public void stop(String connector) {
            work.stopOwned(connector);
        }

        @Override
        public void markRestarting(String connector) {
            work.markOwned(connector, State.RESTARTING, null);
        }

        @Override
        public void markFailed(String connector, Throwable reason) {
            work.markOwned(connector, State.FAILED, reason);
        }

        @Override
        public void start(String connector) {
            work.startOwned(connector, configs.snapshot());
        }
    }
}

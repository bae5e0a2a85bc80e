package io.fluxgate.cluster.testing;

import io.fluxgate.broker.testing.SharedBroker;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.WorkerGroupMember;
import org.apache.kafka.connect.runtime.distributed.WorkerRebalanceListener;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.storage.ConfigBackingStore;
import org.apache.kafka.connect.util.ConnectorTaskId;

import io.fluxgate.cluster.ConfiguredWork;

/**
 * An Apache Kafka Connect 4.3.1 group member ({@code WorkerGroupMember}, with its {@code WorkerCoordinator} and
 * assignors) in the same group as Fluxgate members, driven as Apache's {@code DistributedHerder} drives it: poll,
 * rejoin after revocations, rejoin when the leader's delay expires.
 */
public final class ApacheWorker {

    private final String url;
    private final WorkerGroupMember member;
    private final Thread thread;
    private final Set<String> running = new LinkedHashSet<>();
    private volatile boolean polling = true;
    private volatile String leaderId;
    private volatile String leaderUrl;
    private boolean rejoinAfterRevocation;
    private long scheduledRebalance = Long.MAX_VALUE;

    public ApacheWorker(String name, String groupId, ConfiguredWork work, Map<String, String> overrides) {
        this.url = "http://" + name + ":8083/";
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        props.put("group.id", groupId);
        props.put("config.storage.topic", "unused-configs");
        props.put("offset.storage.topic", "unused-offsets");
        props.put("status.storage.topic", "unused-status");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "1000");
        props.put("rebalance.timeout.ms", "20000");
        props.putAll(overrides);
        this.member = new WorkerGroupMember(new DistributedConfig(props), url, configStore(work), listener(),
                Time.SYSTEM, "apache-" + name, new LogContext("[apache " + name + "] "));
        this.thread = new Thread(this::pollLoop, "apache-" + name);
        thread.start();
    }

    private void pollLoop() {
        try {
            while (polling) {
                member.poll(200, () -> () -> { });
                synchronized (this) {
                    if (rejoinAfterRevocation) {
                        rejoinAfterRevocation = false;
                        member.requestRejoin();
                    }
                    if (System.currentTimeMillis() >= scheduledRebalance) {
                        scheduledRebalance = Long.MAX_VALUE;
                        member.requestRejoin();
                    }
                }
            }
        } finally {
            member.stop();
        }
    }

    public void stop() {
        polling = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private WorkerRebalanceListener listener() {
        return new WorkerRebalanceListener() {
            @Override
            public void onAssigned(ExtendedAssignment assignment, int generation) {
                synchronized (ApacheWorker.this) {
                    leaderId = assignment.leader();
                    leaderUrl = assignment.leaderUrl();
                    if (assignment.version() == 0) {
                        // Eager: the assignment is everything this worker runs (Apache's herder restarts from it).
                        running.clear();
                    }
                    running.addAll(assignment.connectors());
                    assignment.tasks().forEach(t -> running.add(t.toString()));
                    rejoinAfterRevocation = !assignment.revokedConnectors().isEmpty()
                            || !assignment.revokedTasks().isEmpty();
                    scheduledRebalance = assignment.delay() > 0
                            ? System.currentTimeMillis() + assignment.delay() : Long.MAX_VALUE;
                }
            }

            @Override
            public void onRevoked(String leader, Collection<String> connectors, Collection<ConnectorTaskId> tasks) {
                synchronized (ApacheWorker.this) {
                    running.removeAll(connectors);
                    tasks.forEach(t -> running.remove(t.toString()));
                }
            }

            @Override
            public void onPollTimeoutExpiry() {
            }
        };
    }

    /** Apache's config store, reduced to the snapshot its coordinator asks for. */
    private static ConfigBackingStore configStore(ConfiguredWork work) {
        Map<String, Map<String, String>> configs = new HashMap<>();
        work.connectors().forEach(c -> configs.put(c, Map.of()));
        ClusterConfigState state = new ClusterConfigState(work.configOffset(), null, new HashMap<>(work.taskCounts()),
                configs, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Set.of());
        return (ConfigBackingStore) Proxy.newProxyInstance(ApacheWorker.class.getClassLoader(),
                new Class<?>[] {ConfigBackingStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "snapshot" -> state;
                    case "toString" -> "test config store";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    public String url() {
        return url;
    }

    public String memberId() {
        return member.memberId();
    }

    public boolean isLeader() {
        return memberId().equals(leaderId);
    }

    public String leaderUrl() {
        return leaderUrl;
    }

    public short protocolVersion() {
        return member.currentProtocolVersion();
    }

    /** Connectors by name, tasks as "connector-n". */
    public synchronized Set<String> running() {
        return new LinkedHashSet<>(running);
    }

    public static List<String> names(Set<Object> fluxgateRunning) {
        return fluxgateRunning.stream().map(Object::toString).toList();
    }

    @Override
    public String toString() {
        return "apache" + running();
    }
}

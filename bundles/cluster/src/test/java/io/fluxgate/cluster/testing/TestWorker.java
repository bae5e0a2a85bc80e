package io.fluxgate.cluster.testing;

import io.fluxgate.broker.testing.SharedBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.cluster.RebalanceListener;
import io.fluxgate.cluster.membership.KafkaGroupMemberFactory;

/**
 * A worker as the herder will drive a {@link GroupMember}: one thread polls it, stops what is revoked and starts what
 * is assigned (here: notes it). Everything started and stopped is recorded with its time, so tests can count moves.
 */
public final class TestWorker implements RebalanceListener {

    /** A connector (a String) or task (a ConnectorTaskId) started or stopped on this worker. */
    public record Event(boolean start, Object work, long atMillis) {
    }

    private final String name;
    private final String url;
    private final GroupMember member;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Consumer<GroupMember>> actions = new ConcurrentLinkedQueue<>();
    private final Set<Object> running = new LinkedHashSet<>();
    private final List<Event> events = new ArrayList<>();
    private volatile boolean polling = true;
    private volatile int generation = -1;
    private volatile boolean leader;

    private TestWorker(String name, Map<String, ?> config, Supplier<ConfiguredWork> work) {
        this.name = name;
        this.url = "http://" + name + ":8083/";
        this.member = new KafkaGroupMemberFactory().create(config, url, work, this);
        this.thread = new Thread(this::pollLoop, "worker-" + name);
    }

    public static TestWorker start(String name, Map<String, ?> config, Supplier<ConfiguredWork> work) {
        TestWorker worker = new TestWorker(name, config, work);
        worker.thread.start();
        return worker;
    }

    /** The group settings of a test group, with fast timeouts unless overridden. */
    public static Map<String, Object> config(String groupId, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", SharedBroker.bootstrapServers());
        config.put("group.id", groupId);
        config.put("session.timeout.ms", "6000");
        config.put("heartbeat.interval.ms", "1000");
        config.put("rebalance.timeout.ms", "20000");
        config.putAll(overrides);
        return config;
    }

    private void pollLoop() {
        try {
            while (polling) {
                for (Consumer<GroupMember> action; (action = actions.poll()) != null;) {
                    action.accept(member);
                }
                if (polling) {
                    member.poll(Duration.ofMillis(500));
                }
            }
        } finally {
            member.close();
        }
    }

    /** Runs {@code action} on the polling thread, as a herder runs everything on its tick thread. */
    public void onPollThread(Consumer<GroupMember> action) {
        actions.add(action);
        member.wakeup();
    }

    /**
     * Asks for a rebalance from the calling thread, at once: as a herder's tick does when it reads a change, which may
     * happen while a round runs (the test calls it from the work supplier, which the member asks during a round).
     */
    public void requestRejoinNow(String reason) {
        member.requestRejoin(reason);
    }

    /** Leaves the group (for good: scale down) and stops. */
    public void leaveAndStop() {
        onPollThread(m -> {
            m.leave("scaling down");
            polling = false;
        });
        join();
    }

    /** Stops polling and closes the member, as a stopping worker does. */
    public void stop() {
        polling = false;
        member.wakeup();
        join();
    }

    private void join() {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void onAssigned(Assignment assignment, int generation) {
        long now = System.currentTimeMillis();
        this.generation = generation;
        this.leader = member.isLeader();
        for (String connector : assignment.connectors()) {
            if (running.add(connector)) {
                events.add(new Event(true, connector, now));
            }
        }
        for (ConnectorTaskId task : assignment.tasks()) {
            if (running.add(task)) {
                events.add(new Event(true, task, now));
            }
        }
    }

    @Override
    public synchronized void onRevoked(String leaderId, Collection<String> connectors,
            Collection<ConnectorTaskId> tasks) {
        long now = System.currentTimeMillis();
        for (Object work : concat(connectors, tasks)) {
            if (running.remove(work)) {
                events.add(new Event(false, work, now));
            }
        }
    }

    private static List<Object> concat(Collection<?> a, Collection<?> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public GroupMember member() {
        return member;
    }

    public int generation() {
        return generation;
    }

    public boolean leader() {
        return leader;
    }

    public synchronized Set<Object> running() {
        return new LinkedHashSet<>(running);
    }

    /** How many events so far: a mark to read later events from (times in ms would be ambiguous). */
    public synchronized int eventCount() {
        return events.size();
    }

    public synchronized List<Event> eventsSince(int mark) {
        return List.copyOf(events.subList(mark, events.size()));
    }

    @Override
    public String toString() {
        return name + running();
    }
}

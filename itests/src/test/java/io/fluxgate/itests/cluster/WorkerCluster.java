package io.fluxgate.itests.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * N distributed workers of one Connect cluster (one {@code group.id}, its own internal topics) on a shared
 * {@link BrokerProcess}, each on its own REST port, and what the tests ask of the cluster: the status of a connector
 * as any live worker reports it, where its tasks run, and what its sequence topic holds. Closing stops every worker
 * still running (kill -9 after a grace period): no process outlives a test.
 */
public final class WorkerCluster implements AutoCloseable {

    final String group;
    final BrokerProcess broker;
    final ClusterWorker.Kind kind;
    private final Path dir;
    private final Map<String, String> settings;
    final List<ClusterWorker> workers = new ArrayList<>();
    private int launched;

    /**
     * A cluster named {@code group} (its topics {@code <group>-configs}, {@code -offsets}, {@code -status}) whose
     * workers get the test settings below, then {@code overrides} ({@code key=null} removes a setting).
     */
    public WorkerCluster(String group, BrokerProcess broker, Path dir, ClusterWorker.Kind kind,
            Map<String, String> overrides) {
        this.group = group;
        this.broker = broker;
        this.dir = dir;
        this.kind = kind;
        settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("fluxgate.embedded.broker.enable", "false");
        settings.put("group.id", group);
        settings.put("config.storage.topic", group + "-configs");
        settings.put("offset.storage.topic", group + "-offsets");
        settings.put("status.storage.topic", group + "-status");
        settings.put("config.storage.replication.factor", "1");
        settings.put("offset.storage.replication.factor", "1");
        settings.put("status.storage.replication.factor", "1");
        settings.put("offset.storage.partitions", "5");
        settings.put("status.storage.partitions", "2");
        settings.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        settings.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        settings.put("offset.flush.interval.ms", "1000");
        // Short timeouts in tests; the benchmarks measure the defaults.
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "1000");
        settings.put("rebalance.timeout.ms", "20000");
        overrides.forEach((k, v) -> {
            if (v == null) {
                settings.remove(k);
            } else {
                settings.put(k, v);
            }
        });
    }

    WorkerCluster(String group, BrokerProcess broker, Path dir) {
        this(group, broker, dir, ClusterWorker.Kind.configured(), Map.of());
    }

    WorkerCluster(String group, BrokerProcess broker, Path dir, Map<String, String> overrides) {
        this(group, broker, dir, ClusterWorker.Kind.configured(), overrides);
    }

    String offsetsTopic() {
        return settings.get("offset.storage.topic");
    }

    String configTopic() {
        return settings.get("config.storage.topic");
    }

    /**
     * Starts {@code n} workers: the first alone (so that it joins first and leads the group), the others together;
     * returns once all answer {@code GET /connectors}.
     */
    public WorkerCluster start(int n) throws IOException, InterruptedException {
        if (n > 0) {
            ClusterWorker first = launch();
            first.awaitReady(Duration.ofSeconds(90));
            Thread.sleep(500);
        }
        List<ClusterWorker> others = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            others.add(launch());
        }
        for (ClusterWorker worker : others) {
            worker.awaitReady(Duration.ofSeconds(90));
        }
        return this;
    }

    /** Launches one more worker, without waiting for it. */
    ClusterWorker launch() throws IOException {
        return launch(kind);
    }

    ClusterWorker launch(ClusterWorker.Kind workerKind) throws IOException {
        String name = "w" + (launched++);
        ClusterWorker worker = ClusterWorker.launch(name, workerKind, dir.resolve(group + "-" + name), settings);
        workers.add(worker);
        return worker;
    }

    public ClusterWorker worker(int i) {
        return workers.get(i);
    }

    /** The workers running and not paused. */
    public List<ClusterWorker> live() {
        return workers.stream().filter(w -> w.isAlive() && !w.isPaused()).toList();
    }

    Set<String> liveIds() {
        return live().stream().map(ClusterWorker::workerId).collect(Collectors.toSet());
    }

    /** Any live worker, to ask. */
    ClusterWorker any() {
        List<ClusterWorker> live = live();
        if (live.isEmpty()) {
            throw new AssertionError("no live worker");
        }
        return live.get(0);
    }

    /** Creates the topic the sequence source writes to (one partition) and the connector, through {@code via}. */
    void createSequence(ClusterWorker via, String connector, String topic, int tasks) throws Exception {
        createSequence(via, connector, topic, tasks, Map.of());
    }

    /** The sequence source with further connector settings ({@code more}, plain strings). */
    void createSequence(ClusterWorker via, String connector, String topic, int tasks, Map<String, String> more)
            throws Exception {
        createTopic(topic, 1);
        HttpResponse<String> response = via.write("POST", "/connectors", withSettings(sequenceConnector(connector,
                topic, tasks), more));
        if (response.statusCode() != 201) {
            throw new AssertionError("POST /connectors to " + via + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** A connector's JSON ({@code {"name":..,"config":{..}}}) with {@code more} settings in its config. */
    static String withSettings(String connectorJson, Map<String, String> more) {
        StringBuilder extra = new StringBuilder();
        more.forEach((key, value) -> extra.append(",\"").append(key).append("\":\"").append(value).append('"'));
        return connectorJson.replace("}}", extra + "}}");
    }

    static String sequenceConnector(String connector, String topic, int tasks) {
        return "{\"name\":\"" + connector + "\",\"config\":{"
                + "\"connector.class\":\"io.fluxgate.testplugins.sequence.SequenceSourceConnector\","
                + "\"tasks.max\":\"" + tasks + "\",\"topic\":\"" + topic + "\","
                + "\"batch.size\":\"5\",\"poll.interval.ms\":\"50\"}}";
    }

    void createTopic(String topic, int partitions) throws Exception {
        createTopic(topic, partitions, Map.of());
    }

    void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The group as its coordinator describes it: its members (their ids change only if one left) and state. */
    ClassicGroupDescription describeGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            return admin.describeClassicGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
        }
    }

    JsonNode status(String connector) {
        return any().json("/connectors/" + connector + "/status");
    }

    /**
     * Whether the connector and exactly {@code tasks} tasks are RUNNING, each on one of {@code on} (worker ids), as
     * {@code asked} reports it.
     */
    static boolean allRunning(JsonNode status, int tasks, Set<String> on) {
        if (!status.path("connector").path("state").asText().equals("RUNNING")
                || !on.contains(status.path("connector").path("worker_id").asText())
                || status.path("tasks").size() != tasks) {
            return false;
        }
        for (JsonNode task : status.path("tasks")) {
            if (!task.path("state").asText().equals("RUNNING") || !on.contains(task.path("worker_id").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Waits until every live worker reports all tasks RUNNING on live workers; returns how long it took. */
    Duration awaitAllRunning(String connector, int tasks, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        await("all " + tasks + " tasks of " + connector + " RUNNING on " + liveIds(), timeout, () -> {
            Set<String> ids = liveIds();
            return live().stream().allMatch(w -> allRunning(w.json("/connectors/" + connector + "/status"), tasks,
                    ids));
        }, () -> status(connector).toString());
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Tasks per worker id, as the status reports them. */
    static Map<String, Integer> tasksPerWorker(JsonNode status) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode task : status.path("tasks")) {
            counts.merge(task.path("worker_id").asText(), 1, Integer::sum);
        }
        return counts;
    }

    List<SequenceTopic.Rec> records(String topic) {
        return SequenceTopic.read(broker.bootstrapServers(), topic);
    }

    Map<Integer, Long> committed(String connector) {
        return SequenceTopic.committed(broker.bootstrapServers(), offsetsTopic(), connector);
    }

    /** Waits until each of {@code tasks} tasks wrote beyond {@code beyond} (per task), i.e. they make progress. */
    void awaitProgress(String topic, int tasks, Map<Integer, Long> beyond, Duration timeout)
            throws InterruptedException {
        await("every task of " + topic + " writes beyond " + beyond, timeout, () -> {
            Map<Integer, Long> highest = SequenceTopic.highest(records(topic));
            for (int t = 0; t < tasks; t++) {
                if (highest.getOrDefault(t, -1L) <= beyond.getOrDefault(t, -1L)) {
                    return false;
                }
            }
            return true;
        }, () -> SequenceTopic.highest(records(topic)).toString());
    }

    /** The loss check, after the tasks have written on: every number up to the highest written and committed. */
    void assertNoLoss(String connector, String topic, int tasks) {
        // The offsets first: an offset is committed after its record is acknowledged, so the records read afterwards
        // include every committed one even while the tasks write on.
        Map<Integer, Long> committed = committed(connector);
        SequenceTopic.assertNoLoss(records(topic), committed, tasks);
    }

    /** Workers' outputs, for a failure message. */
    public String outputs(int lines) {
        StringBuilder all = new StringBuilder();
        for (ClusterWorker worker : workers) {
            all.append("---- ").append(worker).append(worker.isAlive() ? "" : " (exited)").append('\n')
                    .append(worker.tail(lines)).append('\n');
        }
        return all.toString();
    }

    @Override
    public void close() throws InterruptedException {
        List<Thread> stops = new ArrayList<>();
        for (ClusterWorker worker : workers) {
            Thread stop = new Thread(() -> {
                try {
                    worker.stop(Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stop.start();
            stops.add(stop);
        }
        for (Thread stop : stops) {
            stop.join();
        }
        for (ClusterWorker worker : workers) {
            if (worker.isAlive()) {
                worker.process().destroyForcibly();
            }
        }
    }

    interface Describe {
        String get();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, Describe state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String now;
                try {
                    now = state.get();
                } catch (RuntimeException e) {
                    now = e.toString();
                }
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + "; now: " + now);
            }
            Thread.sleep(100);
        }
    }
}

package io.fluxgate.runtime.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.herder.TaskConfigGenerator;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;
import io.fluxgate.runtime.worker.Worker;

/**
 * How the tasks of a connector running on this worker are generated again, on a real {@link Worker} running an idle
 * source connector: the leader writes them to the config topic, a follower hands them to the leader over HTTP, a
 * connector this worker does not own, a STOPPED one or one whose tasks did not change writes nothing, and what could
 * not be written or handed over is asked for again later.
 */
class TaskReconfigurationsTest {

    private static final String ME = "http://127.0.0.1:18083/";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final RecordingConfigStore configs = new RecordingConfigStore();
    /** What the connectors asked for themselves (at start). */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    /** What would run on the herder thread: the tests run it themselves. */
    private final HerderQueue herderQueue = new HerderQueue(() -> { });
    /** Where retries ask again. */
    private final ReconfigurationRequests retries = new ReconfigurationRequests(() -> { });
    private Worker worker;
    private AssignedWork work;
    private TaskReconfigurations reconfigurations;
    private HttpServer leader;

    @BeforeEach
    void startWorker() {
        worker = IdleWorkers.start(dir, "fluxgate.connector.call.timeout.ms", "2000");
        RecordingStatusStore statusStore = new RecordingStatusStore();
        TopicStatuses statuses = new TopicStatuses(statusStore, "worker-1", () -> work.generation(), worker,
                connector -> configs.snapshot().contains(connector));
        work = new AssignedWork(worker, statuses, asked::add);
        reconfigurations = new TaskReconfigurations(configs, new TaskConfigGenerator(worker),
                new TaskConfigHandoff("HmacSHA256"), statuses, new GroupView(unusedMember(), work, ME), work,
                retries, herderQueue);
        configs.connector("a", 2, TargetState.STARTED);
    }

    @AfterEach
    void stop() {
        reconfigurations.close();
        worker.close();
        if (leader != null) {
            leader.stop(0);
        }
    }

    /** Runs connector a here, with the group led by {@code leaderUrl}. */
    private void runConnectorA(String leaderUrl) {
        work.onAssigned(new Assignment(Assignment.NO_ERROR, "leader", leaderUrl, 0, List.of("a"), List.of(),
                List.of(), List.of(), 0), 1);
        work.startAssigned(configs.snapshot());
        Await.until("connector a runs", WAIT, () -> worker.isRunning("a"));
        asked.clear(); // the start's own request
    }

    @Test
    void theLeaderWritesTheNewTasksAndNothingWhenTheyDidNotChange() {
        runConnectorA(ME); // its stored tasks are not the ones it generates (they lack task.class)
        reconfigurations.reconfigure("a");
        awaitWritten(1);
        assertEquals(2, configs.written.get(0).getValue().size());
        assertEquals(TestSourceConnector.TestSourceTask.class.getName(),
                configs.written.get(0).getValue().get(1).get("task.class"));

        configs.commitWrittenTasks();
        reconfigurations.reconfigure("a");
        settle();
        assertEquals(1, configs.written.size(), "the same tasks from the same configuration are not written again");
    }

    @Test
    void nothingIsGeneratedForAConnectorThatIsNotOwnedHereOrIsStopped() {
        reconfigurations.reconfigure("a");
        settle();
        assertEquals(List.of(), configs.written, "not owned here");
        runConnectorA(ME);
        configs.connector("a", 2, TargetState.STOPPED);
        reconfigurations.reconfigure("a");
        settle();
        assertEquals(List.of(), configs.written, "stopped");
        assertEquals(List.of(), asked);
    }

    @Test
    void aConnectorHungInTaskConfigsHoldsNeitherTheHerderNorLaterRequests() {
        TestSourceConnector.RELEASE = new java.util.concurrent.CountDownLatch(1);
        configs.connector("a", 2, TargetState.STARTED).put("mode", "hang-task-configs");
        runConnectorA(ME);
        long started = System.nanoTime();
        reconfigurations.reconfigure("a");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < 500, "the herder thread was held " + tookMs + " ms by a hung taskConfigs()");
        settle();
        assertEquals(List.of(), configs.written, "nothing to write while the call hangs");
        TestSourceConnector.RELEASE.countDown();
    }

    @Test
    void aLeaderThatCannotWriteAsksAgainLater() {
        runConnectorA(ME);
        configs.failWrites = true;
        long started = System.nanoTime();
        reconfigurations.reconfigure("a");
        awaitRetryOfA();
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMs >= TaskReconfigurations.RETRY_MS, "backed off " + waitedMs + " ms");
    }

    @Test
    void aFollowerHandsTheTasksToTheLeaderSignedAndRetriesWhatTheLeaderRefuses() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger answer = new AtomicInteger(204);
        leader = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        leader.createContext("/connectors/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst(RequestSignatures.SIGNATURE_HEADER) + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        leader.start();
        runConnectorA("http://127.0.0.1:" + leader.getAddress().getPort() + "/");
        configs.sessionKey = new SessionKey(javax.crypto.KeyGenerator.getInstance("HmacSHA256").generateKey(),
                System.currentTimeMillis());

        reconfigurations.reconfigure("a");
        Await.until("the leader received the tasks", WAIT, () -> {
            herderQueue.runPending();
            return received.size() == 1;
        });
        String request = received.get(0);
        assertTrue(request.startsWith("POST /connectors/a/tasks?forward=false "), request);
        assertTrue(!request.contains(" null "), "signed with the session key: " + request);
        assertTrue(request.contains("\"task.class\":\"" + TestSourceConnector.TestSourceTask.class.getName()
                + "\""), "the generated tasks: " + request);
        assertEquals(List.of(), configs.written, "a follower never writes the config topic");

        answer.set(409); // no longer the leader: ask again, after the rebalance
        reconfigurations.reconfigure("a");
        awaitRetryOfA();
    }

    private void awaitRetryOfA() {
        Await.until("a retry of a is asked for", WAIT, () -> {
            herderQueue.runPending();
            return retries.drain().contains("a");
        });
    }

    /** Runs what the generation delivers to the herder thread until {@code count} task sets were written. */
    private void awaitWritten(int count) {
        Await.until(count + " task set(s) written", WAIT, () -> {
            herderQueue.runPending();
            return configs.written.size() >= count;
        });
    }

    /** Gives an asynchronous generation time to finish, then runs what it delivered: for what must not happen. */
    private void settle() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        herderQueue.runPending();
    }

    private static GroupMember unusedMember() {
        return (GroupMember) Proxy.newProxyInstance(GroupMember.class.getClassLoader(),
                new Class<?>[] {GroupMember.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A config topic in memory: connector a's configuration and tasks, and what was written. */
    private static final class RecordingConfigStore implements ConfigStore {
        final List<Map.Entry<String, List<Map<String, String>>>> written = new CopyOnWriteArrayList<>();
        private final Map<String, Map<String, String>> connectors = new HashMap<>();
        private final Map<String, TargetState> targetStates = new HashMap<>();
        private final Map<String, Integer> taskCounts = new HashMap<>();
        private final Map<ConnectorTaskId, Map<String, String>> tasks = new HashMap<>();
        volatile boolean failWrites;
        volatile SessionKey sessionKey;
        private long offset;

        Map<String, String> connector(String name, int taskCount, TargetState state) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("name", name);
            config.put("connector.class", TestSourceConnector.class.getName());
            config.put("tasks.max", Integer.toString(taskCount));
            config.put("mode", "idle");
            config.put("topic", "unused");
            connectors.put(name, config);
            targetStates.put(name, state);
            taskCounts.put(name, taskCount);
            tasks.keySet().removeIf(task -> task.connector().equals(name));
            for (int i = 0; i < taskCount; i++) {
                tasks.put(new ConnectorTaskId(name, i), Map.copyOf(config));
            }
            offset++;
            return config;
        }

        /** The last written tasks become the stored ones, as the config topic would read them back. */
        void commitWrittenTasks() {
            var last = written.get(written.size() - 1);
            tasks.keySet().removeIf(task -> task.connector().equals(last.getKey()));
            for (int i = 0; i < last.getValue().size(); i++) {
                tasks.put(new ConnectorTaskId(last.getKey(), i), last.getValue().get(i));
            }
            taskCounts.put(last.getKey(), last.getValue().size());
            offset++;
        }

        @Override
        public ConfigSnapshot snapshot() {
            return new ConfigSnapshot(offset, sessionKey, connectors, targetStates, taskCounts, tasks, connectors,
                    Set.of(), Map.of());
        }

        @Override
        public void putTaskConfigs(String connector, List<Map<String, String>> taskConfigs) {
            if (failWrites) {
                throw new IllegalStateException("the config topic cannot be written");
            }
            written.add(Map.entry(connector, List.copyOf(taskConfigs)));
        }

        @Override public void start() { }
        @Override public void stop() { }
        @Override public void refresh(Duration timeout) { }
        @Override public void putConnectorConfig(String c, Map<String, String> config, TargetState state) { }
        @Override public void removeConnectorConfig(String connector) { }
        @Override public void putTargetState(String connector, TargetState state) { }
        @Override public void putTaskCountRecord(String connector, int taskCount) { }
        @Override public void claimWritePrivileges() { }
        @Override public void putSessionKey(SessionKey key) { }
        @Override public void putRestartRequest(RestartRequest request) { }
        @Override public void putLoggerLevel(String namespace, String level) { }
        @Override public void addListener(ConfigListener listener) { }
        @Override public void removeListener(ConfigListener listener) { }
    }
}

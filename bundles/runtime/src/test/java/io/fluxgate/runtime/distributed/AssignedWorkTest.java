package io.fluxgate.runtime.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;
import io.fluxgate.runtime.worker.Worker;

/**
 * What a worker of the group starts, stops and restarts as its assignment and the config topic change, on a real
 * {@link Worker} running idle source connectors (their producers never send, so no broker is needed). What ran is
 * read from the worker and from the statuses it reported; a restart shows as a RESTARTING report, written before
 * {@link AssignedWork} returns.
 */
class AssignedWorkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ConnectorTaskId A0 = new ConnectorTaskId("a", 0);
    private static final ConnectorTaskId A1 = new ConnectorTaskId("a", 1);

    @TempDir
    Path dir;

    private final RecordingStatusStore statusStore = new RecordingStatusStore();
    private final List<String> reconfigurationRequests = new CopyOnWriteArrayList<>();
    private final Configs configs = new Configs();
    private Worker worker;
    private AssignedWork work;

    @BeforeEach
    void startWorker() {
        worker = IdleWorkers.start(dir);
        TopicStatuses statuses = new TopicStatuses(statusStore, "worker-1", () -> work.generation(), worker,
                connector -> configs.snapshot().contains(connector));
        work = new AssignedWork(worker, statuses, reconfigurationRequests::add);
        configs.connector("a", 2);
    }

    @AfterEach
    void stopWorker() {
        worker.close();
    }

    private static Assignment assignment(List<String> connectors, List<ConnectorTaskId> tasks) {
        return new Assignment(Assignment.NO_ERROR, "leader", "http://leader:8083", 0, connectors, tasks, List.of(),
                List.of(), 0);
    }

    /** Assigns connector a with tasks a-0 and a-1, starts them, and waits until all three run. */
    private void runConnectorA() {
        work.onAssigned(assignment(List.of("a"), List.of(A0, A1)), 1);
        work.startAssigned(configs.snapshot());
        awaitReports("a", State.RUNNING, 1);
        awaitReports(A0, State.RUNNING, 1);
        awaitReports(A1, State.RUNNING, 1);
    }

    private void awaitReports(Object id, State state, long count) {
        Await.until(id + " reported " + state + " " + count + " time(s), in " + statusStore.reports(), WAIT,
                () -> statusStore.count(id, state) >= count);
    }

    private void apply(ConfigChanges.Change... changes) {
        work.apply(List.of(changes), configs.snapshot());
    }

    @Test
    void assignedWorkStartsOnlyOnceTheConfigsAreReadAndThenAsksForItsTasks() {
        work.onAssigned(assignment(List.of("a"), List.of(A0, A1)), 1);
        assertEquals(Set.of(), worker.connectorNames(), "nothing runs before the config topic is read as far");
        assertEquals(1, work.generation());

        work.startAssigned(configs.snapshot());

        assertEquals(Set.of("a"), worker.connectorNames());
        assertEquals(Set.of(A0, A1), worker.taskIds());
        assertTrue(work.ownsConnector("a") && work.ownsTask(A0) && work.ownsTask(A1));
        awaitReports("a", State.RUNNING, 1);
        Await.until("the started connector asked for its task configurations", WAIT,
                () -> reconfigurationRequests.contains("a"));
    }

    @Test
    void anAssignmentTheLeaderCouldNotMakeStartsNothing() {
        work.onAssigned(new Assignment(Assignment.CONFIG_MISMATCH, "leader", "http://leader:8083", 7, List.of("a"),
                List.of(A0), List.of(), List.of(), 0), 2);
        work.startAssigned(configs.snapshot());

        assertEquals(Set.of(), worker.connectorNames());
        assertEquals(Set.of(), worker.taskIds());
    }

    @Test
    void startingAgainStartsOnlyNewlyAssignedWorkAndRetriesNoFailure() {
        configs.connector("broken", 1).taskClass("broken", "no.such.TaskClass");
        ConnectorTaskId broken = new ConnectorTaskId("broken", 0);
        work.onAssigned(assignment(List.of("a"), List.of(A0, broken)), 1);
        work.startAssigned(configs.snapshot());
        assertEquals(1, statusStore.count(broken, State.FAILED), "a task that cannot be created fails at once");

        // Started work is started once (a second start of a running connector or task would throw).
        work.onAssigned(assignment(List.of("a"), List.of(A0, A1, broken)), 2);
        work.startAssigned(configs.snapshot());
        work.startAssigned(configs.snapshot());

        assertEquals(Set.of(A0, A1), worker.taskIds());
        assertEquals(1, statusStore.count(broken, State.FAILED), "the failed task is not created at every tick");
        assertTrue(work.ownsTask(broken));
    }

    @Test
    void aTaskAssignedBeforeItsConfigIsReadStartsWhenItsConfigIsCommitted() {
        configs.connector("a", 1);
        work.onAssigned(assignment(List.of(), List.of(A0, A1)), 1);
        work.startAssigned(configs.snapshot());
        assertEquals(Set.of(A0), worker.taskIds());
        assertTrue(work.ownsTask(A1), "owned, waiting for its configuration");

        configs.connector("a", 2);
        apply(new ConfigChanges.TasksCommitted("a", List.of(A0, A1)));

        assertEquals(Set.of(A0, A1), worker.taskIds());
        awaitReports(A1, State.RUNNING, 1);
    }

    @Test
    void revokedWorkStopsAndTheRestKeepsRunning() {
        runConnectorA();

        work.onRevoked("leader", List.of(), List.of(A1));

        assertEquals(Set.of("a"), worker.connectorNames());
        assertEquals(Set.of(A0), worker.taskIds());
        assertFalse(work.ownsTask(A1));
        assertNotNull(work.assignment(), "a partial revocation keeps the assignment");
        assertEquals(0, statusStore.count(A0, State.RESTARTING));
    }

    @Test
    void revokingEverythingForgetsTheAssignmentAsTheGroupWasLost() {
        runConnectorA();

        work.onRevoked("leader", List.of("a"), List.of(A0, A1));

        assertEquals(Set.of(), worker.connectorNames());
        assertEquals(Set.of(), worker.taskIds());
        assertNull(work.assignment(), "no leader is known until the next assignment");
        awaitReports(A0, State.UNASSIGNED, 1);
    }

    @Test
    void stopAllStopsEverythingOwned() {
        runConnectorA();

        work.stopAll();

        assertEquals(Set.of(), worker.connectorNames());
        assertEquals(Set.of(), worker.taskIds());
        assertFalse(work.ownsConnector("a") || work.ownsTask(A0) || work.ownsTask(A1));
    }

    @Test
    void aNewConnectorConfigRestartsTheOwnedConnectorOnItAndLeavesItsTasks() {
        runConnectorA();
        configs.connector("a", 2).set("a", "marker", "second");

        apply(new ConfigChanges.ConnectorUpdated("a"), new ConfigChanges.ConnectorUpdated("not-owned"));

        assertEquals(1, statusStore.count("a", State.RESTARTING));
        assertEquals(0, statusStore.count("not-owned", State.RESTARTING));
        assertEquals(0, statusStore.count(A0, State.RESTARTING) + statusStore.count(A1, State.RESTARTING),
                "tasks restart when their regenerated configurations are committed, not before");
        awaitReports("a", State.RUNNING, 2);
        // TestSourceConnector hands its own configuration to its tasks: the new instance has the new one.
        List<Map<String, String>> taskConfigs = worker.connectorTaskConfigs("a",
                new ConnectorConfig(configs.snapshot().connectorConfig("a")));
        assertEquals("second", taskConfigs.get(0).get("marker"));
    }

    @Test
    void committedTaskConfigsRestartTheOwnedTasksOnly() {
        configs.connector("a", 3);
        work.onAssigned(assignment(List.of(), List.of(A0, A1)), 1);
        work.startAssigned(configs.snapshot());
        // Tasks are assembled on their own threads: one restarted before it ran would never report RUNNING.
        awaitReports(A0, State.RUNNING, 1);
        awaitReports(A1, State.RUNNING, 1);

        apply(new ConfigChanges.TasksCommitted("a", List.of(A0, A1, new ConnectorTaskId("a", 2))));

        assertEquals(1, statusStore.count(A0, State.RESTARTING));
        assertEquals(1, statusStore.count(A1, State.RESTARTING));
        assertEquals(Set.of(A0, A1), worker.taskIds(), "a-2 waits for the next assignment");
        awaitReports(A0, State.RUNNING, 2);
        awaitReports(A1, State.RUNNING, 2);
    }

    @Test
    void aDeletedConnectorStopsHereAndItsStatusIsDeletedByItsOwner() {
        runConnectorA();

        apply(new ConfigChanges.ConnectorRemoved("a"));

        assertEquals(Set.of(), worker.connectorNames());
        assertEquals(Set.of(), worker.taskIds());
        assertFalse(work.ownsConnector("a") || work.ownsTask(A0));
        assertEquals(Set.of("a"), statusStore.deleted());
    }

    @Test
    void aDeletedConnectorsTasksStopHereButOnlyTheConnectorsOwnerDeletesItsStatus() {
        work.onAssigned(assignment(List.of(), List.of(A0)), 1);
        work.startAssigned(configs.snapshot());

        apply(new ConfigChanges.ConnectorRemoved("a"), new ConfigChanges.ConnectorRemoved("never-here"));

        assertEquals(Set.of(), worker.taskIds());
        assertEquals(Set.of(), statusStore.deleted());
    }

    @Test
    void pausingPausesTheOwnedWorkAndResumingAsksForTheTasksAgain() {
        runConnectorA();
        Await.until("the first request for task configurations", WAIT, () -> reconfigurationRequests.size() == 1);

        configs.targetState("a", TargetState.PAUSED);
        apply(new ConfigChanges.TargetStateChanged("a"));
        awaitReports("a", State.PAUSED, 1);
        awaitReports(A0, State.PAUSED, 1);
        awaitReports(A1, State.PAUSED, 1);

        configs.targetState("a", TargetState.STARTED);
        apply(new ConfigChanges.TargetStateChanged("a"));
        awaitReports(A0, State.RUNNING, 2);
        Await.until("the resumed connector asked for its task configurations", WAIT,
                () -> reconfigurationRequests.size() == 2);
        assertEquals(0, statusStore.count("a", State.RESTARTING), "paused and resumed, not restarted");
    }

    @Test
    void stoppingStopsTheConnectorAndStartingItAgainAsksForTheTasks() {
        runConnectorA();
        Await.until("the first request for task configurations", WAIT, () -> reconfigurationRequests.size() == 1);

        configs.targetState("a", TargetState.STOPPED);
        apply(new ConfigChanges.TargetStateChanged("a"));
        awaitReports("a", State.STOPPED, 1);
        assertEquals(1, reconfigurationRequests.size(), "a stopped connector has no tasks to generate");

        configs.targetState("a", TargetState.STARTED);
        apply(new ConfigChanges.TargetStateChanged("a"));
        awaitReports("a", State.RUNNING, 2);
        Await.until("the started connector asked for its tasks again", WAIT,
                () -> reconfigurationRequests.size() == 2);
    }

    @Test
    void aConnectorDeletedAndCreatedAgainInOneReadRunsOnItsNewConfigAtTheNextStart() {
        runConnectorA();
        configs.connector("a", 2).set("a", "marker", "recreated");

        apply(new ConfigChanges.ConnectorRemoved("a"), new ConfigChanges.ConnectorUpdated("a"));
        assertEquals(Set.of(), worker.connectorNames(), "the deleted instance stopped");
        work.startAssigned(configs.snapshot()); // the assignment still names it, as the herder's next tick sees

        assertEquals(Set.of("a"), worker.connectorNames());
        assertEquals(Set.of(A0, A1), worker.taskIds());
        awaitReports("a", State.RUNNING, 2);
        assertEquals("recreated", worker.connectorTaskConfigs("a",
                new ConnectorConfig(configs.snapshot().connectorConfig("a"))).get(0).get("marker"));
    }

    @Test
    void aWorkerWithOnlyTasksOfTheConnectorPausesThemButAsksForNothing() {
        work.onAssigned(assignment(List.of(), List.of(A0)), 1);
        work.startAssigned(configs.snapshot());
        awaitReports(A0, State.RUNNING, 1);

        configs.targetState("a", TargetState.PAUSED);
        apply(new ConfigChanges.TargetStateChanged("a"));
        awaitReports(A0, State.PAUSED, 1);
        configs.targetState("a", TargetState.STARTED);
        apply(new ConfigChanges.TargetStateChanged("a"));
        awaitReports(A0, State.RUNNING, 2);

        assertEquals(List.of(), reconfigurationRequests, "only the connector's owner generates its tasks");
    }

    @Test
    void aRestartRequestRestartsTheConnectorAloneOrWithItsTasks() {
        runConnectorA();

        apply(new ConfigChanges.RestartRequested(new RestartRequest("a", false, false)));
        assertEquals(1, statusStore.count("a", State.RESTARTING));
        assertEquals(0, statusStore.count(A0, State.RESTARTING) + statusStore.count(A1, State.RESTARTING));
        awaitReports("a", State.RUNNING, 2); // else the next restart stops an instance that never ran

        apply(new ConfigChanges.RestartRequested(new RestartRequest("a", false, true)));
        assertEquals(2, statusStore.count("a", State.RESTARTING));
        assertEquals(1, statusStore.count(A0, State.RESTARTING));
        assertEquals(1, statusStore.count(A1, State.RESTARTING));
        awaitReports(A0, State.RUNNING, 2);
        awaitReports(A1, State.RUNNING, 2);
        awaitReports("a", State.RUNNING, 3);
    }

    @Test
    void aRestartOfOnlyTheFailedRestartsOnlyWhatFailed() {
        runConnectorA();
        // Task a-1 failed, as its WorkerTask would report it
        statusStore.put(new TaskStatus(A1, State.FAILED, "trace", "worker-1", 1, null));

        apply(new ConfigChanges.RestartRequested(new RestartRequest("a", true, false)));
        assertEquals(List.of(0L, 0L, 0L), List.of(statusStore.count("a", State.RESTARTING),
                statusStore.count(A0, State.RESTARTING), statusStore.count(A1, State.RESTARTING)),
                "the connector runs, and tasks were not asked for");

        apply(new ConfigChanges.RestartRequested(new RestartRequest("a", true, true)));
        assertEquals(List.of(0L, 0L, 1L), List.of(statusStore.count("a", State.RESTARTING),
                statusStore.count(A0, State.RESTARTING), statusStore.count(A1, State.RESTARTING)));
        awaitReports(A1, State.RUNNING, 2);
    }

    @Test
    void aRestartRequestRestartsTheTasksAWorkerRunsWithoutTheConnector() {
        work.onAssigned(assignment(List.of(), List.of(A1)), 1);
        work.startAssigned(configs.snapshot());

        apply(new ConfigChanges.RestartRequested(new RestartRequest("a", false, true)));

        assertEquals(0, statusStore.count("a", State.RESTARTING));
        assertEquals(1, statusStore.count(A1, State.RESTARTING));
        assertEquals(Set.of(A1), worker.taskIds());
    }

    @Test
    void aPluginUpdateStopsTheOwnedWorkKeepsItOwnedAndStartsItAgain() {
        runConnectorA();

        work.stopOwned("a");
        assertEquals(Set.of(), worker.connectorNames());
        assertEquals(Set.of(), worker.taskIds());
        assertTrue(work.ownsConnector("a") && work.ownsTask(A0) && work.ownsTask(A1), "still this worker's");
        work.markOwned("a", State.RESTARTING, null);
        assertEquals(1, statusStore.count("a", State.RESTARTING));

        work.startOwned("a", configs.snapshot());
        assertEquals(Set.of("a"), worker.connectorNames());
        assertEquals(Set.of(A0, A1), worker.taskIds());
        awaitReports("a", State.RUNNING, 2);
        awaitReports(A0, State.RUNNING, 2);
        awaitReports(A1, State.RUNNING, 2);
    }

    @Test
    void aRemovedPluginFailsTheOwnedConnectorAndItsTasksWithTheReason() {
        runConnectorA();
        work.stopOwned("a");

        work.markOwned("a", State.FAILED, new IllegalStateException("plugin removed"));

        assertEquals(State.FAILED, statusStore.get("a").state());
        assertTrue(statusStore.get("a").trace().contains("plugin removed"), statusStore.get("a").trace());
        assertEquals(State.FAILED, statusStore.get(A0).state());
        assertEquals(State.FAILED, statusStore.get(A1).state());
        work.markOwned("not-owned", State.FAILED, new IllegalStateException("plugin removed"));
        assertNull(statusStore.get("not-owned"));
    }

    /** The config topic as read so far: connectors of idle source tasks, changed by each test. */
    private static final class Configs {
        private final Map<String, Map<String, String>> connectors = new HashMap<>();
        private final Map<String, TargetState> targetStates = new HashMap<>();
        private final Map<String, Integer> taskCounts = new HashMap<>();
        private final Map<ConnectorTaskId, Map<String, String>> tasks = new HashMap<>();
        private long offset;

        /** Connector {@code name} with {@code taskCount} committed tasks, STARTED. */
        Configs connector(String name, int taskCount) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("name", name);
            config.put("connector.class", TestSourceConnector.class.getName());
            config.put("tasks.max", Integer.toString(taskCount));
            config.put("mode", "idle");
            config.put("topic", "unused");
            connectors.put(name, config);
            targetStates.putIfAbsent(name, TargetState.STARTED);
            taskCounts.put(name, taskCount);
            tasks.keySet().removeIf(task -> task.connector().equals(name));
            for (int i = 0; i < taskCount; i++) {
                tasks.put(new ConnectorTaskId(name, i), Map.of("task.class",
                        TestSourceConnector.TestSourceTask.class.getName(), "mode", "idle", "topic", "unused"));
            }
            offset++;
            return this;
        }

        Configs set(String connector, String key, String value) {
            connectors.get(connector).put(key, value);
            offset++;
            return this;
        }

        Configs taskClass(String connector, String taskClass) {
            tasks.replaceAll((task, config) -> task.connector().equals(connector)
                    ? Map.of("task.class", taskClass) : config);
            offset++;
            return this;
        }

        Configs targetState(String connector, TargetState state) {
            targetStates.put(connector, state);
            offset++;
            return this;
        }

        ConfigSnapshot snapshot() {
            return new ConfigSnapshot(offset, null, connectors, targetStates, taskCounts, tasks, connectors, Set.of(),
                    Map.of());
        }
    }
}

package io.fluxgate.storage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;

/**
 * The config topic's rules, applied to records as JSON reads them (maps, longs). The sequences include logs as
 * compaction leaves them, which a live topic would take long to produce.
 */
class ConfigStateTest {

    private final ConfigState state = new ConfigState();
    private final List<String> told = new ArrayList<>();
    private long offset;

    private final ConfigListener listener = new ConfigListener() {
        @Override
        public void connectorConfigUpdated(String connector) {
            told.add("updated " + connector);
        }

        @Override
        public void connectorConfigRemoved(String connector) {
            told.add("removed " + connector);
        }

        @Override
        public void targetStateChanged(String connector) {
            told.add("target " + connector);
        }

        @Override
        public void taskConfigsCommitted(String connector, Collection<ConnectorTaskId> tasks) {
            told.add("committed " + connector + " " + tasks);
        }
    };

    private void apply(String key, Object value) {
        ConfigState.Change change = state.apply(key, offset++, value);
        if (change != null) {
            change.accept(listener);
        }
    }

    private static Map<String, Object> properties(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return Map.of("properties", properties);
    }

    private static Map<String, Object> commit(long tasks) {
        return Map.of("tasks", tasks);
    }

    @Test
    void tasksAreVisibleOnlyOnceTheirCommitIsRead() {
        apply("connector-c", properties("tasks.max", "2"));
        apply("task-c-0", properties("task", "0"));
        apply("task-c-1", properties("task", "1"));
        assertEquals(List.of(), state.snapshot().tasks("c"));
        assertNull(state.snapshot().taskConfig(new ConnectorTaskId("c", 0)));

        apply("commit-c", commit(2));
        ConfigSnapshot snapshot = state.snapshot();
        assertEquals(List.of(new ConnectorTaskId("c", 0), new ConnectorTaskId("c", 1)), snapshot.tasks("c"));
        assertEquals(Map.of("task", "1"), snapshot.taskConfig(new ConnectorTaskId("c", 1)));
        assertEquals(Map.of("tasks.max", "2"), snapshot.appliedConfig("c"));
        assertEquals(List.of("updated c", "committed c [c-0, c-1]"), told);
        assertEquals(4, snapshot.offset(), "the offset of the next record");
    }

    @Test
    void aCommitMissingTasksThatCompactionRemovedLeavesTheConnectorInconsistentUntilAFullOne() {
        // Written: connector, task-0, task-1, commit(2), task-0, commit(1); compaction removed the first task-0.
        apply("connector-c", properties("k", "v"));
        apply("task-c-1", properties("task", "1 of 2"));
        apply("commit-c", commit(2));
        assertTrue(state.snapshot().inconsistent().contains("c"));
        assertEquals(List.of(), state.snapshot().tasks("c"), "no half set of tasks");

        apply("task-c-0", properties("task", "0 of 1"));
        apply("commit-c", commit(1));
        ConfigSnapshot snapshot = state.snapshot();
        assertFalse(snapshot.inconsistent().contains("c"));
        assertEquals(List.of(new ConnectorTaskId("c", 0)), snapshot.tasks("c"));
        assertEquals(Map.of("task", "0 of 1"), snapshot.taskConfig(new ConnectorTaskId("c", 0)));
    }

    @Test
    void fewerTasksDropTheConfigurationsOfTheOthers() {
        apply("connector-c", properties());
        apply("task-c-0", properties("n", "0"));
        apply("task-c-1", properties("n", "1"));
        apply("commit-c", commit(2));
        apply("task-c-0", properties("n", "only"));
        apply("commit-c", commit(1));
        ConfigSnapshot snapshot = state.snapshot();
        assertEquals(1, snapshot.taskCount("c"));
        assertNull(snapshot.taskConfig(new ConnectorTaskId("c", 1)));
        assertEquals(Map.of("n", "only"), snapshot.taskConfig(new ConnectorTaskId("c", 0)));
    }

    @Test
    void aCommitForADeletedConnectorWhoseRecordsWereCompactedAwayIsIgnored() {
        apply("task-gone-0", properties("n", "0"));
        apply("commit-gone", commit(1));
        ConfigSnapshot snapshot = state.snapshot();
        assertFalse(snapshot.contains("gone"));
        assertEquals(List.of(), snapshot.tasks("gone"));
        assertEquals(List.of(), told);
    }

    @Test
    void aTombstoneRemovesTheConnectorAndItsTasks() {
        apply("connector-c", properties("k", "v"));
        apply("task-c-0", properties("n", "0"));
        apply("commit-c", commit(1));
        apply("target-state-c", Map.of("state", "PAUSED", "state.v2", "PAUSED"));
        apply("connector-c", null);
        apply("target-state-c", null);
        ConfigSnapshot snapshot = state.snapshot();
        assertFalse(snapshot.contains("c"));
        assertNull(snapshot.targetState("c"));
        assertNull(snapshot.taskConfig(new ConnectorTaskId("c", 0)));
        assertEquals(List.of("updated c", "committed c [c-0]", "target c", "removed c"), told);
    }

    @Test
    void targetStatesReadBothFormatsAndDefaultToStarted() {
        apply("connector-old", properties());
        assertEquals(TargetState.STARTED, state.snapshot().targetState("old"), "no target state: STARTED");

        apply("target-state-old", Map.of("state", "PAUSED"));
        assertEquals(TargetState.PAUSED, state.snapshot().targetState("old"), "v0: 'state' only");

        apply("target-state-old", Map.of("state", "PAUSED", "state.v2", "STOPPED"));
        assertEquals(TargetState.STOPPED, state.snapshot().targetState("old"), "v1: 'state.v2' wins");

        apply("target-state-old", Map.of("state", "PAUSED", "state.v2", 7L));
        assertEquals(TargetState.PAUSED, state.snapshot().targetState("old"), "a bad 'state.v2' falls back");

        apply("target-state-old", Map.of("state", "NAPPING"));
        assertEquals(TargetState.PAUSED, state.snapshot().targetState("old"), "an unknown state is ignored");
    }

    @Test
    void aConnectorCreatedWithAnInitialStateTellsOnlyOfItsCreation() {
        apply("target-state-new", Map.of("state", "PAUSED", "state.v2", "STOPPED"));
        apply("connector-new", properties());
        assertEquals(TargetState.STOPPED, state.snapshot().targetState("new"));
        assertEquals(List.of("updated new"), told);

        apply("target-state-new", Map.of("state", "PAUSED", "state.v2", "STOPPED"));
        assertEquals(List.of("updated new"), told, "an unchanged state tells nothing");
    }

    @Test
    void connectorNamesWithHyphensAndMalformedRecordsAreHandled() {
        apply("connector-my-source-1", properties("k", "v"));
        apply("task-my-source-1-0", properties("n", "0"));
        apply("commit-my-source-1", commit(1));
        assertEquals(List.of(new ConnectorTaskId("my-source-1", 0)), state.snapshot().tasks("my-source-1"));

        apply("task-nonumber", properties());
        apply("connector-bad", "not a map");
        apply("commit-my-source-1", Map.of("tasks", "one"));
        apply("something-else", Map.of());
        assertFalse(state.snapshot().contains("bad"));
        assertEquals(1, state.snapshot().taskCount("my-source-1"));
        assertEquals(7, state.snapshot().offset());
    }
}

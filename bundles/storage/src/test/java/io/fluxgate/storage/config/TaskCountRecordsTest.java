package io.fluxgate.storage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

/**
 * Task count records (KIP-618) on a real topic: what is written, and what a snapshot says of a connector's fencing
 * (its latest task count record, its task configuration generation, whether it is pending fencing) as commits, task
 * count records and deletion follow one another. Apache's own store agrees on the same sequences
 * ({@code compat.ApacheExactlyOnceConfigCompatibilityTest}).
 */
class TaskCountRecordsTest {

    private static DistributedStores open(Map<String, String> settings) {
        return new KafkaStoreFactory().open(settings);
    }

    @Test
    void aTaskCountRecordIsWrittenAsApacheWritesItAndReadBack() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = open(settings)) {
            ConfigStore configs = stores.configs();
            configs.start();
            configs.putConnectorConfig("source", Map.of("tasks.max", "3"), null);
            configs.putTaskCountRecord("source", 3);
            assertEquals(3, configs.snapshot().taskCountRecord("source"), "read back before the write returns");
        }
        List<RawTopic.Entry> records = RawTopic.read(settings.get("config.storage.topic"));
        assertEquals("0:tasks-fencing-source={\"task-count\":3}", records.get(records.size() - 1).toString());
        try (DistributedStores later = open(settings)) {
            later.configs().start();
            assertEquals(3, later.configs().snapshot().taskCountRecord("source"));
            assertNull(later.configs().snapshot().taskCountRecord("other"));
        }
    }

    @Test
    void committedTasksArePendingFencingUntilATaskCountRecordFollows() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = open(settings)) {
            ConfigStore configs = stores.configs();
            configs.start();
            configs.putConnectorConfig("source", Map.of("tasks.max", "2"), null);
            ConfigSnapshot created = configs.snapshot();
            assertFalse(created.pendingFencing("source"), "no tasks yet");
            assertEquals(-1, created.taskConfigGeneration("source"));
            assertNull(created.taskCountRecord("source"));

            configs.putTaskConfigs("source", List.of(Map.of("n", "0"), Map.of("n", "1")));
            ConfigSnapshot committed = configs.snapshot();
            assertTrue(committed.pendingFencing("source"));
            assertEquals(0, committed.taskConfigGeneration("source"), "Apache's first generation");
            assertNull(committed.taskCountRecord("source"));

            configs.putTaskCountRecord("source", 2);
            ConfigSnapshot fenced = configs.snapshot();
            assertFalse(fenced.pendingFencing("source"));
            assertEquals(2, fenced.taskCountRecord("source"));
            assertEquals(0, fenced.taskConfigGeneration("source"), "a task count record is not a generation");

            configs.putTaskConfigs("source", List.of(Map.of("n", "0")));
            ConfigSnapshot reconfigured = configs.snapshot();
            assertTrue(reconfigured.pendingFencing("source"), "the two producers of before must be fenced");
            assertEquals(2, reconfigured.taskCountRecord("source"));
            assertEquals(1, reconfigured.taskConfigGeneration("source"));
        }
        try (DistributedStores later = open(settings)) {
            later.configs().start();
            ConfigSnapshot read = later.configs().snapshot();
            assertTrue(read.pendingFencing("source"), "the same when read from the topic");
            assertEquals(2, read.taskCountRecord("source"));
            assertEquals(1, read.taskConfigGeneration("source"));
        }
    }

    /**
     * As Apache's store: deleting a connector forgets neither its task count record nor that it is pending fencing,
     * so that a connector created again under its name fences the deleted one's task producers first.
     */
    @Test
    void aDeletedConnectorsTaskCountRecordOutlivesItForItsSuccessor() {
        try (DistributedStores stores = open(Workers.settings())) {
            ConfigStore configs = stores.configs();
            configs.start();
            configs.putConnectorConfig("source", Map.of("tasks.max", "3"), null);
            configs.putTaskConfigs("source", List.of(Map.of("n", "0"), Map.of("n", "1"), Map.of("n", "2")));
            configs.putTaskCountRecord("source", 3);
            configs.putTaskConfigs("source", List.of(Map.of("n", "0")));
            configs.removeConnectorConfig("source");
            ConfigSnapshot deleted = configs.snapshot();
            assertFalse(deleted.contains("source"));
            assertEquals(List.of(), deleted.tasks("source"));
            assertEquals(3, deleted.taskCountRecord("source"));
            assertTrue(deleted.pendingFencing("source"));

            configs.putConnectorConfig("source", Map.of("tasks.max", "1"), null);
            configs.putTaskConfigs("source", List.of(Map.of("n", "again")));
            ConfigSnapshot recreated = configs.snapshot();
            assertTrue(recreated.pendingFencing("source"));
            assertEquals(3, recreated.taskCountRecord("source"), "three producers of the deleted one to fence");
            assertEquals(2, recreated.taskConfigGeneration("source"), "generations go on counting");
        }
    }
}

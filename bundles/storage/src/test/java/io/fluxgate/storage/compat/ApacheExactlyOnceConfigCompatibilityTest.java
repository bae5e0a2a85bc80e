package io.fluxgate.storage.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.PrivilegedWriteException;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

/**
 * What exactly-once source support (KIP-618) keeps in the config topic, against Apache Kafka Connect 4.3.1's
 * {@code KafkaConfigBackingStore}: the task count records each writes, the other reads alike (task count record,
 * task configuration generation, pending fencing), and their leaders share one {@code transactional.id}, so that an
 * Apache leader and a Fluxgate leader fence each other during a takeover.
 */
class ApacheExactlyOnceConfigCompatibilityTest {

    private static final List<String> CONNECTORS = List.of("resized", "fenced", "gone", "never-created");

    private static Map<String, String> withSupport(Map<String, String> settings, String support) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put("exactly.once.source.support", support);
        return copy;
    }

    private static Map<String, String> tasks(int n) {
        return Map.of("task", Integer.toString(n));
    }

    /** A leader's fencing history through Apache's store, in its exactly-once mode... */
    private static void writeWithApache(KafkaConfigBackingStore apache) {
        apache.claimWritePrivileges();
        apache.putConnectorConfig("resized", Map.of("tasks.max", "2"), null);
        apache.putTaskConfigs("resized", List.of(tasks(0), tasks(1)));
        apache.putTaskCountRecord("resized", 2);
        apache.putTaskConfigs("resized", List.of(tasks(0)));
        apache.putConnectorConfig("fenced", Map.of("tasks.max", "1"), null);
        apache.putTaskConfigs("fenced", List.of(tasks(0)));
        apache.putTaskCountRecord("fenced", 1);
        apache.putConnectorConfig("gone", Map.of("tasks.max", "1"), null);
        apache.putTaskConfigs("gone", List.of(tasks(0)));
        apache.removeConnectorConfig("gone");
    }

    /** ...and through Fluxgate's. */
    private static void writeWithFluxgate(ConfigStore fluxgate) {
        fluxgate.claimWritePrivileges();
        fluxgate.putConnectorConfig("resized", Map.of("tasks.max", "2"), null);
        fluxgate.putTaskConfigs("resized", List.of(tasks(0), tasks(1)));
        fluxgate.putTaskCountRecord("resized", 2);
        fluxgate.putTaskConfigs("resized", List.of(tasks(0)));
        fluxgate.putConnectorConfig("fenced", Map.of("tasks.max", "1"), null);
        fluxgate.putTaskConfigs("fenced", List.of(tasks(0)));
        fluxgate.putTaskCountRecord("fenced", 1);
        fluxgate.putConnectorConfig("gone", Map.of("tasks.max", "1"), null);
        fluxgate.putTaskConfigs("gone", List.of(tasks(0)));
        fluxgate.removeConnectorConfig("gone");
    }

    /** Both views say the same of each connector's fencing, existing or not. */
    private static void assertSameFencing(ClusterConfigState apache, ConfigSnapshot fluxgate, List<String> names) {
        assertEquals(apache.connectors(), fluxgate.connectors());
        assertEquals(apache.inconsistentConnectors(), fluxgate.inconsistent());
        for (String connector : names) {
            assertEquals(apache.taskCountRecord(connector), fluxgate.taskCountRecord(connector), connector);
            assertEquals(apache.pendingFencing(connector), fluxgate.pendingFencing(connector), connector);
            Integer generation = apache.taskConfigGeneration(connector);
            assertEquals(generation == null ? -1 : generation, fluxgate.taskConfigGeneration(connector), connector);
            assertEquals(apache.taskCount(connector), fluxgate.taskCount(connector), connector);
        }
        assertEquals(apache.offset(), fluxgate.offset());
    }

    @Test
    void fluxgateReadsWhatAnApacheLeaderWroteInExactlyOnceMode() throws Exception {
        Map<String, String> settings = Workers.settings();
        ClusterConfigState written;
        try (ApacheWorker worker = new ApacheWorker(withSupport(settings, "enabled"))) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            writeWithApache(apache);
            written = apache.snapshot();
            apache.stop();
        }
        try (DistributedStores fluxgate = new KafkaStoreFactory().open(withSupport(settings, "preparing"))) {
            fluxgate.configs().start();
            ConfigSnapshot read = fluxgate.configs().snapshot();
            assertEquals(2, read.taskCountRecord("resized"));
            assertSameFencing(written, read, CONNECTORS);
        }
    }

    @Test
    void apacheReadsWhatAFluxgateLeaderWroteAndBothWroteTheSameBytes() throws Exception {
        Map<String, String> byFluxgate = Workers.settings();
        ConfigSnapshot written;
        try (DistributedStores fluxgate = new KafkaStoreFactory().open(withSupport(byFluxgate, "preparing"))) {
            fluxgate.configs().start();
            writeWithFluxgate(fluxgate.configs());
            written = fluxgate.configs().snapshot();
        }
        try (ApacheWorker worker = new ApacheWorker(withSupport(byFluxgate, "enabled"))) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            try {
                assertSameFencing(apache.snapshot(), written, CONNECTORS);
            } finally {
                apache.stop();
            }
        }
        Map<String, String> byApache = Workers.settings();
        try (ApacheWorker worker = new ApacheWorker(withSupport(byApache, "enabled"))) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            writeWithApache(apache);
            apache.stop();
        }
        List<RawTopic.Entry> apacheRecords = RawTopic.readCommitted(byApache.get("config.storage.topic"));
        assertEquals(apacheRecords, RawTopic.readCommitted(byFluxgate.get("config.storage.topic")));
        assertEquals("0:tasks-fencing-resized={\"task-count\":2}", apacheRecords.get(4).toString());
    }

    @Test
    void apacheAndFluxgateLeadersFenceEachOther() throws Exception {
        Map<String, String> settings = Workers.settings();
        try (ApacheWorker worker = new ApacheWorker(withSupport(settings, "enabled"));
                DistributedStores fluxgate = new KafkaStoreFactory().open(withSupport(settings, "preparing"))) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            fluxgate.configs().start();
            try {
                apache.claimWritePrivileges();
                apache.putConnectorConfig("c", Map.of("tasks.max", "1"), null);

                fluxgate.configs().claimWritePrivileges();
                assertThrows(org.apache.kafka.connect.storage.PrivilegedWriteException.class,
                        () -> apache.putTaskCountRecord("c", 7));
                fluxgate.configs().putTaskCountRecord("c", 1);

                apache.claimWritePrivileges();
                assertThrows(PrivilegedWriteException.class, () -> fluxgate.configs().putTaskCountRecord("c", 9));
                apache.putTaskCountRecord("c", 2);
                apache.refresh(15, TimeUnit.SECONDS);
                assertEquals(2, apache.snapshot().taskCountRecord("c"));
            } finally {
                apache.stop();
            }
        }
        List<String> committed = RawTopic.readCommitted(settings.get("config.storage.topic")).stream()
                .map(RawTopic.Entry::toString).toList();
        assertEquals(List.of("0:connector-c={\"properties\":{\"tasks.max\":\"1\"}}",
                "0:tasks-fencing-c={\"task-count\":1}", "0:tasks-fencing-c={\"task-count\":2}"), committed);
    }

    /**
     * Apache's counting rules on sequences only compaction or crashes leave (written raw, without a store): a commit
     * whose set is incomplete, a commit of no tasks with and without task configurations read before, a commit and a
     * task count record of a connector that does not exist, a deletion after a task count record.
     */
    @Test
    void bothCountGenerationsAndPendingFencingAlikeOnCompactedHistory() throws Exception {
        Map<String, String> settings = Workers.settings();
        String topic = settings.get("config.storage.topic");
        RawTopic.create(topic, 1, Map.of("cleanup.policy", "compact"));
        RawTopic.write(topic, List.of(
                raw("connector-a", "{\"properties\":{}}"), raw("task-a-0", "{\"properties\":{}}"),
                raw("task-a-1", "{\"properties\":{}}"), raw("commit-a", "{\"tasks\":2}"),
                raw("tasks-fencing-a", "{\"task-count\":2}"), raw("commit-a", "{\"tasks\":2}"),
                raw("connector-b", "{\"properties\":{}}"), raw("commit-b", "{\"tasks\":0}"),
                raw("connector-c", "{\"properties\":{}}"), raw("task-c-0", "{\"properties\":{}}"),
                raw("commit-c", "{\"tasks\":1}"), raw("commit-c", "{\"tasks\":0}"),
                raw("commit-ghost", "{\"tasks\":1}"), raw("tasks-fencing-ghost", "{\"task-count\":4}"),
                raw("connector-d", "{\"properties\":{}}"), raw("task-d-0", "{\"properties\":{}}"),
                raw("commit-d", "{\"tasks\":1}"), raw("tasks-fencing-d", "{\"task-count\":1}"),
                raw("task-d-0", "{\"properties\":{}}"), raw("commit-d", "{\"tasks\":1}"),
                raw("connector-d", null), raw("target-state-d", null)));
        ClusterConfigState apacheView;
        try (ApacheWorker worker = new ApacheWorker(settings)) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            apacheView = apache.snapshot();
            apache.stop();
        }
        try (DistributedStores fluxgate = new KafkaStoreFactory().open(settings)) {
            fluxgate.configs().start();
            ConfigSnapshot fluxgateView = fluxgate.configs().snapshot();
            assertFalse(fluxgateView.pendingFencing("ghost"));
            assertSameFencing(apacheView, fluxgateView, List.of("a", "b", "c", "d", "ghost", "none"));
        }
    }

    private static RawTopic.Entry raw(String key, String value) {
        return new RawTopic.Entry(0, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}

package io.fluxgate.storage.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.Await;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

class KafkaConfigStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** What a listener was told, as text. */
    private static final class Recorder implements ConfigListener {
        final List<String> told = new CopyOnWriteArrayList<>();

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

        @Override
        public void restartRequested(RestartRequest request) {
            told.add("restart " + request.connector() + " onlyFailed=" + request.onlyFailed() + " includeTasks="
                    + request.includeTasks());
        }

        @Override
        public void sessionKeyUpdated(SessionKey key) {
            told.add("session key " + key.key().getAlgorithm());
        }

        @Override
        public void loggerLevelChanged(String namespace, String level) {
            told.add("logger " + namespace + "=" + level);
        }
    }

    private static DistributedStores open(Map<String, String> settings) {
        return new KafkaStoreFactory().open(settings);
    }

    @Test
    void connectorConfigurationsAndTasksSurviveARestartOfTheWorker() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores first = open(settings)) {
            ConfigStore configs = first.configs();
            configs.start();
            configs.putConnectorConfig("source", Map.of("connector.class", "FileStreamSource", "tasks.max", "2"),
                    null);
            configs.putTaskConfigs("source", List.of(Map.of("file", "a"), Map.of("file", "b")));
            ConfigSnapshot written = configs.snapshot();
            assertEquals(Map.of("connector.class", "FileStreamSource", "tasks.max", "2"),
                    written.connectorConfig("source"));
            assertEquals(TargetState.STARTED, written.targetState("source"));
            assertEquals(2, written.taskCount("source"));
        }
        try (DistributedStores second = open(settings)) {
            second.configs().start();
            ConfigSnapshot read = second.configs().snapshot();
            assertEquals(List.of("source"), List.copyOf(read.connectors()));
            assertEquals(Map.of("file", "b"), read.taskConfig(new ConnectorTaskId("source", 1)));
            assertEquals(read.connectorConfig("source"), read.appliedConfig("source"));
            assertEquals(4, read.offset(), "connector, two tasks, commit");
        }
    }

    /** kcctl, exported configurations and GitOps diffs see the keys in the order their user wrote them. */
    @Test
    void aConfigurationReadsBackInTheOrderItWasWritten() {
        Map<String, String> settings = Workers.settings();
        Map<String, String> config = new LinkedHashMap<>();
        for (String key : List.of("tasks.max", "connector.class", "topics", "file", "b.key", "a.key", "name")) {
            config.put(key, "value of " + key);
        }
        try (DistributedStores first = open(settings)) {
            first.configs().start();
            first.configs().putConnectorConfig("ordered", config, null);
            first.configs().putTaskConfigs("ordered", List.of(config));
            assertEquals(List.copyOf(config.keySet()),
                    List.copyOf(first.configs().snapshot().connectorConfig("ordered").keySet()));
        }
        try (DistributedStores second = open(settings)) {
            second.configs().start();
            ConfigSnapshot read = second.configs().snapshot();
            assertEquals(List.copyOf(config.keySet()), List.copyOf(read.connectorConfig("ordered").keySet()));
            assertEquals(List.copyOf(config.keySet()),
                    List.copyOf(read.taskConfig(new ConnectorTaskId("ordered", 0)).keySet()));
        }
    }

    @Test
    void taskConfigurationsWithoutTheirCommitAreNotVisible() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = open(settings)) {
            ConfigStore configs = stores.configs();
            configs.start();
            configs.putConnectorConfig("sink", Map.of("k", "v"), null);
            // A leader that died after writing a task configuration and before its commit.
            RawTopic.write(settings.get("config.storage.topic"), List.of(new RawTopic.Entry(0,
                    "task-sink-0".getBytes(StandardCharsets.UTF_8),
                    "{\"properties\":{\"n\":\"0\"}}".getBytes(StandardCharsets.UTF_8))));
            assertTrue(waitRefresh(configs).tasks("sink").isEmpty());
            assertNull(configs.snapshot().taskConfig(new ConnectorTaskId("sink", 0)));

            configs.putTaskConfigs("sink", List.of(Map.of("n", "new")));
            assertEquals(List.of(new ConnectorTaskId("sink", 0)), configs.snapshot().tasks("sink"));
            assertEquals(Map.of("n", "new"), configs.snapshot().taskConfig(new ConnectorTaskId("sink", 0)));
        }
    }

    @Test
    void targetStatesIncludingStoppedAndInitialStates() {
        try (DistributedStores stores = open(Workers.settings())) {
            ConfigStore configs = stores.configs();
            configs.start();
            configs.putConnectorConfig("c", Map.of(), TargetState.STOPPED);
            assertEquals(TargetState.STOPPED, configs.snapshot().targetState("c"));
            configs.putTargetState("c", TargetState.PAUSED);
            Await.until("PAUSED read back", WAIT, () -> configs.snapshot().targetState("c") == TargetState.PAUSED);
            configs.putTargetState("c", TargetState.STARTED);
            Await.until("STARTED read back", WAIT, () -> configs.snapshot().targetState("c") == TargetState.STARTED);
        }
    }

    @Test
    void deletingAConnectorWritesTombstonesForItsConfigurationAndTargetState() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = open(settings)) {
            ConfigStore configs = stores.configs();
            configs.start();
            configs.putConnectorConfig("doomed", Map.of("k", "v"), TargetState.PAUSED);
            configs.putTaskConfigs("doomed", List.of(Map.of("n", "0")));
            configs.removeConnectorConfig("doomed");
            ConfigSnapshot snapshot = configs.snapshot();
            assertFalse(snapshot.contains("doomed"));
            assertNull(snapshot.targetState("doomed"));
            assertEquals(List.of(), snapshot.tasks("doomed"));
        }
        List<RawTopic.Entry> records = RawTopic.read(settings.get("config.storage.topic"));
        RawTopic.Entry configTombstone = records.get(records.size() - 2);
        RawTopic.Entry stateTombstone = records.get(records.size() - 1);
        assertArrayEquals("connector-doomed".getBytes(StandardCharsets.UTF_8), configTombstone.key());
        assertNull(configTombstone.value());
        assertArrayEquals("target-state-doomed".getBytes(StandardCharsets.UTF_8), stateTombstone.key());
        assertNull(stateTombstone.value());
        // A worker starting later, on a log compaction may have shortened to the tombstones, has no such connector.
        try (DistributedStores later = open(settings)) {
            later.configs().start();
            assertFalse(later.configs().snapshot().contains("doomed"));
        }
    }

    @Test
    void twoWorkersSeeEachOthersWritesAndTheirListenersAreTold() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores leader = open(settings); DistributedStores follower = open(settings)) {
            leader.configs().start();
            leader.configs().putConnectorConfig("before", Map.of(), null);
            Recorder recorder = new Recorder();
            follower.configs().addListener(recorder);
            follower.configs().start();
            assertTrue(follower.configs().snapshot().contains("before"), "read while starting");

            ConfigStore configs = leader.configs();
            configs.putConnectorConfig("c", Map.of("k", "v"), null);
            configs.putTaskConfigs("c", List.of(Map.of("n", "0")));
            configs.putTargetState("c", TargetState.PAUSED);
            configs.putRestartRequest(new RestartRequest("c", true, false));
            configs.putSessionKey(new SessionKey(new SecretKeySpec(new byte[32], "HmacSHA256"), 1_700_000_000_000L));
            configs.putLoggerLevel("org.apache.kafka.connect", "DEBUG");
            configs.removeConnectorConfig("c");

            List<String> expected = List.of("updated c", "committed c [c-0]", "target c",
                    "restart c onlyFailed=true includeTasks=false", "session key HmacSHA256",
                    "logger org.apache.kafka.connect=DEBUG", "removed c");
            Await.until("the follower heard of every write", WAIT, () -> recorder.told.size() >= expected.size());
            assertEquals(expected, recorder.told, "only records read after start, in topic order");
            SessionKey key = follower.configs().snapshot().sessionKey();
            assertArrayEquals(new byte[32], key.key().getEncoded());
            assertEquals(1_700_000_000_000L, key.creationTimestamp());
            assertEquals(leader.configs().snapshot(), waitRefresh(follower.configs()));
        }
    }

    private static ConfigSnapshot waitRefresh(ConfigStore configs) {
        try {
            configs.refresh(WAIT);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
        return configs.snapshot();
    }
}

package io.fluxgate.storage.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
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

/**
 * The config topic written by Apache Kafka Connect 4.3.1's {@code KafkaConfigBackingStore} is read by Fluxgate's and
 * the other way round, and both write the same bytes for the same operations: an Apache cluster's configurations can
 * be taken over, and an Apache worker could still read them after.
 */
class ApacheConfigTopicCompatibilityTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final long KEY_CREATED = 1_700_000_000_000L;

    // LinkedHashMaps: both stores write a map's entries in its iteration order.
    private static Map<String, String> config(String... keyValues) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private static final Map<String, String> SOURCE = config("connector.class", "FileStreamSource", "tasks.max", "2",
            "file", "/data/in.txt", "topic", "lines");
    private static final Map<String, String> SINK = config("connector.class", "FileStreamSink", "topics", "lines",
            "file", "/data/out.txt");
    private static final List<Map<String, String>> SOURCE_TASKS = List.of(config("file", "/data/in.txt", "task", "0"),
            config("file", "/data/in.txt", "task", "1"));
    private static final List<Map<String, String>> SINK_TASKS = List.of(config("topics", "lines"));

    /** The same operations through Apache's store... */
    private static void writeWithApache(KafkaConfigBackingStore apache) {
        apache.putConnectorConfig("source", SOURCE, TargetState.PAUSED);
        apache.putTaskConfigs("source", SOURCE_TASKS);
        apache.putConnectorConfig("sink", SINK, null);
        apache.putTaskConfigs("sink", SINK_TASKS);
        apache.putTargetState("sink", TargetState.STOPPED);
        apache.putSessionKey(new org.apache.kafka.connect.runtime.SessionKey(new SecretKeySpec(KEY, "HmacSHA256"),
                KEY_CREATED));
        apache.putConnectorConfig("gone", config("connector.class", "FileStreamSink"), null);
        apache.removeConnectorConfig("gone");
        apache.putRestartRequest(new org.apache.kafka.connect.runtime.RestartRequest("source", true, false));
        apache.putLoggerLevel("org.apache.kafka.connect", "DEBUG");
    }

    /** ...and through Fluxgate's. */
    private static void writeWithFluxgate(ConfigStore fluxgate) {
        fluxgate.putConnectorConfig("source", SOURCE, io.fluxgate.api.herder.TargetState.PAUSED);
        fluxgate.putTaskConfigs("source", SOURCE_TASKS);
        fluxgate.putConnectorConfig("sink", SINK, null);
        fluxgate.putTaskConfigs("sink", SINK_TASKS);
        fluxgate.putTargetState("sink", io.fluxgate.api.herder.TargetState.STOPPED);
        fluxgate.putSessionKey(new SessionKey(new SecretKeySpec(KEY, "HmacSHA256"), KEY_CREATED));
        fluxgate.putConnectorConfig("gone", config("connector.class", "FileStreamSink"), null);
        fluxgate.removeConnectorConfig("gone");
        fluxgate.putRestartRequest(new RestartRequest("source", true, false));
        fluxgate.putLoggerLevel("org.apache.kafka.connect", "DEBUG");
    }

    /** Both views say the same: connectors, configurations, target states, tasks, session key, offset. */
    private static void assertSame(ClusterConfigState apache, ConfigSnapshot fluxgate) {
        assertEquals(apache.connectors(), fluxgate.connectors());
        for (String connector : apache.connectors()) {
            assertEquals(apache.rawConnectorConfig(connector), fluxgate.connectorConfig(connector), connector);
            assertEquals(apache.targetState(connector).name(), fluxgate.targetState(connector).name(), connector);
            assertEquals(apache.taskCount(connector), fluxgate.taskCount(connector), connector);
            for (org.apache.kafka.connect.util.ConnectorTaskId task : apache.tasks(connector)) {
                assertEquals(apache.rawTaskConfig(task),
                        fluxgate.taskConfig(new ConnectorTaskId(task.connector(), task.task())), task.toString());
            }
            assertEquals(apache.appliedConnectorConfig(connector), fluxgate.appliedConfig(connector), connector);
        }
        assertEquals(apache.inconsistentConnectors(), fluxgate.inconsistent());
        if (apache.sessionKey() == null) {
            assertNull(fluxgate.sessionKey());
        } else {
            assertArrayEquals(apache.sessionKey().key().getEncoded(), fluxgate.sessionKey().key().getEncoded());
            assertEquals(apache.sessionKey().key().getAlgorithm(), fluxgate.sessionKey().key().getAlgorithm());
            assertEquals(apache.sessionKey().creationTimestamp(), fluxgate.sessionKey().creationTimestamp());
        }
        assertEquals(apache.offset(), fluxgate.offset());
    }

    @Test
    void fluxgateTakesOverAConfigTopicApacheWrote() throws Exception {
        Map<String, String> settings = Workers.settings();
        ClusterConfigState written;
        try (ApacheWorker worker = new ApacheWorker(settings)) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            writeWithApache(apache);
            // Target states and logger levels are only acknowledged, not read back: read them before comparing.
            apache.refresh(15, TimeUnit.SECONDS);
            written = apache.snapshot();
            apache.stop();
        }
        try (DistributedStores fluxgate = new KafkaStoreFactory().open(settings)) {
            fluxgate.configs().start();
            ConfigSnapshot read = fluxgate.configs().snapshot();
            assertEquals(List.of("sink", "source"), List.copyOf(read.connectors()));
            assertEquals(io.fluxgate.api.herder.TargetState.PAUSED, read.targetState("source"));
            assertEquals(io.fluxgate.api.herder.TargetState.STOPPED, read.targetState("sink"));
            assertEquals(SOURCE_TASKS.get(1), read.taskConfig(new ConnectorTaskId("source", 1)));
            assertSame(written, read);
        }
    }

    @Test
    void apacheReadsAConfigTopicFluxgateWrote() throws Exception {
        Map<String, String> settings = Workers.settings();
        ConfigSnapshot written;
        try (DistributedStores fluxgate = new KafkaStoreFactory().open(settings)) {
            fluxgate.configs().start();
            writeWithFluxgate(fluxgate.configs());
            fluxgate.configs().refresh(Duration.ofSeconds(15));
            written = fluxgate.configs().snapshot();
        }
        try (ApacheWorker worker = new ApacheWorker(settings)) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            try {
                assertSame(apache.snapshot(), written);
            } finally {
                apache.stop();
            }
        }
    }

    @Test
    void eachFollowsTheOthersWritesLive() throws Exception {
        Map<String, String> settings = Workers.settings();
        List<String> toldFluxgate = java.util.Collections.synchronizedList(new ArrayList<>());
        ApacheWorker.Updates toldApache = new ApacheWorker.Updates();
        try (ApacheWorker worker = new ApacheWorker(settings);
                DistributedStores fluxgate = new KafkaStoreFactory().open(settings)) {
            KafkaConfigBackingStore apache = worker.configStore(toldApache);
            apache.start();
            fluxgate.configs().addListener(new ConfigListener() {
                @Override
                public void connectorConfigUpdated(String connector) {
                    toldFluxgate.add("updated " + connector);
                }

                @Override
                public void restartRequested(RestartRequest request) {
                    toldFluxgate.add("restart " + request);
                }
            });
            fluxgate.configs().start();
            try {
                apache.putConnectorConfig("from-apache", SOURCE, null);
                apache.putRestartRequest(new org.apache.kafka.connect.runtime.RestartRequest("from-apache", false,
                        true));
                Await.until("Fluxgate heard of Apache's writes", Duration.ofSeconds(15),
                        () -> toldFluxgate.size() == 2);
                assertEquals(List.of("updated from-apache",
                        "restart " + new RestartRequest("from-apache", false, true)), toldFluxgate);

                fluxgate.configs().putConnectorConfig("from-fluxgate", SINK, null);
                fluxgate.configs().putTaskConfigs("from-fluxgate", SINK_TASKS);
                fluxgate.configs().putRestartRequest(new RestartRequest("from-fluxgate", true, true));
                apache.refresh(15, TimeUnit.SECONDS);
                assertEquals(List.of("updated from-apache", "restart from-apache onlyFailed=false includeTasks=true",
                        "updated from-fluxgate", "committed [from-fluxgate-0]",
                        "restart from-fluxgate onlyFailed=true includeTasks=true"), toldApache.told);
                fluxgate.configs().refresh(Duration.ofSeconds(15));
                assertSame(apache.snapshot(), fluxgate.configs().snapshot());
            } finally {
                apache.stop();
            }
        }
    }

    @Test
    void bothWriteTheSameRecordsByteForByte() {
        Map<String, String> apacheSettings = Workers.settings();
        Map<String, String> fluxgateSettings = Workers.settings();
        try (ApacheWorker worker = new ApacheWorker(apacheSettings)) {
            KafkaConfigBackingStore apache = worker.configStore(new ApacheWorker.Updates());
            apache.start();
            writeWithApache(apache);
            apache.stop();
        }
        try (DistributedStores fluxgate = new KafkaStoreFactory().open(fluxgateSettings)) {
            fluxgate.configs().start();
            writeWithFluxgate(fluxgate.configs());
        }
        List<RawTopic.Entry> byApache = RawTopic.read(apacheSettings.get("config.storage.topic"));
        List<RawTopic.Entry> byFluxgate = RawTopic.read(fluxgateSettings.get("config.storage.topic"));
        assertFalse(byApache.isEmpty());
        assertEquals(byApache, byFluxgate);
        // What the records look like, for the reader of this test.
        assertEquals("0:target-state-source={\"state\":\"PAUSED\",\"state.v2\":\"PAUSED\"}", byApache.get(0).toString());
        assertEquals("0:commit-source={\"tasks\":2}", byApache.get(4).toString());
        assertEquals("0:target-state-sink={\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}", byApache.get(8).toString());
    }
}

package io.fluxgate.storage.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.State;
import io.fluxgate.api.storage.ConnectorStatus;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.StatusStore;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.api.storage.TopicStatus;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.Await;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

/**
 * Statuses and topic-tracking records written by Apache Kafka Connect 4.3.1's {@code KafkaStatusBackingStore} are read
 * by Fluxgate's and the other way round; both write the same bytes to the same partitions.
 */
class ApacheStatusTopicCompatibilityTest {

    private static final String TRACE = "org.apache.kafka.connect.errors.ConnectException: boom\n\tat Task.poll(x:1)";
    private static final long DISCOVERED = 1_700_000_000_000L;

    private static void writeWithApache(KafkaStatusBackingStore apache) {
        apache.put(new org.apache.kafka.connect.runtime.ConnectorStatus("orders-source",
                AbstractStatus.State.RUNNING, "10.0.0.1:8083", 4, "4.3.1"));
        apache.put(new org.apache.kafka.connect.runtime.TaskStatus(new ConnectorTaskId("orders-source", 0),
                AbstractStatus.State.FAILED, "10.0.0.1:8083", 4, TRACE, "4.3.1"));
        apache.put(new org.apache.kafka.connect.runtime.TaskStatus(new ConnectorTaskId("orders-source", 1),
                AbstractStatus.State.RUNNING, "10.0.0.2:8083", 4, null, null));
        apache.put(new org.apache.kafka.connect.runtime.TopicStatus("orders", "orders-source", 1, DISCOVERED));
        apache.put(new org.apache.kafka.connect.runtime.ConnectorStatus("gone", AbstractStatus.State.STOPPED,
                "10.0.0.1:8083", 3));
        apache.put(new org.apache.kafka.connect.runtime.ConnectorStatus("gone", AbstractStatus.State.DESTROYED,
                "10.0.0.1:8083", 4));
        apache.put(new org.apache.kafka.connect.runtime.TopicStatus("old-topic", "orders-source", 0, DISCOVERED));
        apache.deleteTopic("orders-source", "old-topic");
        apache.flush();
    }

    private static void writeWithFluxgate(StatusStore fluxgate) {
        fluxgate.put(new ConnectorStatus("orders-source", State.RUNNING, null, "10.0.0.1:8083", 4, "4.3.1"));
        fluxgate.put(new TaskStatus(new io.fluxgate.api.herder.ConnectorTaskId("orders-source", 0), State.FAILED,
                TRACE, "10.0.0.1:8083", 4, "4.3.1"));
        fluxgate.put(new TaskStatus(new io.fluxgate.api.herder.ConnectorTaskId("orders-source", 1), State.RUNNING,
                null, "10.0.0.2:8083", 4, null));
        fluxgate.put(new TopicStatus("orders", "orders-source", 1, DISCOVERED));
        fluxgate.put(new ConnectorStatus("gone", State.STOPPED, null, "10.0.0.1:8083", 3, null));
        fluxgate.delete("gone", 4);
        fluxgate.put(new TopicStatus("old-topic", "orders-source", 0, DISCOVERED));
        fluxgate.deleteTopic("orders-source", "old-topic");
        fluxgate.flush();
    }

    @Test
    void fluxgateReadsTheStatusesApacheWrote() {
        Map<String, String> settings = Workers.settings();
        try (ApacheWorker worker = new ApacheWorker(settings)) {
            KafkaStatusBackingStore apache = worker.statusStore();
            apache.start();
            writeWithApache(apache);
            apache.stop();
        }
        try (DistributedStores stores = new KafkaStoreFactory().open(settings)) {
            StatusStore fluxgate = stores.statuses();
            fluxgate.start();
            assertEquals(new ConnectorStatus("orders-source", State.RUNNING, null, "10.0.0.1:8083", 4, "4.3.1"),
                    fluxgate.get("orders-source"));
            assertEquals(List.of(
                    new TaskStatus(new io.fluxgate.api.herder.ConnectorTaskId("orders-source", 0), State.FAILED,
                            TRACE, "10.0.0.1:8083", 4, "4.3.1"),
                    new TaskStatus(new io.fluxgate.api.herder.ConnectorTaskId("orders-source", 1), State.RUNNING,
                            null, "10.0.0.2:8083", 4, null)), List.copyOf(fluxgate.getAll("orders-source")));
            assertEquals(List.of(new TopicStatus("orders", "orders-source", 1, DISCOVERED)),
                    List.copyOf(fluxgate.getAllTopics("orders-source")));
            assertNull(fluxgate.get("gone"), "Apache's DESTROYED is a tombstone");
        }
    }

    @Test
    void apacheReadsTheStatusesFluxgateWrote() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = new KafkaStoreFactory().open(settings)) {
            stores.statuses().start();
            writeWithFluxgate(stores.statuses());
        }
        try (ApacheWorker worker = new ApacheWorker(settings)) {
            KafkaStatusBackingStore apache = worker.statusStore();
            apache.start();
            try {
                Await.until("Apache read the statuses", Duration.ofSeconds(15),
                        () -> apache.getAll("orders-source").size() == 2 && apache.get("orders-source") != null);
                assertEquals(new org.apache.kafka.connect.runtime.ConnectorStatus("orders-source",
                        AbstractStatus.State.RUNNING, "10.0.0.1:8083", 4, "4.3.1"), apache.get("orders-source"));
                assertEquals(new org.apache.kafka.connect.runtime.TaskStatus(new ConnectorTaskId("orders-source", 0),
                        AbstractStatus.State.FAILED, "10.0.0.1:8083", 4, TRACE, "4.3.1"),
                        apache.get(new ConnectorTaskId("orders-source", 0)));
                assertEquals(Set.of(new org.apache.kafka.connect.runtime.TopicStatus("orders", "orders-source", 1,
                        DISCOVERED)), apache.getAllTopics("orders-source"));
                assertNull(apache.get("gone"));
            } finally {
                apache.stop();
            }
        }
    }

    @Test
    void bothWriteTheSameBytesToTheSamePartitions() {
        Map<String, String> apacheSettings = Workers.settings();
        Map<String, String> fluxgateSettings = Workers.settings();
        try (ApacheWorker worker = new ApacheWorker(apacheSettings)) {
            KafkaStatusBackingStore apache = worker.statusStore();
            apache.start();
            writeWithApache(apache);
            apache.stop();
        }
        try (DistributedStores stores = new KafkaStoreFactory().open(fluxgateSettings)) {
            stores.statuses().start();
            writeWithFluxgate(stores.statuses());
        }
        List<RawTopic.Entry> byApache = RawTopic.read(apacheSettings.get("status.storage.topic"));
        List<RawTopic.Entry> byFluxgate = RawTopic.read(fluxgateSettings.get("status.storage.topic"));
        assertEquals(8, byApache.size());
        assertEquals(byApache, byFluxgate);
        assertEquals(true, byApache.stream().anyMatch(entry -> entry.toString().endsWith(
                "status-connector-orders-source={\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"10.0.0.1:8083\","
                        + "\"generation\":4,\"version\":\"4.3.1\"}")), byApache.toString());
        assertEquals(true, byApache.stream().anyMatch(entry -> entry.toString().endsWith(
                "status-topic-orders:connector-orders-source={\"topic\":{\"name\":\"orders\",\"connector\":"
                        + "\"orders-source\",\"task\":1,\"discoverTimestamp\":1700000000000}}")), byApache.toString());
    }
}

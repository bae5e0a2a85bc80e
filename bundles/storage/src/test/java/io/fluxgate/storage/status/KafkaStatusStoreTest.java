package io.fluxgate.storage.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.storage.ConnectorStatus;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.StatusStore;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.api.storage.TopicStatus;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.Await;
import io.fluxgate.storage.testing.Workers;

class KafkaStatusStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static DistributedStores open(Map<String, String> settings) {
        return new KafkaStoreFactory().open(settings);
    }

    @Test
    void statusesWrittenByTheOwnerAreReadByEveryWorker() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores owner = open(settings); DistributedStores other = open(settings)) {
            owner.statuses().start();
            other.statuses().start();
            ConnectorStatus connector = new ConnectorStatus("c", State.RUNNING, null, "w1:8083", 3, "4.3.1");
            TaskStatus failed = new TaskStatus(new ConnectorTaskId("c", 0), State.FAILED, "java.lang.Oops\n\tat x",
                    "w1:8083", 3, "4.3.1");
            TaskStatus running = new TaskStatus(new ConnectorTaskId("c", 1), State.RUNNING, null, "w1:8083", 3, null);
            owner.statuses().put(connector);
            owner.statuses().put(failed);
            owner.statuses().put(running);
            owner.statuses().flush();

            StatusStore statuses = other.statuses();
            Await.until("the other worker read the statuses", WAIT, () -> statuses.getAll("c").size() == 2);
            assertEquals(connector, statuses.get("c"));
            assertEquals(failed, statuses.get(new ConnectorTaskId("c", 0)));
            assertEquals(List.of(failed, running), List.copyOf(statuses.getAll("c")));
            assertEquals(Set.of("c"), statuses.connectors());
        }
        try (DistributedStores restarted = open(settings)) {
            restarted.statuses().start();
            assertEquals(State.FAILED, restarted.statuses().get(new ConnectorTaskId("c", 0)).state(),
                    "read to the end while starting");
        }
    }

    @Test
    void aSafeWriteYieldsToANewerGenerationFromAnotherWorker() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores oldOwner = open(settings); DistributedStores newOwner = open(settings)) {
            oldOwner.statuses().start();
            newOwner.statuses().start();
            ConnectorStatus current = new ConnectorStatus("c", State.RUNNING, null, "new:8083", 5, null);
            newOwner.statuses().put(current);
            newOwner.statuses().flush();
            Await.until("the old owner read it", WAIT, () -> current.equals(oldOwner.statuses().get("c")));

            // The worker that lost the connector in generation 5 reports its stop late.
            oldOwner.statuses().putSafe(new ConnectorStatus("c", State.UNASSIGNED, null, "old:8083", 4, null));
            oldOwner.statuses().flush();
            newOwner.statuses().put(new TaskStatus(new ConnectorTaskId("marker", 0), State.RUNNING, null,
                    "new:8083", 5, null));
            newOwner.statuses().flush();
            Await.until("the marker", WAIT, () -> oldOwner.statuses().get(new ConnectorTaskId("marker", 0)) != null);
            assertEquals(current, oldOwner.statuses().get("c"));

            // An unconditional write goes through.
            oldOwner.statuses().put(new ConnectorStatus("c", State.FAILED, "trace", "old:8083", 4, null));
            oldOwner.statuses().flush();
            Await.until("the forced write", WAIT, () -> newOwner.statuses().get("c").state() == State.FAILED);
        }
    }

    @Test
    void aStaleUnassignedDoesNotHideARunningTask() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores a = open(settings); DistributedStores b = open(settings)) {
            a.statuses().start();
            b.statuses().start();
            ConnectorTaskId task = new ConnectorTaskId("c", 0);
            TaskStatus running = new TaskStatus(task, State.RUNNING, null, "b:8083", 7, null);
            b.statuses().put(running);
            b.statuses().flush();
            a.statuses().put(new TaskStatus(task, State.UNASSIGNED, null, "a:8083", 7, null));
            a.statuses().flush();
            b.statuses().put(new TaskStatus(new ConnectorTaskId("marker", 0), State.RUNNING, null, "b:8083", 7,
                    null));
            b.statuses().flush();
            Await.until("the marker", WAIT, () -> a.statuses().get(new ConnectorTaskId("marker", 0)) != null);
            assertEquals(running, a.statuses().get(task));
            assertEquals(running, b.statuses().get(task));
        }
    }

    @Test
    void topicsUsedByAConnectorAndTheirReset() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores a = open(settings); DistributedStores b = open(settings)) {
            a.statuses().start();
            b.statuses().start();
            TopicStatus orders = new TopicStatus("orders", "my-sink", 0, 1_700_000_000_000L);
            TopicStatus payments = new TopicStatus("payments.v2", "my-sink", 1, 1_700_000_000_001L);
            a.statuses().put(orders);
            a.statuses().put(payments);
            a.statuses().flush();
            Await.until("both topics", WAIT, () -> b.statuses().getAllTopics("my-sink").size() == 2);
            assertEquals(payments, b.statuses().getTopic("my-sink", "payments.v2"));

            a.statuses().deleteTopic("my-sink", "orders");
            a.statuses().flush();
            Await.until("the reset", WAIT, () -> b.statuses().getAllTopics("my-sink").size() == 1);
            assertNull(b.statuses().getTopic("my-sink", "orders"));
        }
    }

    @Test
    void deletingAConnectorsStatusDeletesItsTasks() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores a = open(settings); DistributedStores b = open(settings)) {
            a.statuses().start();
            b.statuses().start();
            a.statuses().put(new ConnectorStatus("my-conn", State.RUNNING, null, "a:8083", 1, null));
            a.statuses().put(new TaskStatus(new ConnectorTaskId("my-conn", 0), State.RUNNING, null, "a:8083", 1,
                    null));
            a.statuses().put(new TaskStatus(new ConnectorTaskId("my-conn", 1), State.RUNNING, null, "a:8083", 1,
                    null));
            a.statuses().flush();
            Await.until("read", WAIT, () -> b.statuses().getAll("my-conn").size() == 2
                    && a.statuses().getAll("my-conn").size() == 2);

            a.statuses().delete(new ConnectorTaskId("my-conn", 1), 2);
            a.statuses().flush();
            Await.until("the task removed", WAIT, () -> b.statuses().getAll("my-conn").size() == 1);

            a.statuses().delete("my-conn", 2);
            a.statuses().flush();
            Await.until("the connector removed", WAIT, () -> b.statuses().get("my-conn") == null);
            assertTrue(b.statuses().getAll("my-conn").isEmpty());
        }
        try (DistributedStores later = open(settings)) {
            later.statuses().start();
            assertNull(later.statuses().get("my-conn"));
            assertTrue(later.statuses().getAll("my-conn").isEmpty());
        }
    }
}

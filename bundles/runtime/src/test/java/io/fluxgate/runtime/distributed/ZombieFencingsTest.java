package io.fluxgate.runtime.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.ForwardRequestException;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;
import io.fluxgate.runtime.herder.HerderQueue;

/**
 * The leader's zombie fencing decisions, as Apache's {@code DistributedHerder.doFenceZombieSourceTasks} makes them:
 * nothing to do once the latest task count record follows the latest task configurations; a task count record and
 * no fencing for a connector's first generation or one task after one task; otherwise the previous generation's
 * producers fenced first, the new count recorded only then, one round shared by every task that asks, and a round
 * overtaken by newer task configurations failed with 409 without a record.
 */
class ZombieFencingsTest {

    private final FencingStore configs = new FencingStore();
    private final List<CompletableFuture<Void>> fencingsAsked = new ArrayList<>();
    private final List<Integer> producersFenced = new ArrayList<>();
    private final HerderQueue herder = new HerderQueue(() -> { });
    private boolean leader = true;
    private final ZombieFencings fencings = new ZombieFencings(configs, (connector, tasks, config) -> {
        CompletableFuture<Void> fenced = new CompletableFuture<>();
        producersFenced.add(tasks);
        fencingsAsked.add(fenced);
        return fenced;
    }, config -> "sink".equals(config.get("kind")) ? ConnectorType.SINK : ConnectorType.SOURCE, () -> {
        if (!leader) {
            throw ForwardRequestException.toLeader("http://leader:8083/");
        }
    }, herder, Duration.ofSeconds(1));

    @Test
    void nothingToDoOnceTheLatestGenerationIsRecorded() {
        configs.connector("seq", 3).recorded("seq", 3);
        assertTrue(fencings.fence("seq").isDone());
        assertEquals(List.of(), producersFenced);
        assertEquals(List.of(), configs.recordsWritten);
    }

    @Test
    void aConnectorsFirstGenerationIsRecordedWithoutFencing() {
        configs.connector("seq", 3).pending("seq");
        assertTrue(fencings.fence("seq").isDone());
        assertEquals(List.of(), producersFenced);
        assertEquals(List.of("seq=3"), configs.recordsWritten);
    }

    @Test
    void oneTaskAfterOneTaskIsRecordedWithoutFencing() {
        configs.connector("seq", 1).recorded("seq", 1).pending("seq");
        assertTrue(fencings.fence("seq").isDone());
        assertEquals(List.of(), producersFenced, "the new task's own producer fences its predecessor");
        assertEquals(List.of("seq=1"), configs.recordsWritten);
    }

    @Test
    void thePreviousGenerationIsFencedBeforeTheNewCountIsRecordedAndEveryTaskWaitsForTheSameRound()
            throws Exception {
        configs.connector("seq", 2).recorded("seq", 3).pending("seq");
        CompletableFuture<Void> first = fencings.fence("seq");
        CompletableFuture<Void> second = fencings.fence("seq");
        assertEquals(List.of(3), producersFenced, "the 3 producers of the previous generation, once");
        assertFalse(first.isDone());
        assertEquals(List.of(), configs.recordsWritten, "nothing recorded before the brokers fenced");

        fencingsAsked.get(0).complete(null);
        herder.runPending();
        first.get();
        second.get();
        assertEquals(List.of("seq=2"), configs.recordsWritten);
    }

    @Test
    void aRoundOvertakenByNewTaskConfigurationsFailsWith409AndRecordsNothing() {
        configs.connector("seq", 2).recorded("seq", 3).pending("seq");
        CompletableFuture<Void> round = fencings.fence("seq");
        fencings.taskConfigsCommitted("seq");
        fencingsAsked.get(0).complete(null);
        herder.runPending();
        HerderException conflict = assertInstanceOf(HerderException.class, cause(round));
        assertEquals(409, conflict.status());
        assertEquals(List.of(), configs.recordsWritten);
    }

    @Test
    void aGenerationThatChangedWhileTheBrokersFencedIsNotRecorded() {
        configs.connector("seq", 2).recorded("seq", 3).pending("seq");
        CompletableFuture<Void> round = fencings.fence("seq");
        configs.generations.put("seq", 8); // committed, not yet told to the herder
        fencingsAsked.get(0).complete(null);
        herder.runPending();
        assertEquals(409, assertInstanceOf(HerderException.class, cause(round)).status());
        assertEquals(List.of(), configs.recordsWritten);
    }

    @Test
    void aFailedFencingFailsTheRoundAndTheNextAskStartsAnother() {
        configs.connector("seq", 2).recorded("seq", 3).pending("seq");
        CompletableFuture<Void> round = fencings.fence("seq");
        fencingsAsked.get(0).completeExceptionally(new TimeoutException("brokers away"));
        herder.runPending();
        assertInstanceOf(TimeoutException.class, cause(round).getCause());
        assertEquals(List.of(), configs.recordsWritten);

        fencings.fence("seq");
        assertEquals(List.of(3, 3), producersFenced);
    }

    @Test
    void onlyTheLeaderFencesAndOnlySourceConnectors() {
        configs.connector("seq", 2).pending("seq");
        configs.configs.put("sink-connector", Map.of("kind", "sink"));
        assertEquals(400, assertThrows(HerderException.class, () -> fencings.fence("sink-connector")).status());
        assertEquals(404, assertThrows(HerderException.class, () -> fencings.fence("unknown")).status());
        leader = false;
        ForwardRequestException forward = assertThrows(ForwardRequestException.class, () -> fencings.fence("seq"));
        assertEquals("http://leader:8083/", forward.targetUrl().orElseThrow());
        assertEquals(List.of(), configs.recordsWritten);
    }

    @Test
    void beforeAStoppedSourceConnectorsOffsetsChangeItsLastTasksAreFencedAndNothingForASink() throws Exception {
        configs.connector("seq", 0).recorded("seq", 3).pending("seq"); // stopped: no task configurations since
        configs.configs.put("sink-connector", Map.of("kind", "sink"));
        assertTrue(fencings.fenceBeforeOffsetChange("sink-connector").isDone());
        assertEquals(List.of(), producersFenced);

        CompletableFuture<Void> fenced = fencings.fenceBeforeOffsetChange("seq");
        assertEquals(List.of(3), producersFenced);
        fencingsAsked.get(0).complete(null);
        herder.runPending();
        fenced.get();
        assertEquals(List.of("seq=0"), configs.recordsWritten);
    }

    private static Throwable cause(CompletableFuture<Void> stage) {
        assertTrue(stage.isDone());
        ExecutionException failed = assertThrows(ExecutionException.class, stage::get);
        return failed.getCause();
    }

    /** A config topic in memory that knows what KIP-618 reads from it. */
    private static final class FencingStore implements ConfigStore {
        final Map<String, Map<String, String>> configs = new HashMap<>();
        final Map<String, Integer> taskCounts = new HashMap<>();
        final Map<String, Integer> records = new HashMap<>();
        final Map<String, Integer> generations = new HashMap<>();
        final Set<String> pending = new HashSet<>();
        final List<String> recordsWritten = new ArrayList<>();

        FencingStore connector(String name, int tasks) {
            configs.put(name, Map.of("kind", "source"));
            taskCounts.put(name, tasks);
            generations.put(name, 7);
            return this;
        }

        FencingStore recorded(String name, int tasks) {
            records.put(name, tasks);
            return this;
        }

        FencingStore pending(String name) {
            pending.add(name);
            return this;
        }

        @Override
        public ConfigSnapshot snapshot() {
            return new ConfigSnapshot(1, null, configs, Map.of(), taskCounts, Map.of(), Map.of(), Set.of(), Map.of(),
                    records, generations, pending);
        }

        @Override
        public void putTaskCountRecord(String connector, int taskCount) {
            recordsWritten.add(connector + "=" + taskCount);
            records.put(connector, taskCount);
            pending.remove(connector);
        }

        @Override public void start() { }
        @Override public void stop() { }
        @Override public void refresh(Duration timeout) { }
        @Override public void putConnectorConfig(String c, Map<String, String> config, TargetState state) { }
        @Override public void removeConnectorConfig(String connector) { }
        @Override public void putTaskConfigs(String connector, List<Map<String, String>> taskConfigs) { }
        @Override public void claimWritePrivileges() { }
        @Override public void putTargetState(String connector, TargetState state) { }
        @Override public void putSessionKey(SessionKey key) { }
        @Override public void putRestartRequest(RestartRequest request) { }
        @Override public void putLoggerLevel(String namespace, String level) { }
        @Override public void addListener(ConfigListener listener) { }
        @Override public void removeListener(ConfigListener listener) { }
    }
}

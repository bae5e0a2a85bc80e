package io.fluxgate.storage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.api.storage.PrivilegedWriteException;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.storage.KafkaStoreFactory;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.storage.testing.Workers;

/**
 * The leader's writes to the config topic with {@code exactly.once.source.support=preparing}: transactional, under
 * Apache's {@code transactional.id}, refused without a claim, and refused to a leader whose claim another worker
 * took over (a deposed leader writes nothing); {@code disabled} writes as before, without transactions.
 */
class PrivilegedWritesTest {

    private static Map<String, String> preparing() {
        Map<String, String> settings = new HashMap<>(Workers.settings());
        settings.put("exactly.once.source.support", "preparing");
        return settings;
    }

    private static DistributedStores open(Map<String, String> settings) {
        return new KafkaStoreFactory().open(settings);
    }

    @Test
    void aPrivilegedWriteWithoutAClaimIsRefusedWhileAnyWorkerMayWriteTargetStatesAndLoggerLevels() {
        Map<String, String> settings = preparing();
        try (DistributedStores stores = open(settings)) {
            ConfigStore configs = stores.configs();
            configs.start();
            PrivilegedWriteException refused = assertThrows(PrivilegedWriteException.class,
                    () -> configs.putConnectorConfig("c", Map.of("k", "v"), null));
            assertEquals("Cannot produce to config topic without claiming write privileges first",
                    refused.getMessage());
            assertThrows(PrivilegedWriteException.class, () -> configs.putTaskCountRecord("c", 1));
            configs.putTargetState("c", TargetState.PAUSED);
            configs.putLoggerLevel("org.apache.kafka", "WARN");

            configs.claimWritePrivileges();
            configs.claimWritePrivileges();
            configs.putConnectorConfig("c", Map.of("k", "v"), null);
            configs.putTaskConfigs("c", List.of(Map.of("n", "0")));
            configs.putTaskCountRecord("c", 1);
            assertEquals(1, configs.snapshot().taskCountRecord("c"));
            assertEquals(TargetState.PAUSED, configs.snapshot().targetState("c"));
        }
        assertEquals(List.of("target-state-c", "logger-cluster-org.apache.kafka", "connector-c", "task-c-0",
                "commit-c", "tasks-fencing-c"), keys(RawTopic.readCommitted(settings.get("config.storage.topic"))));
        assertTrue(transactionalIds().contains("connect-cluster-" + settings.get("group.id")),
                "Apache's transactional.id, so that Apache and Fluxgate leaders fence each other");
    }

    @Test
    void aClaimByAnotherWorkerFencesTheLeaderBeforeIt() {
        Map<String, String> settings = preparing();
        try (DistributedStores first = open(settings); DistributedStores second = open(settings)) {
            ConfigStore deposed = first.configs();
            ConfigStore leader = second.configs();
            deposed.start();
            leader.start();
            deposed.claimWritePrivileges();
            deposed.putConnectorConfig("before", Map.of(), null);

            leader.claimWritePrivileges();
            PrivilegedWriteException fenced = assertThrows(PrivilegedWriteException.class,
                    () -> deposed.putConnectorConfig("zombie", Map.of(), null));
            assertEquals("Failed to perform fencable send to config topic", fenced.getMessage());
            // Dropped: until it claims again, it cannot even try.
            assertThrows(PrivilegedWriteException.class,
                    () -> deposed.putTaskConfigs("before", List.of(Map.of("n", "zombie"))));
            leader.putConnectorConfig("after", Map.of(), null);
            leader.putTaskConfigs("before", List.of(Map.of("n", "0")));
            assertFalse(leader.snapshot().contains("zombie"));

            // Claiming again makes a new producer, which fences the other in turn.
            deposed.claimWritePrivileges();
            deposed.putTaskCountRecord("before", 1);
            assertThrows(PrivilegedWriteException.class, () -> leader.putTaskCountRecord("before", 5));
            assertEquals(1, deposed.snapshot().taskCountRecord("before"));
        }
        List<String> committed = keys(RawTopic.readCommitted(settings.get("config.storage.topic")));
        assertEquals(List.of("connector-before", "connector-after", "task-before-0", "commit-before",
                "tasks-fencing-before"), committed, "nothing of a fenced leader's writes");
    }

    @Test
    void withExactlyOnceDisabledNoWriteNeedsAClaimNorATransaction() {
        Map<String, String> settings = Workers.settings();
        try (DistributedStores stores = open(settings)) {
            ConfigStore configs = stores.configs();
            configs.start();
            configs.putConnectorConfig("c", Map.of(), null);
            configs.putTaskCountRecord("c", 0);
            configs.claimWritePrivileges();
            configs.putTaskConfigs("c", List.of());
            assertTrue(configs.snapshot().pendingFencing("c"));
        }
        assertFalse(transactionalIds().contains("connect-cluster-" + settings.get("group.id")));
    }

    private static List<String> keys(List<RawTopic.Entry> entries) {
        return entries.stream().map(entry -> new String(entry.key(), StandardCharsets.UTF_8)).toList();
    }

    private static Set<String> transactionalIds() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            return admin.listTransactions().all().get().stream().map(TransactionListing::transactionalId)
                    .collect(Collectors.toSet());
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}

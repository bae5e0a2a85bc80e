package io.fluxgate.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.storage.DistributedStoreFactory;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.storage.testing.Workers;

class KafkaStoresTest {

    private final DistributedStoreFactory factory = new KafkaStoreFactory();

    @Test
    void startingCreatesTheInternalTopicsWithKafkaConnectsDefaultsAndTheirSettings() throws Exception {
        Map<String, String> settings = Workers.settings();
        settings.put("config.storage.max.message.bytes", "2097152");
        settings.put("config.storage.cleanup.policy", "delete");
        settings.put("config.storage.partitions", "3");
        settings.put("status.storage.partitions", "2");
        settings.put("offset.storage.segment.ms", "3600000");
        try (DistributedStores stores = factory.open(settings)) {
            stores.configs().start();
            stores.offsets().start();
            stores.statuses().start();
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            String configs = settings.get("config.storage.topic");
            String offsets = settings.get("offset.storage.topic");
            String statuses = settings.get("status.storage.topic");
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(configs, offsets, statuses))
                    .allTopicNames().get();
            assertEquals(1, topics.get(configs).partitions().size(), "the config topic always has one partition");
            assertEquals(25, topics.get(offsets).partitions().size(), "Kafka Connect's default");
            assertEquals(2, topics.get(statuses).partitions().size());
            for (String topic : List.of(configs, offsets, statuses)) {
                assertEquals("compact", config(admin, topic).get("cleanup.policy").value(), topic);
            }
            assertEquals("2097152", config(admin, configs).get("max.message.bytes").value());
            assertEquals("3600000", config(admin, offsets).get("segment.ms").value());
        }
    }

    @Test
    void kafkaConnectsDefaultReplicationFactorOnAOneBrokerClusterIsAClearError() {
        Map<String, String> settings = Workers.settings();
        settings.remove("config.storage.replication.factor");
        // How long Kafka Connect retries topic creation; short, for the test.
        settings.put("default.api.timeout.ms", "1500");
        settings.put("request.timeout.ms", "1500");
        try (DistributedStores stores = factory.open(settings)) {
            ConfigException e = assertThrows(ConfigException.class, () -> stores.configs().start());
            assertTrue(e.getMessage().startsWith("Cannot create topic '" + settings.get("config.storage.topic")
                    + "' (config.storage.topic) with replication factor 3: "), e.getMessage());
            assertTrue(e.getMessage().contains("'config.storage.replication.factor'"), e.getMessage());
        }
    }

    @Test
    void aConfigTopicWithTwoPartitionsIsRefusedNamingIt() {
        Map<String, String> settings = Workers.settings();
        RawTopic.create(settings.get("config.storage.topic"), 2, Map.of("cleanup.policy", "compact"));
        try (DistributedStores stores = factory.open(settings)) {
            ConfigException e = assertThrows(ConfigException.class, () -> stores.configs().start());
            assertTrue(e.getMessage().startsWith("Topic '" + settings.get("config.storage.topic")
                    + "' supplied via the 'config.storage.topic' property is required to have a single partition"),
                    e.getMessage());
        }
    }

    @Test
    void aStatusTopicThatDeletesIsRefusedNamingIt() {
        Map<String, String> settings = Workers.settings();
        RawTopic.create(settings.get("status.storage.topic"), 5, Map.of("cleanup.policy", "delete"));
        try (DistributedStores stores = factory.open(settings)) {
            ConfigException e = assertThrows(ConfigException.class, () -> stores.statuses().start());
            assertTrue(e.getMessage().startsWith("Topic '" + settings.get("status.storage.topic")
                    + "' supplied via the 'status.storage.topic' property is required to have 'cleanup.policy=compact' "
                    + "to guarantee consistency and durability of connector and task statuses, but found the topic "
                    + "currently has 'cleanup.policy=delete'."), e.getMessage());
        }
    }

    @Test
    void invalidSettingsAreNamedBeforeAnythingOpens() {
        Map<String, String> settings = Workers.settings();
        settings.put("offset.storage.partitions", "0");
        ConfigException e = assertThrows(ConfigException.class, () -> factory.open(settings));
        assertTrue(e.getMessage().contains("offset.storage.partitions"), e.getMessage());

        Map<String, String> noTopic = Workers.settings();
        noTopic.remove("status.storage.topic");
        e = assertThrows(ConfigException.class, () -> factory.open(noTopic));
        assertTrue(e.getMessage().contains("status.storage.topic"), e.getMessage());
    }

    @Test
    void closingStoresThatNeverStartedIsQuiet() {
        factory.open(Workers.settings()).close();
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}

package io.fluxgate.storage.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluxgate.storage.testing.Await;
import io.fluxgate.storage.testing.RawTopic;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.storage.testing.Workers;

class InternalTopicAdminTest {

    private static Admin admin;
    private static InternalTopicAdmin topics;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()));
        topics = new InternalTopicAdmin(admin, Duration.ofSeconds(2));
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static InternalTopic configTopic(String name) {
        return new InternalTopic(name, "config.storage.topic", "connector configurations", 1, null, (short) 1,
                "config.storage.replication.factor", Map.of());
    }

    private static InternalTopic offsetTopic(String name, int partitions, short replicationFactor,
            Map<String, String> configs) {
        return new InternalTopic(name, "offset.storage.topic", "source connector offsets", partitions,
                "offset.storage.partitions", replicationFactor, "offset.storage.replication.factor", configs);
    }

    private static TopicDescription describe(String topic) throws Exception {
        // A topic just created takes a moment to reach the broker's metadata.
        Await.until(topic + " visible", Duration.ofSeconds(10), () -> {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get();
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Test
    void createsAMissingTopicCompactedWithItsPartitionsReplicationAndSettings() throws Exception {
        String name = Workers.topic("offsets");
        topics.ensure(offsetTopic(name, 7, (short) 1, Map.of("min.compaction.lag.ms", "1234")));

        TopicDescription description = describe(name);
        assertEquals(7, description.partitions().size());
        assertEquals(1, description.partitions().get(0).replicas().size());
        assertEquals("compact", config(name).get("cleanup.policy").value());
        assertEquals("1234", config(name).get("min.compaction.lag.ms").value());
    }

    @Test
    void minusOneTakesTheBrokersDefaults() throws Exception {
        String name = Workers.topic("offsets");
        topics.ensure(offsetTopic(name, -1, (short) -1, Map.of()));
        // The test broker's num.partitions and default.replication.factor are Kafka's defaults: 1 and 1.
        assertEquals(1, describe(name).partitions().size());
        assertEquals("compact", config(name).get("cleanup.policy").value());
    }

    @Test
    void acceptsAnExistingCompactedTopicAsItIs() throws Exception {
        String name = Workers.topic("configs");
        RawTopic.create(name, 1, Map.of("cleanup.policy", "compact"));
        topics.ensure(configTopic(name));
        assertEquals(1, describe(name).partitions().size());
    }

    @Test
    void refusesAnExistingTopicThatIsNotOnlyCompacted() {
        String name = Workers.topic("offsets");
        RawTopic.create(name, 3, Map.of("cleanup.policy", "compact,delete"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> topics.ensure(offsetTopic(name, 25, (short) 1, Map.of())));
        assertTrue(e.getMessage().startsWith("Topic '" + name + "' supplied via the 'offset.storage.topic' property "
                + "is required to have 'cleanup.policy=compact'"), e.getMessage());
        assertTrue(e.getMessage().contains("'cleanup.policy=compact,delete'")
                || e.getMessage().contains("'cleanup.policy=delete,compact'"), e.getMessage());
    }

    @Test
    void refusesAConfigTopicWithMoreThanOnePartition() {
        String name = Workers.topic("configs");
        RawTopic.create(name, 2, Map.of("cleanup.policy", "compact"));
        ConfigException e = assertThrows(ConfigException.class, () -> topics.ensure(configTopic(name)));
        assertEquals("Topic '" + name + "' supplied via the 'config.storage.topic' property is required to have a "
                + "single partition in order to guarantee consistency of connector configurations, but found 2 "
                + "partitions.", e.getMessage());
    }

    @Test
    void refusesAReplicationFactorTheClusterCannotMeetNamingTheSetting() {
        String name = Workers.topic("offsets");
        long started = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class,
                () -> topics.ensure(offsetTopic(name, 25, (short) 3, Map.of())));
        assertTrue(e.getMessage().startsWith("Cannot create topic '" + name + "' (offset.storage.topic) with "
                + "replication factor 3: "), e.getMessage());
        assertTrue(e.getMessage().contains("Set 'offset.storage.replication.factor' to at most the number of brokers"),
                e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10,
                "retried for the creation timeout only");
    }
}

package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/** KIP-558 on a real broker: the topics a connector's tasks produce to and consume from, and their reset. */
class ActiveTopicsTest {

    @TempDir
    static Path dir;
    static StandaloneHerder herder;

    @BeforeAll
    static void start() {
        herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class),
                TestHerders.settings(dir.resolve("offsets")));
    }

    @AfterAll
    static void stop() {
        herder.close();
    }

    @Test
    void aSourcesTopicsAreTrackedResetAndTrackedAgain() throws Exception {
        await(herder.putConnectorConfig("producing", Map.of("connector.class", TestSourceConnector.class.getName(),
                "topic", "active-a"), null, false));
        Await.until("the topic is tracked", Duration.ofSeconds(30),
                () -> herder.connectorActiveTopics("producing").equals(List.of("active-a")));

        herder.resetConnectorActiveTopics("producing");
        await(herder.pauseConnector("producing"));
        herder.resetConnectorActiveTopics("producing");
        assertEquals(List.of(), herder.connectorActiveTopics("producing"));
        await(herder.resumeConnector("producing"));
        Await.until("the topic is tracked again once used", Duration.ofSeconds(30),
                () -> herder.connectorActiveTopics("producing").equals(List.of("active-a")));

        await(herder.deleteConnector("producing"));
        assertEquals(List.of(), herder.connectorActiveTopics("producing"), "forgotten with the connector");
    }

    @Test
    void aSinksTopicsAreThoseItConsumed() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("active-in-1", "k", "v")).get();
            producer.send(new ProducerRecord<>("active-in-2", "k", "v")).get();
        }
        await(herder.putConnectorConfig("consuming", Map.of("connector.class", "FileStreamSink",
                "topics.regex", "active-in-.*", "file", dir.resolve("sink.txt").toString(),
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter"), null, false));
        Await.until("both topics are tracked", Duration.ofSeconds(30),
                () -> herder.connectorActiveTopics("consuming").equals(List.of("active-in-1", "active-in-2")));
        assertEquals(List.of(), herder.connectorActiveTopics("never-created"), "as Kafka: no 404");
        await(herder.deleteConnector("consuming"));
    }

    @Test
    void trackingAndItsResetCanBeDisabled() {
        StandaloneHerder untracked = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(),
                TestHerders.settings(dir.resolve("offsets-untracked"), "topic.tracking.enable", "false"));
        try {
            HerderException disabled = assertThrows(HerderException.class,
                    () -> untracked.connectorActiveTopics("c"));
            assertEquals(403, disabled.status());
            assertEquals("Topic tracking is disabled.", disabled.getMessage());
            assertEquals("Topic tracking is disabled.", assertThrows(HerderException.class,
                    () -> untracked.resetConnectorActiveTopics("c")).getMessage());
        } finally {
            untracked.close();
        }
        StandaloneHerder unresettable = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(),
                TestHerders.settings(dir.resolve("offsets-unresettable"), "topic.tracking.allow.reset", "false"));
        try {
            assertEquals(List.of(), unresettable.connectorActiveTopics("c"));
            HerderException refused = assertThrows(HerderException.class,
                    () -> unresettable.resetConnectorActiveTopics("c"));
            assertEquals(403, refused.status());
            assertEquals("Topic tracking reset is disabled.", refused.getMessage());
        } finally {
            unresettable.close();
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}

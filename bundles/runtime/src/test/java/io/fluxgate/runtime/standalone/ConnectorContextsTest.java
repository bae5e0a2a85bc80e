package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.storage.FileOffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.ReconfiguringSourceConnector;
import io.fluxgate.runtime.testing.plugins.RecordingSinkConnector;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/** What connectors and tasks ask of the framework through their contexts, honoured as Kafka Connect does. */
class ConnectorContextsTest {

    @TempDir
    static Path dir;
    static StandaloneHerder herder;

    @BeforeAll
    static void start() {
        herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class,
                RecordingSinkConnector.class, ReconfiguringSourceConnector.class),
                TestHerders.settings(dir.resolve("offsets"), "offset.flush.interval.ms", "500"));
    }

    @AfterAll
    static void stop() {
        herder.close();
    }

    private static void produce(String topic, String... values) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
            }
        }
    }

    private static void sink(String name, String topic, String mode, String... more) throws Exception {
        Map<String, String> config = new HashMap<>(Map.of("connector.class", "RecordingSink",
                "topics", topic, "mode", mode, "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        herder.putConnectorConfig(name, config, null, false).toCompletableFuture().get();
    }

    private static long committed(String connector, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get().get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    @Test
    void aSinkCommitsWhatItWasGivenToItsConsumerGroup() throws Exception {
        produce("ctx-commit", "a", "b", "c");
        sink("commits", "ctx-commit", "record");
        Await.until("every record is put", Duration.ofSeconds(30),
                () -> RecordingSinkConnector.received("commits").size() == 3);
        Await.until("the offsets are committed to connect-commits", Duration.ofSeconds(30), () -> {
            try {
                return committed("commits", "ctx-commit") == 3;
            } catch (Exception e) {
                return false;
            }
        });
        herder.deleteConnector("commits").toCompletableFuture().get();
    }

    @Test
    void aSinkThatOptsOutOfCommitsCommitsNothing() throws Exception {
        produce("ctx-nocommit", "a", "b");
        sink("nocommit", "ctx-nocommit", "no-commit");
        Await.until("every record is put", Duration.ofSeconds(30),
                () -> RecordingSinkConnector.received("nocommit").size() == 2);
        herder.deleteConnector("nocommit").toCompletableFuture().get(); // the final commit is skipped too
        assertEquals(-1, committed("nocommit", "ctx-nocommit"));
    }

    @Test
    void aSinkCanRewindItsPartitions() throws Exception {
        produce("ctx-rewind", "0", "1", "2", "3");
        sink("rewinds", "ctx-rewind", "rewind");
        Await.until("the records from offset 2 are put", Duration.ofSeconds(30),
                () -> RecordingSinkConnector.received("rewinds").size() == 2);
        Thread.sleep(300);
        assertEquals(List.of("2", "3"), new ArrayList<>(RecordingSinkConnector.received("rewinds")));
        herder.deleteConnector("rewinds").toCompletableFuture().get();
    }

    @Test
    void aRetriableFailureRedeliversTheSameBatch() throws Exception {
        produce("ctx-retry", "x", "y");
        sink("retries", "ctx-retry", "retry");
        Await.until("the batch is put after the retry", Duration.ofSeconds(30),
                () -> RecordingSinkConnector.received("retries").size() == 2);
        Thread.sleep(300);
        assertEquals(List.of("x", "y"), new ArrayList<>(RecordingSinkConnector.received("retries")));
        assertEquals(State.RUNNING, herder.connectorStatus("retries").tasks().get(0).state());
        herder.deleteConnector("retries").toCompletableFuture().get();
    }

    @Test
    void errantRecordsAreReportedToTheDeadLetterQueue() throws Exception {
        produce("ctx-errant", "good1", "bad1", "good2");
        sink("errant", "ctx-errant", "report", "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "ctx-errant-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1");
        Await.until("the good records are put", Duration.ofSeconds(30),
                () -> RecordingSinkConnector.received("errant").size() == 2);
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        props.put("group.id", "dlq-reader");
        props.put("auto.offset.reset", "earliest");
        List<String> dead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("ctx-errant-dlq"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (dead.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    dead.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of("bad1"), dead, "the record as it was consumed");
        herder.deleteConnector("errant").toCompletableFuture().get();
        assertEquals(3, committed("errant", "ctx-errant"), "committed once the report was written");
    }

    @Test
    void sourceOffsetsAreCommittedPeriodicallyWhileRunning() throws Exception {
        herder.putConnectorConfig("periodic", Map.of("connector.class", "TestSourceConnector",
                "topic", "ctx-periodic"), null, false).toCompletableFuture().get();
        OffsetCodec codec = new OffsetCodec();
        Await.until("an offset is in the file while the task runs", Duration.ofSeconds(30), () -> {
            FileOffsetBackingStore file = new FileOffsetBackingStore(dir.resolve("offsets"));
            try {
                file.start();
                Map<String, Object> offset = new OffsetReader(file, codec, "periodic")
                        .offset(Map.of("source", "test"));
                return offset != null && (Long) offset.get("next") > 0;
            } catch (RuntimeException e) {
                return false; // read while being replaced
            }
        });
        assertEquals(State.RUNNING, herder.connectorStatus("periodic").tasks().get(0).state());
        herder.deleteConnector("periodic").toCompletableFuture().get();
    }

    @Test
    void aConnectorCanAskForNewTaskConfigurations() throws Exception {
        herder.putConnectorConfig("grows", Map.of("connector.class", "ReconfiguringSourceConnector",
                "mode", "grow", "tasks.max", "3"), null, false).toCompletableFuture().get();
        Await.until("three tasks run", Duration.ofSeconds(30), () -> herder.taskConfigs("grows").size() == 3
                && herder.connectorStatus("grows").tasks().size() == 3
                && herder.connectorStatus("grows").tasks().values().stream().allMatch(t -> t.state() == State.RUNNING));
        herder.deleteConnector("grows").toCompletableFuture().get();
    }

    @Test
    void aConnectorCanRaiseAnError() throws Exception {
        herder.putConnectorConfig("raises", Map.of("connector.class", "ReconfiguringSourceConnector",
                "mode", "raise"), null, false).toCompletableFuture().get();
        Await.until("the connector fails", Duration.ofSeconds(30),
                () -> herder.connectorStatus("raises").connector().state() == State.FAILED);
        assertTrue(herder.connectorStatus("raises").connector().trace()
                .startsWith("java.lang.IllegalStateException: raised by the connector"));
        herder.deleteConnector("raises").toCompletableFuture().get();
    }
}

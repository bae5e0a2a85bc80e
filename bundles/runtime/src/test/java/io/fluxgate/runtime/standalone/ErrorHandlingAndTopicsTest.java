package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.State;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * Error handling (tolerance, dead letter queue with its context headers) and, for sources, transformations and topic
 * creation (KIP-158), on a real broker.
 */
class ErrorHandlingAndTopicsTest {

    @TempDir
    static Path dir;
    static StandaloneHerder herder;

    @BeforeAll
    static void start() {
        herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class),
                TestHerders.settings(dir.resolve("offsets"), "offset.flush.interval.ms", "1000"));
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
                producer.send(new ProducerRecord<>(topic, "key", value)).get();
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            Await.until("topic " + topic + " exists", Duration.ofSeconds(30), () -> {
                try {
                    return admin.listTopics().names().get().contains(topic);
                } catch (Exception e) {
                    return false;
                }
            });
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        props.put("group.id", "reader-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        props.put("allow.auto.create.topics", "false"); // topics are created by what is tested, never by a reader
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> sink(String topic, Path file, String... more) {
        Map<String, String> config = new HashMap<>(Map.of("connector.class", "FileStreamSink", "topics", topic,
                "file", file.toString(), "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    void toleratedErrorsGoToTheDeadLetterQueueWithTheirContext() throws Exception {
        Path out = dir.resolve("dlq-sink.txt");
        herder.putConnectorConfig("dlq-sink", sink("dlq-in", out, "errors.tolerance", "all",
                "errors.log.enable", "true", "errors.log.include.messages", "true",
                "errors.deadletterqueue.topic.name", "dlq-out",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"), null, false).toCompletableFuture().get();
        produce("dlq-in", "{\"n\":1}", "not json", "{\"n\":2}");

        Await.until("the valid records reach the sink", Duration.ofSeconds(30), () -> lines(out).size() == 2);
        assertEquals(List.of("{n=1}", "{n=2}"), lines(out));
        List<ConsumerRecord<byte[], byte[]>> dead = consume("dlq-out", 1);
        assertEquals(1, dead.size());
        ConsumerRecord<byte[], byte[]> record = dead.get(0);
        assertEquals("not json", new String(record.value(), StandardCharsets.UTF_8), "as it was read");
        assertEquals("key", new String(record.key(), StandardCharsets.UTF_8));
        assertEquals("dlq-in", header(record, "__connect.errors.topic"));
        assertEquals("0", header(record, "__connect.errors.partition"));
        assertEquals("1", header(record, "__connect.errors.offset"));
        assertEquals("dlq-sink", header(record, "__connect.errors.connector.name"));
        assertEquals("0", header(record, "__connect.errors.task.id"));
        assertEquals("VALUE_CONVERTER", header(record, "__connect.errors.stage"));
        assertEquals("org.apache.kafka.connect.json.JsonConverter", header(record, "__connect.errors.class.name"));
        assertEquals("org.apache.kafka.connect.errors.DataException",
                header(record, "__connect.errors.exception.class.name"));
        assertTrue(header(record, "__connect.errors.exception.stacktrace").contains("DataException"));
        assertEquals(State.RUNNING, herder.connectorStatus("dlq-sink").tasks().get(0).state());
        herder.deleteConnector("dlq-sink").toCompletableFuture().get();
    }

    @Test
    void withoutToleranceTheFirstErrorFailsTheTask() throws Exception {
        Path out = dir.resolve("strict-sink.txt");
        produce("strict-in", "{\"n\":1}", "not json");
        herder.putConnectorConfig("strict-sink", sink("strict-in", out), null, false).toCompletableFuture().get();
        Await.until("the task fails", Duration.ofSeconds(30), () -> !herder.connectorStatus("strict-sink").tasks()
                .isEmpty() && herder.connectorStatus("strict-sink").tasks().get(0).state() == State.FAILED);
        String trace = herder.connectorStatus("strict-sink").tasks().get(0).trace();
        assertTrue(trace.startsWith("org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error "
                + "handler"), trace);
        assertTrue(trace.contains("Caused by: org.apache.kafka.connect.errors.DataException"), trace);
        herder.deleteConnector("strict-sink").toCompletableFuture().get();
    }

    @Test
    void sourceRecordsAreTransformedIntoTopicsCreatedAsConfigured() throws Exception {
        herder.putConnectorConfig("shaped-source", Map.ofEntries(
                Map.entry("connector.class", "TestSourceConnector"), Map.entry("topic", "raw"),
                Map.entry("transforms", "route,tag"),
                Map.entry("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter"),
                Map.entry("transforms.route.regex", "raw"), Map.entry("transforms.route.replacement", "shaped"),
                Map.entry("transforms.tag.type", "InsertHeader"), Map.entry("transforms.tag.header", "origin"),
                Map.entry("transforms.tag.value.literal", "fluxgate"),
                Map.entry("topic.creation.default.replication.factor", "1"),
                Map.entry("topic.creation.default.partitions", "1"),
                Map.entry("topic.creation.groups", "compacted"),
                Map.entry("topic.creation.compacted.include", "shap.*"),
                Map.entry("topic.creation.compacted.partitions", "3"),
                Map.entry("topic.creation.compacted.retention.ms", "3600000")), null, false)
                .toCompletableFuture().get();

        List<ConsumerRecord<byte[], byte[]>> records = consume("shaped", 5);
        assertTrue(records.size() >= 5);
        assertEquals("fluxgate", header(records.get(0), "origin"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of("shaped")).allTopicNames().get()
                    .get("shaped");
            assertEquals(3, description.partitions().size(), "created by the 'compacted' group");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "shaped");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("3600000", config.get("retention.ms").value());
            assertTrue(!admin.listTopics().names().get().contains("raw"), "the untransformed topic is never used");
        }
        herder.deleteConnector("shaped-source").toCompletableFuture().get();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }
}

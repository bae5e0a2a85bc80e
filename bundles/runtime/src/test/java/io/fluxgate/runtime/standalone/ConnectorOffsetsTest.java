package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.herder.ConnectorOffsets;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;

/**
 * KIP-875 on a real broker, through the standalone herder: a source connector's offsets in the worker's offset store
 * and a sink connector's in its consumer group are read, altered and reset, only while the connector is stopped, with
 * Kafka Connect's messages; and a connector resumed afterwards starts from the altered offsets.
 */
class ConnectorOffsetsTest {

    private static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
    private static final String NOT_STOPPED = "Connectors must be in the STOPPED state before their offsets can be "
            + "modified. This can be done for the specified connector by issuing a 'PUT' request to the "
            + "'/connectors/%s/stop' endpoint";

    @TempDir
    static Path dir;
    static StandaloneHerder herder;

    @BeforeAll
    static void start() {
        herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class),
                TestHerders.settings(dir.resolve("offsets"), "offset.flush.interval.ms", "300"));
    }

    @AfterAll
    static void stop() {
        herder.close();
    }

    @Test
    void sourceOffsetsAreAlteredAndResetAndTheResumedConnectorStartsFromThem() throws Exception {
        Path in = dir.resolve("in.txt");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append(String.format("line-%02d%n", i)); // 8 bytes each
        }
        Files.writeString(in, lines.toString());
        String topic = "offsets-source";
        await(herder.putConnectorConfig("file-src", Map.of("connector.class", "FileStreamSource", "file",
                in.toString(), "topic", topic, "key.converter", STRING_CONVERTER, "value.converter",
                STRING_CONVERTER), null, false));
        Map<String, Object> partition = Map.of("filename", in.toString());
        Await.until("the whole file is committed", Duration.ofSeconds(30),
                () -> offsets("file-src").equals(List.of(new ConnectorOffset(partition, Map.of("position", 800L)))));

        ConnectorOffsets rewind = new ConnectorOffsets(List.of(new ConnectorOffset(partition, Map.of("position", 400))));
        assertRefused(400, String.format(NOT_STOPPED, "file-src"), herder.alterConnectorOffsets("file-src", rewind));
        assertRefused(400, String.format(NOT_STOPPED, "file-src"), herder.resetConnectorOffsets("file-src"));

        await(herder.stopConnector("file-src"));
        assertEquals("The offsets for this connector have been altered successfully",
                await(herder.alterConnectorOffsets("file-src", rewind)));
        assertEquals(List.of(new ConnectorOffset(partition, Map.of("position", 400L))), offsets("file-src"));

        await(herder.resumeConnector("file-src"));
        List<String> produced = consume(topic, 150);
        assertEquals(150, produced.size(), produced.toString());
        assertEquals("line-99", produced.get(99));
        assertEquals("line-50", produced.get(100), "the resumed task starts at the altered position");
        Await.until("the file is committed again", Duration.ofSeconds(30),
                () -> offsets("file-src").equals(List.of(new ConnectorOffset(partition, Map.of("position", 800L)))));

        await(herder.stopConnector("file-src"));
        assertRefused(500, "The value for the 'position' key in the offset should be a non-negative value",
                herder.alterConnectorOffsets("file-src", new ConnectorOffsets(List.of(
                        new ConnectorOffset(partition, Map.of("position", -1)))))); // the connector's own check
        assertRefused(500, "Offsets may only contain primitive types as values, but field position contains ARRAY",
                herder.alterConnectorOffsets("file-src", new ConnectorOffsets(List.of(
                        new ConnectorOffset(partition, Map.of("position", List.of(1, 2)))))));
        assertEquals("The offsets for this connector have been reset successfully",
                await(herder.resetConnectorOffsets("file-src")));
        assertEquals(List.of(), offsets("file-src"));
        assertEquals("The offsets for this connector have been reset successfully",
                await(herder.resetConnectorOffsets("file-src")), "a reset is idempotent");
    }

    @Test
    void aConnectorThatManagesNoOffsetsOfItsOwnGetsKafkasCarefulMessage() throws Exception {
        await(herder.putConnectorConfig("counting", Map.of("connector.class", TestSourceConnector.class.getName(),
                "topic", "offsets-counting"), null, false));
        Map<String, Object> partition = Map.of("source", "test");
        Await.until("offsets are committed", Duration.ofSeconds(30), () -> !offsets("counting").isEmpty());
        await(herder.stopConnector("counting"));
        assertEquals("The Connect framework-managed offsets for this connector have been altered successfully. "
                + "However, if this connector manages offsets externally, they will need to be manually altered in "
                + "the system that the connector uses.", await(herder.alterConnectorOffsets("counting",
                        new ConnectorOffsets(List.of(new ConnectorOffset(partition, Map.of("next", 1_000_000)))))));
        await(herder.resumeConnector("counting"));
        Await.until("the resumed task counts on from 1000000", Duration.ofSeconds(30), () -> {
            List<ConnectorOffset> offsets = offsets("counting");
            return !offsets.isEmpty() && ((Long) offsets.get(0).offset().get("next")) > 1_000_000;
        });
        assertEquals(true, consumeUntil("offsets-counting", "\"value-1000000\""));
        await(herder.deleteConnector("counting"));
    }

    @Test
    void sinkOffsetsAreTheConsumerGroupsAndTheResumedConnectorConsumesFromThem() throws Exception {
        String topic = "offsets-sink";
        produce(topic, 10);
        Path out = dir.resolve("out.txt");
        await(herder.putConnectorConfig("file-sink", Map.of("connector.class", "FileStreamSink", "topics", topic,
                "file", out.toString(), "key.converter", STRING_CONVERTER, "value.converter", STRING_CONVERTER),
                null, false));
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("kafka_topic", topic);
        partition.put("kafka_partition", 0);
        Await.until("the group commits offset 10", Duration.ofSeconds(30),
                () -> offsets("file-sink").equals(List.of(new ConnectorOffset(partition, Map.of("kafka_offset", 10L)))));
        assertRefused(400, String.format(NOT_STOPPED, "file-sink"), herder.resetConnectorOffsets("file-sink"));

        await(herder.stopConnector("file-sink"));
        assertEquals("The offsets for this connector have been altered successfully",
                await(herder.alterConnectorOffsets("file-sink", new ConnectorOffsets(List.of(new ConnectorOffset(
                        Map.of("kafka_topic", topic, "kafka_partition", "0"), Map.of("kafka_offset", "7")))))));
        assertEquals(List.of(new ConnectorOffset(partition, Map.of("kafka_offset", 7L))), offsets("file-sink"));

        await(herder.resumeConnector("file-sink"));
        Await.until("records 7 to 9 are delivered again", Duration.ofSeconds(30), () -> lines(out).size() == 13);
        assertEquals(List.of("msg-7", "msg-8", "msg-9"), lines(out).subList(10, 13));
        Await.until("the group commits offset 10 again", Duration.ofSeconds(30),
                () -> offsets("file-sink").equals(List.of(new ConnectorOffset(partition, Map.of("kafka_offset", 10L)))));

        await(herder.stopConnector("file-sink"));
        Map<String, Object> resetOne = new HashMap<>();
        resetOne.put("kafka_topic", topic);
        resetOne.put("kafka_partition", 0);
        await(herder.alterConnectorOffsets("file-sink", new ConnectorOffsets(List.of(
                new ConnectorOffset(resetOne, null)))));
        assertEquals(List.of(), offsets("file-sink"), "a null offset deletes the partition's");

        assertRefused(400, "The partition for a sink connector offset must contain the keys 'kafka_topic' and "
                + "'kafka_partition'", herder.alterConnectorOffsets("file-sink", new ConnectorOffsets(List.of(
                        new ConnectorOffset(Map.of("kafka_topic", topic), Map.of("kafka_offset", 1))))));
        assertRefused(400, "Failed to parse the following Kafka offset value in the provided offsets: 'abc'. Offset "
                + "values for sink connectors need to be integers.", herder.alterConnectorOffsets("file-sink",
                        new ConnectorOffsets(List.of(new ConnectorOffset(partition, Map.of("kafka_offset", "abc"))))));
        assertRefused(400, "The offset for a sink connector should either be null or contain the key 'kafka_offset'",
                herder.alterConnectorOffsets("file-sink", new ConnectorOffsets(List.of(
                        new ConnectorOffset(partition, Map.of("offset", 1))))));

        assertEquals("The offsets for this connector have been reset successfully",
                await(herder.resetConnectorOffsets("file-sink")));
        assertEquals(List.of(), offsets("file-sink"));
    }

    @Test
    void anUnknownConnectorIs404() {
        assertRefused(404, "Connector nope not found", herder.connectorOffsets("nope"));
        assertRefused(404, "Connector nope not found", herder.resetConnectorOffsets("nope"));
    }

    private static List<ConnectorOffset> offsets(String connector) {
        return await(herder.connectorOffsets(connector)).offsets();
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(int status, String message, CompletionStage<?> stage) {
        HerderException refused = assertThrows(HerderException.class, () -> await(stage));
        assertEquals(message, refused.getMessage());
        assertEquals(status, refused.status());
    }

    private static void produce(String topic, int count) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "key", "msg-" + i)).get();
            }
        }
    }

    private static List<String> consume(String topic, int count) {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        props.put("group.id", "reader-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    /** Reads the topic from the start until a value contains {@code text}. */
    private static boolean consumeUntil(String topic, String text) {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        props.put("group.id", "reader-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().contains(text)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}

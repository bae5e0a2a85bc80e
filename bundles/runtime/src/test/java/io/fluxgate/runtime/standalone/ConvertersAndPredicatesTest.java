package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.RecordingSinkConnector;

/**
 * Converters chosen per connector and a transformation chain gated by predicates, through Apache's connect-file,
 * connect-json and connect-transforms jars, on a real broker: what lands in the topic is byte for byte what Kafka
 * Connect writes, and what a sink is given is what the chain says.
 */
class ConvertersAndPredicatesTest {

    @TempDir
    static Path dir;
    static StandaloneHerder herder;

    @BeforeAll
    static void start() {
        herder = TestHerders.start(ClasspathPluginRegistry.withApachePlugins(RecordingSinkConnector.class),
                TestHerders.settings(dir.resolve("offsets")));
    }

    @AfterAll
    static void stop() {
        herder.close();
    }

    @Test
    void jsonWithAndWithoutSchemasRoundTripsThroughTheTopic() throws Exception {
        List<String> lines = List.of("first line", "second \"quoted\" line", "unicode: žluťoučký kůň");
        Path input = dir.resolve("json-input.txt");
        Files.write(input, lines, StandardCharsets.UTF_8);

        for (boolean schemas : new boolean[] {true, false}) {
            String topic = "json-" + (schemas ? "schemas" : "plain");
            Path output = dir.resolve(topic + ".txt");
            Map<String, String> json = Map.of("value.converter", "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable", String.valueOf(schemas));
            put(topic + "-source", json, "connector.class", "FileStreamSource", "file", input.toString(),
                    "topic", topic);
            put(topic + "-sink", json, "connector.class", "FileStreamSink", "file", output.toString(),
                    "topics", topic);

            List<String> values = consumeValues(topic, lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String quoted = "\"" + lines.get(i).replace("\"", "\\\"") + "\"";
                String expected = schemas ? "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":"
                        + quoted + "}" : quoted;
                assertEquals(expected, values.get(i), topic + ": record " + i + " as JsonConverter writes it");
            }
            Await.until(topic + ": the sink wrote every line back", Duration.ofSeconds(30),
                    () -> FileQuickstartTest.lineCount(output) >= lines.size());
            FileQuickstartTest.assertSameLines(lines, Files.readAllLines(output), topic + " round trip");
        }
    }

    @Test
    void aTransformationChainAppliesEachStepWherePredicatesSay() throws Exception {
        // Records carrying a "skip" header are filtered out; records not from "orders" are wrapped in a struct
        // (negated predicate); records from "orders" pass as they are.
        put("shaped-sink", Map.of(), "connector.class", "RecordingSinkConnector", "topics", "orders,events",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                "transforms", "dropSkipped,wrap",
                "transforms.dropSkipped.type", "org.apache.kafka.connect.transforms.Filter",
                "transforms.dropSkipped.predicate", "hasSkip",
                "transforms.wrap.type", "HoistField$Value",
                "transforms.wrap.field", "line",
                "transforms.wrap.predicate", "isOrders",
                "transforms.wrap.negate", "true",
                "predicates", "hasSkip,isOrders",
                "predicates.hasSkip.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
                "predicates.hasSkip.name", "skip",
                "predicates.isOrders.type", "TopicNameMatches",
                "predicates.isOrders.pattern", "orders");

        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("orders", "k", "order-1")).get();
            ProducerRecord<String, String> skipped = new ProducerRecord<>("orders", "k", "order-skipped");
            skipped.headers().add("skip", new byte[0]);
            producer.send(skipped).get();
            producer.send(new ProducerRecord<>("events", "k", "event-1")).get();
        }

        Await.until("the sink got the two records that pass", Duration.ofSeconds(30),
                () -> RecordingSinkConnector.received("shaped-sink").size() >= 2);
        Thread.sleep(500); // a record that should have been filtered would arrive meanwhile
        List<String> received = new ArrayList<>(RecordingSinkConnector.received("shaped-sink"));
        received.sort(null);
        assertEquals(List.of("Struct{line=event-1}", "order-1"), received); // a string schema hoisted: a Struct
    }

    private static void put(String name, Map<String, String> base, String... more) throws Exception {
        Map<String, String> config = new HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        herder.putConnectorConfig(name, config, null, false).toCompletableFuture().get();
    }

    private static List<String> consumeValues(String topic, int count) {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedBroker.bootstrapServers());
        props.put("group.id", "reader-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return values;
    }
}

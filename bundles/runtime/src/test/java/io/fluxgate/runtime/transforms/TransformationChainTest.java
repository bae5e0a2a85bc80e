package io.fluxgate.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.task.RecordConversion;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;

/** Apache's own transformations and predicates, unmodified, in a chain built from a connector configuration. */
class TransformationChainTest {

    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins();

    private TransformationChain<SourceRecord, SourceRecord> chain(ToleranceType tolerance, String... settings) {
        Map<String, String> config = new HashMap<>(Map.of("name", "c", "connector.class", "FileStreamSource"));
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        return new TransformationChain<>(TransformationStages.<SourceRecord>of(new ConnectorConfig(config), registry),
                new RetryWithToleranceOperator<>(0, 0, tolerance));
    }

    private static SourceRecord record(String topic, String value) {
        return new SourceRecord(Map.of("f", "x"), Map.of("pos", 1L), topic, null, null, Schema.STRING_SCHEMA, value);
    }

    @Test
    void appliesEachStageInOrderAndOnlyWhereItsPredicateSaysSo() {
        TransformationChain<SourceRecord, SourceRecord> chain = chain(ToleranceType.NONE,
                "transforms", "hoist,route",
                "transforms.hoist.type", "HoistField$Value", "transforms.hoist.field", "line",
                "transforms.route.type", "RegexRouter", "transforms.route.regex", "(.*)",
                "transforms.route.replacement", "copy-$1", "transforms.route.predicate", "isLogs",
                "transforms.route.negate", "true",
                "predicates", "isLogs", "predicates.isLogs.type", "TopicNameMatches",
                "predicates.isLogs.pattern", "logs");

        SourceRecord orders = chain.apply(new ProcessingContext<>(null), record("orders", "a"));
        assertEquals("copy-orders", orders.topic());
        assertEquals("a", ((Struct) orders.value()).get("line"));
        SourceRecord logs = chain.apply(new ProcessingContext<>(null), record("logs", "b"));
        assertEquals("logs", logs.topic(), "negated predicate: not routed");
    }

    @Test
    void aFilterDropsTheRecord() {
        TransformationChain<SourceRecord, SourceRecord> chain = chain(ToleranceType.NONE, "transforms", "drop",
                "transforms.drop.type", "Filter", "transforms.drop.predicate", "isLogs",
                "predicates", "isLogs", "predicates.isLogs.type", "TopicNameMatches", "predicates.isLogs.pattern",
                "logs");
        ProcessingContext<SourceRecord> context = new ProcessingContext<>(null);
        assertNull(chain.apply(context, record("logs", "x")));
        assertTrue(!context.failed(), "filtered, not failed");
        assertEquals("orders", chain.apply(new ProcessingContext<>(null), record("orders", "x")).topic());
    }

    @Test
    void aFailingTransformationFailsTheTaskOrDropsTheRecord() {
        String[] insertIntoString = {"transforms", "insert", "transforms.insert.type", "InsertField$Value",
            "transforms.insert.static.field", "f", "transforms.insert.static.value", "v"};
        ConnectException e = assertThrows(ConnectException.class, () -> chain(ToleranceType.NONE, insertIntoString)
                .apply(new ProcessingContext<>(null), record("t", "not a struct")));
        assertEquals("Tolerance exceeded in error handler", e.getMessage());

        ProcessingContext<SourceRecord> context = new ProcessingContext<>(null);
        assertNull(chain(ToleranceType.ALL, insertIntoString).apply(context, record("t", "not a struct")));
        assertTrue(context.failed());
    }

    @Test
    void convertersTurnTransformedRecordsIntoKafkaRecords() {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "false"), false);
        StringConverter keys = new StringConverter();
        keys.configure(Map.of(), true);
        SimpleHeaderConverter headers = new SimpleHeaderConverter();
        RecordConversion conversion = new RecordConversion(keys, json, headers);
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "t", 2, Schema.STRING_SCHEMA, "k",
                null, Map.of("a", 1), 1234L);
        record.headers().addString("h", "v");
        ProducerRecord<byte[], byte[]> out = conversion.toProducerRecord(new ProcessingContext<>(record), record,
                RetryWithToleranceOperator.none());
        assertEquals("t", out.topic());
        assertEquals(2, out.partition());
        assertEquals(1234L, out.timestamp());
        assertEquals("k", new String(out.key(), StandardCharsets.UTF_8));
        assertEquals("{\"a\":1}", new String(out.value(), StandardCharsets.UTF_8));
        assertEquals("v", new String(out.headers().lastHeader("h").value(), StandardCharsets.UTF_8));
    }
}

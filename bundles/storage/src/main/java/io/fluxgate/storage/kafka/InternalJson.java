package io.fluxgate.storage.kafka;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * The JSON of the config and status topics: Kafka's own {@link JsonConverter} without schemas, as Kafka Connect's
 * internal value converter. Writing a {@link org.apache.kafka.connect.data.Struct} of Kafka Connect's schemas through
 * it yields Kafka Connect's bytes; reading yields maps, lists, strings, booleans and longs.
 */
public final class InternalJson {

    private final JsonConverter converter = new JsonConverter();

    public InternalJson() {
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
    }

    public byte[] write(String topic, Schema schema, Object value) {
        return converter.fromConnectData(topic, schema, value);
    }

    /**
     * The value in {@code bytes}; null for a tombstone.
     *
     * @throws org.apache.kafka.connect.errors.DataException when the bytes are not JSON
     */
    public Object read(String topic, byte[] bytes) {
        return converter.toConnectData(topic, bytes).value();
    }
}

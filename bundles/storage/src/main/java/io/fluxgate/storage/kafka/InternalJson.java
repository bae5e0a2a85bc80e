package io.fluxgate.storage.kafka;

import java.io.IOException;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of the config and status topics: Kafka's own {@link JsonConverter} without schemas, as Kafka Connect's
 * internal value converter. Writing a {@link org.apache.kafka.connect.data.Struct} of Kafka Connect's schemas through
 * it yields Kafka Connect's bytes; reading yields what the converter's schemaless reading yields (maps, lists,
 * strings, booleans, longs and doubles), except that a map keeps the order of its keys: a connector's configuration
 * reads back in the order its user wrote it, not in an order that changes from one worker's start to the next.
 */
public final class InternalJson {

    private final JsonConverter converter = new JsonConverter();
    private final ObjectMapper reader = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

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
        if (bytes == null) {
            return null;
        }
        try {
            return reader.readValue(bytes, Object.class);
        } catch (IOException e) {
            throw new DataException("Converting byte[] to Kafka Connect data failed due to serialization error of "
                    + "topic " + topic + ": ", e);
        }
    }
}

package io.fluxgate.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Serializes source partitions and offsets as Kafka Connect does, byte for byte: JSON without schemas, the key being
 * {@code ["<connector>", {partition}]} and the value the offset map. This is what makes the offsets file and the
 * offsets topic readable by Apache Kafka Connect and the other way round.
 */
public final class OffsetCodec {

    private final JsonConverter keyConverter = new JsonConverter();
    private final JsonConverter valueConverter = new JsonConverter();

    public OffsetCodec() {
        Map<String, String> config = Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false");
        keyConverter.configure(config, true);
        valueConverter.configure(config, false);
    }

    public ByteBuffer key(String connector, Map<String, ?> partition) {
        byte[] key = keyConverter.fromConnectData(connector, null, Arrays.asList(connector, partition));
        return key == null ? null : ByteBuffer.wrap(key);
    }

    public ByteBuffer value(String connector, Map<String, ?> offset) {
        byte[] value = valueConverter.fromConnectData(connector, null, offset);
        return value == null ? null : ByteBuffer.wrap(value);
    }

    /** The offset map stored in {@code value}, or null for none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> offset(String connector, ByteBuffer value) {
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        Object offset = valueConverter.toConnectData(connector, bytes).value();
        validateFormat(offset);
        return (Map<String, Object>) offset;
    }

    /** {@code data} written as stored and read back: the types a task reading it will see (JSON's longs...). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> roundTrip(Map<String, ?> data) {
        byte[] bytes = valueConverter.fromConnectData("", null, data);
        return bytes == null ? null : (Map<String, Object>) valueConverter.toConnectData("", bytes).value();
    }

    /**
     * The source partition stored under {@code key} if it belongs to {@code connector}; null for another connector's
     * key or one Kafka Connect would ignore as malformed ({@code OffsetUtils.processPartitionKey}).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> partition(String connector, ByteBuffer key) {
        if (key == null) {
            return null;
        }
        byte[] bytes = new byte[key.remaining()];
        key.duplicate().get(bytes);
        Object deserialized;
        try {
            deserialized = keyConverter.toConnectData("", bytes).value();
        } catch (DataException e) {
            return null;
        }
        if (deserialized instanceof List<?> list && list.size() == 2 && connector.equals(list.get(0))
                && list.get(1) instanceof Map<?, ?> partition) {
            return (Map<String, Object>) partition;
        }
        return null;
    }

    /**
     * Kafka Connect's rule for partitions and offsets: a map with string keys and primitive values (null is allowed).
     */
    public static void validateFormat(Object offsetData) {
        if (offsetData == null) {
            return;
        }
        if (!(offsetData instanceof Map<?, ?> map)) {
            throw new DataException("Offsets must be specified as a Map");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new DataException("Offsets may only use String keys");
            }
            Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            Schema.Type type = ConnectSchema.schemaType(value.getClass());
            if (type == null) {
                throw new DataException("Offsets may only contain primitive types as values, but field "
                        + entry.getKey() + " contains " + value.getClass());
            }
            if (!type.isPrimitive()) {
                throw new DataException("Offsets may only contain primitive types as values, but field "
                        + entry.getKey() + " contains " + type);
            }
        }
    }

    /** The bytes of a key or value as stores keep them (a copy: the buffer is not consumed); null for null. */
    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

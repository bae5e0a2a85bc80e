package io.fluxgate.testplugins.hostile;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * A string converter that misbehaves as its own {@code mode} says ({@code value.converter.mode}):
 * {@code hang-configure} or {@code hang-close} hang there, deaf to interrupts, until {@code value.converter.release.file} exists
 * ({@link Hostility}). Otherwise it converts as Kafka's StringConverter does.
 */
public class HostileConverter implements Converter {

    private Hostility hostility = Hostility.none();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        hostility = Hostility.of(strings(configs));
        hostility.maybeHang("configure");
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA,
                value == null ? null : new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public ConfigDef config() {
        return Hostility.CONFIG;
    }

    @Override
    public void close() {
        hostility.maybeHang("close");
    }

    static Map<String, String> strings(Map<String, ?> configs) {
        Map<String, String> result = new HashMap<>();
        configs.forEach((key, value) -> result.put(key, String.valueOf(value)));
        return result;
    }
}

package io.fluxgate.testplugins.alltypes;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.HeaderConverter;

/** Header values as reversed strings. */
public class ReverseHeaderConverter implements HeaderConverter {

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, value == null ? null
                : new StringBuilder(new String(value, StandardCharsets.UTF_8)).reverse().toString());
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return value == null ? null : new StringBuilder(value.toString()).reverse().toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void close() {
    }

    @Override
    public String version() {
        return "2.1.0";
    }
}

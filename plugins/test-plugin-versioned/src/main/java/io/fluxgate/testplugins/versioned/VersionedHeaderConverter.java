package io.fluxgate.testplugins.versioned;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.HeaderConverter;

/** Header values written as {@code <release>:<value>}. */
public class VersionedHeaderConverter implements HeaderConverter, Versioned {

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return value == null ? null : (Release.VERSION + ":" + value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, text.substring(text.indexOf(':') + 1));
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
        return Release.VERSION;
    }
}

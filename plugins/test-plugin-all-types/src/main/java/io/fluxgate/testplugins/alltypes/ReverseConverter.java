package io.fluxgate.testplugins.alltypes;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/** Strings, reversed: a converter that keeps Converter's default version ("undefined"). */
public class ReverseConverter implements Converter {

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return value == null ? null : new StringBuilder(value.toString()).reverse().toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, value == null ? null
                : new StringBuilder(new String(value, StandardCharsets.UTF_8)).reverse().toString());
    }
}

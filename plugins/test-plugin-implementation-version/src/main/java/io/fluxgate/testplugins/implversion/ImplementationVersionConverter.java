package io.fluxgate.testplugins.implversion;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * A string converter whose version is the Implementation-Version of its jar's manifest, as many plugins report theirs,
 * and whose {@link #toString()} calls a class of the default package, found by name through its own class loader.
 */
public class ImplementationVersionConverter implements Converter {

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
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
    public String version() {
        return ImplementationVersionConverter.class.getPackage().getImplementationVersion();
    }

    @Override
    public String toString() {
        try {
            return (String) Class.forName("TopLevelHelper", true, getClass().getClassLoader())
                    .getMethod("greet", String.class).invoke(null, "converter");
        } catch (ReflectiveOperationException e) {
            return "TopLevelHelper not found: " + e;
        }
    }
}

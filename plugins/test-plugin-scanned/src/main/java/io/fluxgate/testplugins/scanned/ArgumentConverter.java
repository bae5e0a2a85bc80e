package io.fluxgate.testplugins.scanned;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/** Public and concrete, but without a no-argument constructor: found, reported as unusable, as Kafka does. */
public class ArgumentConverter implements Converter {

    private final String prefix;

    public ArgumentConverter(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return prefix.getBytes();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return SchemaAndValue.NULL;
    }
}

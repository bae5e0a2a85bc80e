package io.fluxgate.testplugins.missingdependency;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * Implements an interface of Guava, which this jar does not carry (compiled against it, not packaged with it): the
 * class cannot even be defined, as with a plugin whose author forgot a dependency.
 */
public class MissingDependencyConverter implements Converter, com.google.common.base.Supplier<String> {

    @Override
    public String get() {
        return "never";
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return null;
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return SchemaAndValue.NULL;
    }

    static Supplier<String> unused() {
        return () -> "";
    }
}

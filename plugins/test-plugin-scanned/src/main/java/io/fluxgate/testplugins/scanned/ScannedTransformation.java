package io.fluxgate.testplugins.scanned;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** Abstract, with public nested variants as Kafka's Cast$Key and Cast$Value: the variants are the plugins. */
public abstract class ScannedTransformation<R extends ConnectRecord<R>> implements Transformation<R> {

    @Override
    public R apply(R record) {
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    /** Applies to keys. */
    public static class Key<R extends ConnectRecord<R>> extends ScannedTransformation<R> {
    }

    /** Applies to values. */
    public static class Value<R extends ConnectRecord<R>> extends ScannedTransformation<R> {
    }
}

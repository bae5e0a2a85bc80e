package io.fluxgate.testplugins.alltypes;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** Adds a header {@code tag: all-types} to every record. */
public class TagTransformation<R extends ConnectRecord<R>> implements Transformation<R> {

    @Override
    public R apply(R record) {
        record.headers().addString("tag", "all-types");
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

    @Override
    public String version() {
        return "2.1.0";
    }
}

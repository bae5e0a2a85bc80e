package io.fluxgate.testplugins.versioned;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** Adds a header {@code transformed.by: <release>}. */
public class VersionTagTransformation<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    @Override
    public R apply(R record) {
        record.headers().addString("transformed.by", Release.VERSION);
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
        return Release.VERSION;
    }
}

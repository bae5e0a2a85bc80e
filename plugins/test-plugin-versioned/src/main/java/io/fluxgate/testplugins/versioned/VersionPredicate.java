package io.fluxgate.testplugins.versioned;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/** Matches every record, and marks it with a header {@code tested.by: <release>} to show which version decided. */
public class VersionPredicate<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

    @Override
    public boolean test(R record) {
        record.headers().addString("tested.by", Release.VERSION);
        return true;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }

    @Override
    public String version() {
        return Release.VERSION;
    }
}

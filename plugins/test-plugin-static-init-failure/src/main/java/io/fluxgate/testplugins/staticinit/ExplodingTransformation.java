package io.fluxgate.testplugins.staticinit;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** Its static initializer throws: the class can never be used. */
public class ExplodingTransformation<R extends ConnectRecord<R>> implements Transformation<R> {

    static {
        if (Boolean.parseBoolean("true")) {
            throw new IllegalStateException("exploding on purpose in a static initializer");
        }
    }

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
}

package io.fluxgate.testplugins.hostile;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A transformation that passes records on unchanged and misbehaves as its own {@code mode} says
 * ({@code transforms.<alias>.mode}): {@code hang-configure} or {@code hang-close} hang there, deaf to interrupts, until
 * its {@code release.file} exists ({@link Hostility}); {@code fail-configure} throws from configure().
 */
public class HostileTransformation<R extends ConnectRecord<R>> implements Transformation<R> {

    private Hostility hostility = Hostility.none();

    @Override
    public void configure(Map<String, ?> configs) {
        hostility = Hostility.of(HostileConverter.strings(configs));
        hostility.maybeHang("configure");
        if (hostility.is("fail-configure")) {
            throw new IllegalStateException("boom in configure() of the hostile transformation");
        }
    }

    @Override
    public R apply(R record) {
        return record;
    }

    @Override
    public ConfigDef config() {
        return Hostility.CONFIG;
    }

    @Override
    public void close() {
        hostility.maybeHang("close");
    }
}

package io.fluxgate.testplugins.alltypes;

import java.util.Map;

import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/** Registers nothing. */
public class NoopRestExtension implements ConnectRestExtension {

    @Override
    public void register(ConnectRestExtensionContext restPluginContext) {
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

package io.fluxgate.runtime.herder;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnector;

import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ConnectorConfigDefs;

/** What a connector configuration's plugin is: its type and version, as installed now (UNKNOWN/null when missing). */
public final class ConnectorPlugins {

    private final PluginRegistry registry;

    public ConnectorPlugins(PluginRegistry registry) {
        this.registry = registry;
    }

    public ConnectorType type(Map<String, String> config) {
        return plugin(config).map(p -> SinkConnector.class.isAssignableFrom(p.type()) ? ConnectorType.SINK
                : ConnectorType.SOURCE).orElse(ConnectorType.UNKNOWN);
    }

    public String version(Map<String, String> config) {
        return plugin(config).map(p -> p.descriptor().version()).orElse(null);
    }

    private Optional<PluginClass<Connector>> plugin(Map<String, String> config) {
        try {
            return Optional.of(registry.load(config.get(ConnectorConfigDefs.CONNECTOR_CLASS),
                    Connector.class, config.get(ConnectorConfigDefs.CONNECTOR_VERSION)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

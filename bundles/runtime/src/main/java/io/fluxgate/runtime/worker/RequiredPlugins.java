package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ConnectorConfigDefs;
import io.fluxgate.runtime.config.WorkerSettings;

/**
 * Every plugin a connector and its tasks will load, in the versions its configuration asks for: the connector, the key,
 * value and header converters (its own or the worker's), each transformation and the predicate it refers to. Whether
 * they can all be loaded now decides whether a connector whose plugin went away can start again.
 */
final class RequiredPlugins {

    private record Required(String name, Class<?> type, String version) {
    }

    private final WorkerSettings settings;
    private final PluginRegistry registry;

    RequiredPlugins(WorkerSettings settings, PluginRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** Why the first plugin that cannot be loaded now cannot be, or empty when all can. */
    Optional<String> missing(ConnectorConfig config) {
        for (Required required : of(config)) {
            try {
                registry.load(required.name(), required.type(), required.version());
            } catch (RuntimeException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    private List<Required> of(ConnectorConfig config) {
        List<Required> all = new ArrayList<>();
        all.add(new Required(config.connectorClass(), Connector.class, config.connectorVersion()));
        all.add(converter(config, ConnectorConfigDefs.KEY_CONVERTER, settings.keyConverter(), Converter.class));
        all.add(converter(config, ConnectorConfigDefs.VALUE_CONVERTER, settings.valueConverter(), Converter.class));
        all.add(converter(config, ConnectorConfigDefs.HEADER_CONVERTER, settings.headerConverter(),
                HeaderConverter.class));
        for (String alias : config.transforms()) {
            String prefix = ConnectorConfigDefs.TRANSFORMS + "." + alias + ".";
            all.add(new Required(config.original(prefix + "type"), Transformation.class,
                    config.original(prefix + ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX)));
            String predicate = config.original(prefix + "predicate");
            if (predicate != null) {
                String predicatePrefix = ConnectorConfigDefs.PREDICATES + "." + predicate + ".";
                all.add(new Required(config.original(predicatePrefix + "type"), Predicate.class,
                        config.original(predicatePrefix + ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX)));
            }
        }
        return all;
    }

    private Required converter(ConnectorConfig config, String key, String workerDefault, Class<?> type) {
        ConverterChoice choice = ConverterChoice.of(config, settings, key, workerDefault);
        return new Required(choice.className(), type, choice.version());
    }
}

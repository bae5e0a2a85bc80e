package io.fluxgate.runtime.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.common.config.ConfigDef;

import io.fluxgate.api.plugins.PluginType;

/**
 * The recommended values of the settings that name plugins, as Kafka Connect's {@code PluginsRecommenders}: the
 * installed converters, and the installed versions of the connector, converters, transformations and predicates a
 * configuration names.
 */
final class PluginRecommenders {

    /** Null: Kafka's empty recommenders, which recommend nothing but still tell visibility. */
    private final InstalledPlugins plugins;

    PluginRecommenders(InstalledPlugins plugins) {
        this.plugins = plugins;
    }

    ConfigDef.Recommender get(PluginKeys.Recommendation recommendation) {
        return switch (recommendation) {
            case CONNECTOR_VERSION -> recommender(parsed -> {
                Object connector = parsed.get(ConnectorConfigDefs.CONNECTOR_CLASS);
                return connector == null ? List.of()
                        : plugins.versions(connector.toString(), PluginType.SOURCE, PluginType.SINK);
            }, parsed -> parsed.get(ConnectorConfigDefs.CONNECTOR_CLASS) != null);
            case CONVERTERS -> recommender(parsed -> plugins.classes(PluginType.CONVERTER), parsed -> true);
            case HEADER_CONVERTERS -> recommender(parsed -> plugins.classes(PluginType.HEADER_CONVERTER),
                    parsed -> true);
            case KEY_CONVERTER_VERSION -> versionsOf(ConnectorConfigDefs.KEY_CONVERTER, PluginType.CONVERTER, false);
            case VALUE_CONVERTER_VERSION -> versionsOf(ConnectorConfigDefs.VALUE_CONVERTER, PluginType.CONVERTER,
                    false);
            case HEADER_CONVERTER_VERSION -> versionsOf(ConnectorConfigDefs.HEADER_CONVERTER,
                    PluginType.HEADER_CONVERTER, false);
        };
    }

    /** The versions of the transformation or predicate that {@code classKey} names; always visible, as in Kafka. */
    ConfigDef.Recommender aliasedPluginVersions(String classKey, PluginType type) {
        return versionsOf(classKey, type, true);
    }

    /** Every installed class of {@code type}: the recommended values of a transformation's or predicate's type. */
    ConfigDef.Recommender classes(PluginType type) {
        return recommender(parsed -> plugins.classes(type), parsed -> true);
    }

    private ConfigDef.Recommender versionsOf(String classKey, PluginType type, boolean alwaysVisible) {
        return recommender(parsed -> parsed.get(classKey) instanceof Class<?> plugin
                ? plugins.versions(plugin.getName(), type) : List.of(),
                parsed -> alwaysVisible || parsed.get(classKey) != null);
    }

    private ConfigDef.Recommender recommender(Function<Map<String, Object>, List<Object>> values,
            Predicate<Map<String, Object>> visible) {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return plugins == null ? List.of() : values.apply(parsedConfig);
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return visible.test(parsedConfig);
            }
        };
    }
}

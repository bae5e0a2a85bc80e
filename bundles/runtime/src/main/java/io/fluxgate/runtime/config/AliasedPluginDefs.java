package io.fluxgate.runtime.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.worker.LoaderSwap;

/**
 * Adds to a connector's ConfigDef the settings of the transformations and predicates its configuration names (Kafka
 * Connect's "enriched" ConfigDef): {@code transforms.<alias>.type}, the implicit {@code .predicate} and
 * {@code .negate} of a transformation, and every setting the plugin's own {@code config()} declares, under its
 * prefix. A plugin that cannot be loaded contributes only its failing {@code type}.
 */
final class AliasedPluginDefs {

    static final String TYPE = "type";
    static final String PREDICATE = "predicate";
    static final String NEGATE = "negate";

    private final PluginRegistry registry;
    private final Map<String, String> props;

    AliasedPluginDefs(PluginRegistry registry, Map<String, String> props) {
        this.registry = registry;
        this.props = props;
    }

    void enrich(ConfigDef def) {
        enrich(def, ConnectorConfigDefs.TRANSFORMS, ConnectorConfigDefs.TRANSFORMS_GROUP, Transformation.class);
        enrich(def, ConnectorConfigDefs.PREDICATES, ConnectorConfigDefs.PREDICATES_GROUP, Predicate.class);
    }

    private void enrich(ConfigDef def, String aliasesKey, String aliasGroup, Class<?> superType) {
        Object aliases;
        try {
            aliases = ConfigDef.parseType(aliasesKey, props.get(aliasesKey), Type.LIST);
        } catch (ConfigException e) {
            return; // reported by the aliases setting itself
        }
        if (!(aliases instanceof List<?> list)) {
            return;
        }
        String kind = superType == Transformation.class ? "transformation" : "predicate";
        for (Object alias : new LinkedHashSet<>(list)) {
            String prefix = aliasesKey + "." + alias + ".";
            String group = aliasGroup + ": " + alias;
            String typeKey = prefix + TYPE;
            def.define(typeKey, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, typeValidator(prefix, superType),
                    Importance.HIGH, "Class for the '" + alias + "' " + kind + ".", group, 0, Width.LONG,
                    superType.getSimpleName() + " type for " + alias);
            ConfigDef pluginDef = pluginDef(props.get(typeKey), superType);
            if (pluginDef != null) {
                def.embed(prefix, group, 1, pluginDef);
            }
        }
    }

    private ConfigDef.Validator typeValidator(String prefix, Class<?> superType) {
        return (name, value) -> {
            if (superType == Transformation.class && props.containsKey(prefix + NEGATE)
                    && !props.containsKey(prefix + PREDICATE)) {
                throw new ConfigException("Config '" + prefix + NEGATE + "' was provided but there is no config '"
                        + prefix + PREDICATE + "' defining a predicate to be negated.");
            }
            if (superType == Transformation.class && props.get(prefix + PREDICATE) != null) {
                checkPredicateDefined(prefix + PREDICATE, props.get(prefix + PREDICATE));
            }
            try {
                registry.load(String.valueOf(value).trim(), superType, props.get(prefix + ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX));
            } catch (PluginNotFoundException e) {
                throw new ConfigException(name, value, "Class " + value + " could not be found.");
            }
        };
    }

    private void checkPredicateDefined(String key, String predicate) {
        Object defined = ConfigDef.parseType(ConnectorConfigDefs.PREDICATES,
                props.getOrDefault(ConnectorConfigDefs.PREDICATES, ""), Type.LIST);
        if (!((List<?>) defined).contains(predicate.trim())) {
            throw new ConfigException(key, predicate, "Predicate " + predicate + " is not defined in '"
                    + ConnectorConfigDefs.PREDICATES + "'");
        }
    }

    /** The plugin's own settings (with a transformation's implicit ones), or null if it cannot be loaded. */
    private ConfigDef pluginDef(String type, Class<?> superType) {
        if (type == null || type.isBlank()) {
            return null;
        }
        PluginClass<?> plugin;
        try {
            plugin = registry.load(type.trim(), superType, null);
        } catch (PluginNotFoundException e) {
            return null;
        }
        ConfigDef def = new ConfigDef();
        if (superType == Transformation.class) {
            def.define(PREDICATE, Type.STRING, null, Importance.MEDIUM,
                    "The alias of a predicate used to determine whether to apply this transformation.");
            def.define(NEGATE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether the configured predicate should be negated.");
        }
        Object instance = plugin.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            ConfigDef own = instance instanceof Transformation<?> t ? t.config() : ((Predicate<?>) instance).config();
            if (own == null) {
                return null;
            }
            own.configKeys().forEach((name, key) -> {
                if (!def.configKeys().containsKey(name)) {
                    def.define(key); // the implicit settings mask the plugin's own of the same name, as in Kafka
                }
            });
        } finally {
            closeQuietly(instance);
        }
        return def;
    }

    static void closeQuietly(Object plugin) {
        if (plugin instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // a plugin instance made only to read its ConfigDef
            }
        }
    }
}

package io.fluxgate.runtime.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * Adds to a connector's ConfigDef the settings of the transformations and predicates its configuration names, as
 * Kafka Connect's {@code ConnectorConfig.enrich} does: {@code <alias>.type} (a class) and {@code <alias>.plugin.version}
 * in the group {@code Transforms: <alias>}, the implicit {@code predicate} and {@code negate} of a transformation, and
 * every setting the plugin's own {@code config()} declares, under its prefix. A plugin that cannot be loaded
 * contributes only its failing {@code type}. Must run with a {@link RegistryClassLoader} as context loader.
 */
final class AliasedPluginDefs {

    private static final Logger LOG = LoggerFactory.getLogger(AliasedPluginDefs.class);
    static final String TYPE = "type";
    static final String PREDICATE = "predicate";
    static final String NEGATE = "negate";

    private final InstalledPlugins plugins;
    private final PluginRecommenders recommenders;
    private final Map<String, String> props;

    AliasedPluginDefs(InstalledPlugins plugins, PluginRecommenders recommenders, Map<String, String> props) {
        this.plugins = plugins;
        this.recommenders = recommenders;
        this.props = props;
    }

    ConfigDef enrich(ConfigDef base) {
        ConfigDef def = new ConfigDef(base);
        enrich(def, "Transformation", ConnectorConfigDefs.TRANSFORMS, ConnectorConfigDefs.TRANSFORMS_GROUP,
                PluginType.TRANSFORMATION);
        enrich(def, "Predicate", ConnectorConfigDefs.PREDICATES, ConnectorConfigDefs.PREDICATES_GROUP,
                PluginType.PREDICATE);
        return def;
    }

    private void enrich(ConfigDef def, String kind, String aliasesKey, String aliasGroup, PluginType type) {
        Object aliases = ConfigDef.parseType(aliasesKey, props.get(aliasesKey), Type.LIST);
        if (!(aliases instanceof List<?> list)) {
            return;
        }
        String kindName = kind.toLowerCase(Locale.ENGLISH);
        Class<?> baseClass = type.superType();
        for (Object item : new LinkedHashSet<>(list)) {
            if (!(item instanceof String alias)) {
                throw new ConfigException("Item in " + aliasesKey + " property is not of type String");
            }
            String prefix = aliasesKey + "." + alias + ".";
            String group = aliasGroup + ": " + alias;
            String typeKey = prefix + TYPE;
            String versionKey = prefix + ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX;
            String defaultVersion = plugins.latestVersion(props.get(typeKey), baseClass);
            ConfigDef.Validator typeValidator = ConfigDef.LambdaValidator.with((name, value) -> {
                validateProps(type, prefix);
                if (value != null) { // null: the class could not be found, which is reported already
                    configDefOf(typeKey, ((Class<?>) value).getName(), props.getOrDefault(versionKey, defaultVersion),
                            baseClass);
                }
            }, () -> "valid configs for " + alias + " " + kindName);
            def.define(typeKey, Type.CLASS, ConfigDef.NO_DEFAULT_VALUE, typeValidator, Importance.HIGH,
                    "Class for the '" + alias + "' " + kindName + ".", group, 0, Width.LONG,
                    baseClass.getSimpleName() + " type for " + alias, List.of(), recommenders.classes(type));
            ConfigDef.Validator versionValidator = (name, value) -> {
                if (value != null) {
                    try {
                        configDefOf(typeKey, props.get(typeKey), (String) value, baseClass);
                    } catch (PluginVersions.VersionException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // not a version problem: reported by the type setting
                    }
                }
            };
            def.define(versionKey, Type.STRING, defaultVersion, versionValidator, Importance.HIGH,
                    "Version of the '" + alias + "' " + kindName + ".", group, 1, Width.LONG,
                    baseClass.getSimpleName() + " version for " + alias, List.of(),
                    recommenders.aliasedPluginVersions(typeKey, type));
            ConfigDef own = populate(type, typeKey, versionKey, baseClass);
            if (own != null) {
                def.embed(prefix, group, 2, own);
            }
        }
    }

    private void validateProps(PluginType type, String prefix) {
        if (type == PluginType.TRANSFORMATION && props.containsKey(prefix + NEGATE)
                && !props.containsKey(prefix + PREDICATE)) {
            throw new ConfigException("Config '" + prefix + NEGATE + "' was provided but there is no config '"
                    + prefix + PREDICATE + "' defining a predicate to be negated.");
        }
    }

    /** The plugin's own settings (with a transformation's implicit ones), or null if it cannot be loaded. */
    private ConfigDef populate(PluginType type, String typeKey, String versionKey, Class<?> baseClass) {
        ConfigDef def = new ConfigDef();
        if (type == PluginType.TRANSFORMATION) {
            def.define(PREDICATE, Type.STRING, null, Importance.MEDIUM,
                    "The alias of a predicate used to determine whether to apply this transformation.");
            def.define(NEGATE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether the configured predicate should be negated.");
        }
        try {
            if (props.get(typeKey) == null) {
                throw new ConfigException(typeKey, null, "Not a " + baseClass.getSimpleName());
            }
            configDefOf(typeKey, props.get(typeKey), props.get(versionKey), baseClass).configKeys()
                    .forEach((name, key) -> {
                        if (type == PluginType.TRANSFORMATION && (PREDICATE.equals(name) || NEGATE.equals(name))) {
                            LOG.warn("Transformer config {} is masked by implicit config of that name", name);
                        } else {
                            def.define(key);
                        }
                    });
        } catch (ConfigException e) {
            return null;
        }
        return def;
    }

    /** Kafka's {@code EnrichablePlugin.getConfigDefFromPlugin}. */
    private ConfigDef configDefOf(String key, String pluginClass, String version, Class<?> baseClass) {
        String connectorClass = props.get(ConnectorConfigDefs.CONNECTOR_CLASS);
        if (pluginClass == null || connectorClass == null) {
            return new ConfigDef(); // reported by the settings' own validators
        }
        try {
            PluginVersions.requirement(props.get(ConnectorConfigDefs.CONNECTOR_VERSION));
        } catch (InvalidVersionSpecificationException e) {
            return new ConfigDef(); // reported by connector.plugin.version
        }
        Class<?> type = (Class<?>) ConfigDef.parseType(key, props.get(key), Type.CLASS);
        Utils.ensureConcreteSubclass(baseClass, type);
        PluginClass<?> plugin;
        Object instance;
        try {
            plugin = plugins.load(pluginClass.trim(), baseClass, version);
            instance = plugin.newInstance();
        } catch (PluginVersions.VersionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(key, pluginClass, "Error getting config definition from "
                    + baseClass.getSimpleName() + ": " + e.getMessage());
        }
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            ConfigDef own = instance instanceof Transformation<?> t ? t.config() : ((Predicate<?>) instance).config();
            if (own == null) {
                throw new ConnectException(String.format("%s.config() must return a ConfigDef that is not null.",
                        instance.getClass().getName()));
            }
            return own;
        } finally {
            Utils.maybeCloseQuietly(instance, "plugin instantiated for its ConfigDef");
        }
    }
}

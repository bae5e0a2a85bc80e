package io.fluxgate.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * {@code GET /connector-plugins/{p}/config}: the settings of an installed plugin, as Kafka Connect's
 * {@code AbstractHerder.connectorPluginConfig} lists them. A connector's own settings come first, then the
 * framework's it does not redefine; converters, transformations and predicates list their own.
 */
public final class PluginConfigDescriber {

    private final InstalledPlugins plugins;

    public PluginConfigDescriber(PluginRegistry registry) {
        this.plugins = new InstalledPlugins(registry);
    }

    /**
     * @param version a version or range; null or {@code latest} for the newest
     * @throws HerderException 404 for a plugin that is not installed, 400 for a version that is not (or cannot be
     *         read) or a plugin of another kind
     */
    public List<ConfigKeyInfo> describe(String pluginName, String version) {
        if (!PluginVersions.isValid(version)) {
            throw new HerderException(400, "Invalid version specification: " + version);
        }
        PluginClass<Object> plugin;
        try {
            plugin = plugins.load(pluginName, Object.class, version);
        } catch (PluginVersions.VersionException e) {
            throw new HerderException(400, e.getMessage(), e);
        } catch (PluginNotFoundException e) {
            throw new HerderException(404, "Unknown plugin " + pluginName + ".");
        }
        Object instance = plugin.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            ConfigDef base = null;
            ConfigDef own;
            if (instance instanceof SinkConnector sink) {
                base = ConnectorConfigDefs.sink(ConnectorConfigDefs.common(connectorKeys(pluginName)));
                own = sink.config();
            } else if (instance instanceof SourceConnector source) {
                base = ConnectorConfigDefs.source(ConnectorConfigDefs.common(connectorKeys(pluginName)));
                own = source.config();
            } else if (instance instanceof Converter converter) {
                own = converter.config();
            } else if (instance instanceof HeaderConverter converter) {
                own = converter.config();
            } else if (instance instanceof Transformation<?> transformation) {
                own = transformation.config();
            } else if (instance instanceof Predicate<?> predicate) {
                own = predicate.config();
            } else {
                throw new HerderException(400, "Invalid plugin class " + pluginName + ". Valid types are sink, "
                        + "source, converter, header_converter, transformation, predicate.");
            }
            // The plugin's definition wins over the framework's of the same name; each keeps its own order.
            Map<String, ConfigDef.ConfigKey> keys = new LinkedHashMap<>(own.configKeys());
            if (base != null) {
                base.configKeys().forEach(keys::putIfAbsent);
            }
            List<ConfigKeyInfo> result = new ArrayList<>();
            keys.values().forEach(key -> result.add(ConfigResults.key(key, "")));
            return result;
        } finally {
            Utils.maybeCloseQuietly(instance, "plugin instantiated for its ConfigDef");
        }
    }

    private PluginKeys connectorKeys(String pluginName) {
        return PluginKeys.described(plugins.latestVersion(pluginName, Connector.class));
    }
}

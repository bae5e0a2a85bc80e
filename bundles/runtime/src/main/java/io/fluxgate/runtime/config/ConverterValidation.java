package io.fluxgate.runtime.config;

import static io.fluxgate.runtime.config.ConnectorConfigDefs.HEADER_CONVERTER;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.HEADER_CONVERTER_VERSION;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.KEY_CONVERTER;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.KEY_CONVERTER_VERSION;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.VALUE_CONVERTER;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.VALUE_CONVERTER_VERSION;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * The settings of the converters a connector names itself ({@code key.converter.*}...), checked by each converter's
 * own {@code config()}, as Kafka Connect's {@code AbstractHerder.validateConverterConfig} does. A converter that
 * cannot be loaded or validated gets the reason as an error on its class setting.
 */
final class ConverterValidation {

    private static final Logger LOG = LoggerFactory.getLogger(ConverterValidation.class);

    private final InstalledPlugins plugins;

    ConverterValidation(InstalledPlugins plugins) {
        this.plugins = plugins;
    }

    /** The header, key and value converters' results, in that order (Kafka's). */
    ConfigInfos validate(Map<String, String> props, Map<String, ConfigValue> validated) {
        return ConfigResults.merge(props.get(ConnectorConfigDefs.CONNECTOR_CLASS),
                validate(props, validated, HEADER_CONVERTER, HEADER_CONVERTER_VERSION, HeaderConverter.class,
                        "header converter", ConverterType.HEADER),
                validate(props, validated, KEY_CONVERTER, KEY_CONVERTER_VERSION, Converter.class, "key converter",
                        ConverterType.KEY),
                validate(props, validated, VALUE_CONVERTER, VALUE_CONVERTER_VERSION, Converter.class,
                        "value converter", ConverterType.VALUE));
    }

    private ConfigInfos validate(Map<String, String> props, Map<String, ConfigValue> validated, String classKey,
            String versionKey, Class<?> superType, String pluginName, ConverterType type) {
        String pluginClass = props.get(classKey);
        String version = props.get(versionKey);
        ConfigValue classValue = validated.get(classKey);
        ConfigValue versionValue = validated.get(versionKey);
        if (pluginClass == null || classValue == null || !classValue.errorMessages().isEmpty()
                || (versionValue != null && !versionValue.errorMessages().isEmpty())) {
            return null; // the worker's converter, or one whose problem is reported already
        }
        PluginClass<?> plugin;
        Object converter;
        try {
            plugin = plugins.load(pluginClass.trim(), superType, version);
            converter = plugin.newInstance();
        } catch (PluginVersions.VersionException e) {
            LOG.error("Failed to load {} class {} with version {}", pluginName, pluginClass, version, e);
            classValue.addErrorMessage(e.getMessage());
            if (versionValue != null) {
                versionValue.addErrorMessage(e.getMessage());
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Failed to instantiate {} class {}; this should have been caught by prior validation logic",
                    pluginName, pluginClass, e);
            classValue.addErrorMessage("Failed to load class " + pluginClass
                    + (e.getMessage() != null ? ": " + e.getMessage() : ""));
            return null;
        }
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            ConfigDef def;
            try {
                def = converter instanceof Converter c && superType == Converter.class ? c.config()
                        : ((HeaderConverter) converter).config();
            } catch (RuntimeException e) {
                LOG.error("Failed to load ConfigDef from {} of type {}", pluginName, pluginClass, e);
                classValue.addErrorMessage("Failed to load ConfigDef from " + pluginName
                        + (e.getMessage() != null ? ": " + e.getMessage() : ""));
                return null;
            }
            if (def == null) {
                // Tolerated, as in Kafka: converters written before KIP-769 may return none.
                LOG.warn("{}.config() has returned a null ConfigDef; no further preflight config validation for this "
                        + "converter will be performed", pluginClass);
                return null;
            }
            String prefix = classKey + ".";
            Map<String, String> converterProps = new HashMap<>(Utils.entriesWithPrefix(props, prefix));
            converterProps.putIfAbsent(ConverterConfig.TYPE_CONFIG, type.getName());
            List<ConfigValue> values;
            try {
                values = def.validate(converterProps);
            } catch (RuntimeException e) {
                LOG.error("Failed to perform config validation for {} of type {}", pluginName, pluginClass, e);
                classValue.addErrorMessage("Failed to perform config validation for " + pluginName
                        + (e.getMessage() != null ? ": " + e.getMessage() : ""));
                return null;
            }
            return ConfigResults.prefixed(def.configKeys(), values, prefix);
        } finally {
            Utils.maybeCloseQuietly(converter, pluginName + " " + pluginClass);
        }
    }
}

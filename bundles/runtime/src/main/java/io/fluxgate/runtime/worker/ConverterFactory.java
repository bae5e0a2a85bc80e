package io.fluxgate.runtime.worker;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ConnectorConfigDefs;
import io.fluxgate.runtime.task.RecordConversion;

/**
 * Creates a task's converters as Kafka Connect does: a converter the connector names is configured with the
 * connector's {@code key.converter.*} settings; otherwise the worker's converter with the worker's settings. Both
 * names may be a class name or an alias, resolved by the plugin registry.
 */
public final class ConverterFactory {

    private final WorkerSettings settings;
    private final PluginRegistry registry;

    public ConverterFactory(WorkerSettings settings, PluginRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    public RecordConversion create(ConnectorConfig config) {
        Converter key = null;
        Converter value = null;
        try {
            key = converter(config, ConnectorConfigDefs.KEY_CONVERTER, settings.keyConverter(), ConverterType.KEY);
            value = converter(config, ConnectorConfigDefs.VALUE_CONVERTER, settings.valueConverter(),
                    ConverterType.VALUE);
            HeaderConverter header = headerConverter(config);
            return new RecordConversion(key, value, header);
        } catch (RuntimeException e) {
            closeQuietly(key);
            closeQuietly(value);
            throw e;
        }
    }

    private Converter converter(ConnectorConfig config, String key, String workerDefault, ConverterType type) {
        Source source = source(config, key, workerDefault);
        PluginClass<Converter> plugin = registry.load(source.className, Converter.class, source.version);
        Converter converter = plugin.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            converter.configure(source.settings(type), type == ConverterType.KEY);
        }
        return converter;
    }

    private HeaderConverter headerConverter(ConnectorConfig config) {
        Source source = source(config, ConnectorConfigDefs.HEADER_CONVERTER, settings.headerConverter());
        PluginClass<HeaderConverter> plugin = registry.load(source.className, HeaderConverter.class, source.version);
        HeaderConverter converter = plugin.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            converter.configure(source.settings(ConverterType.HEADER));
        }
        return converter;
    }

    private Source source(ConnectorConfig config, String key, String workerDefault) {
        String versionKey = key + "." + ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX;
        if (config.original(key) != null) {
            return new Source(config.original(key).trim(), config.original(versionKey),
                    config.originalsWithPrefix(key + "."));
        }
        return new Source(workerDefault.trim(), settings.originals().get(versionKey),
                settings.originalsWithPrefix(key + "."));
    }

    private record Source(String className, String version, Map<String, Object> prefixed) {
        Map<String, Object> settings(ConverterType type) {
            Map<String, Object> result = new HashMap<>(prefixed);
            result.remove(ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX);
            result.put(ConverterConfig.TYPE_CONFIG, type.getName());
            return result;
        }
    }

    private static void closeQuietly(Converter converter) {
        if (converter != null) {
            try {
                converter.close();
            } catch (Exception e) {
                // already failing
            }
        }
    }
}

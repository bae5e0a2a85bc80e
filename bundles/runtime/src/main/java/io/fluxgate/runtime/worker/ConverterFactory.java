package io.fluxgate.runtime.worker;

import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ConnectorConfigDefs;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.task.RecordConversion;

/**
 * Creates a task's converters as Kafka Connect does (see {@link ConverterChoice}): each loaded in the version asked
 * for, through the registry given (the task's, which records where they came from), and configured with its
 * bundle's class loader as context loader.
 */
public final class ConverterFactory {

    private final WorkerSettings settings;

    public ConverterFactory(WorkerSettings settings) {
        this.settings = settings;
    }

    public RecordConversion create(ConnectorConfig config, PluginRegistry registry) {
        Converter key = null;
        Converter value = null;
        try {
            key = converter(config, registry, ConnectorConfigDefs.KEY_CONVERTER, settings.keyConverter(),
                    ConverterType.KEY);
            value = converter(config, registry, ConnectorConfigDefs.VALUE_CONVERTER, settings.valueConverter(),
                    ConverterType.VALUE);
            HeaderConverter header = headerConverter(config, registry);
            return new RecordConversion(key, value, header);
        } catch (RuntimeException e) {
            closeQuietly(key);
            closeQuietly(value);
            throw e;
        }
    }

    private Converter converter(ConnectorConfig config, PluginRegistry registry, String key, String workerDefault,
            ConverterType type) {
        ConverterChoice choice = ConverterChoice.of(config, settings, key, workerDefault);
        PluginClass<Converter> plugin = registry.load(choice.className(), Converter.class, choice.version());
        Converter converter = plugin.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            converter.configure(choice.settings(type), type == ConverterType.KEY);
        }
        return converter;
    }

    private HeaderConverter headerConverter(ConnectorConfig config, PluginRegistry registry) {
        ConverterChoice choice = ConverterChoice.of(config, settings, ConnectorConfigDefs.HEADER_CONVERTER,
                settings.headerConverter());
        PluginClass<HeaderConverter> plugin = registry.load(choice.className(), HeaderConverter.class,
                choice.version());
        HeaderConverter converter = plugin.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            converter.configure(choice.settings(ConverterType.HEADER));
        }
        return converter;
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

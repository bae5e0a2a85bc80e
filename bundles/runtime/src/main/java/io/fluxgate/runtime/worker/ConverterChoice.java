package io.fluxgate.runtime.worker;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ConnectorConfigDefs;
import io.fluxgate.runtime.config.WorkerSettings;

/**
 * Which converter a task uses for keys, values or headers, as Kafka Connect chooses: the one the connector names,
 * with its version ({@code key.converter.plugin.version}...) and the connector's {@code key.converter.*} settings;
 * otherwise the worker's, with the worker's version and settings.
 *
 * @param className the class name or alias
 * @param version   the version range asked for, or null for the newest
 * @param prefixed  the settings under the converter's prefix
 */
record ConverterChoice(String className, String version, Map<String, Object> prefixed) {

    /** The choice for {@code key} ({@code key.converter}...), {@code workerDefault} being the worker's class. */
    static ConverterChoice of(ConnectorConfig config, WorkerSettings settings, String key, String workerDefault) {
        String versionKey = key + "." + ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX;
        if (config.original(key) != null) {
            return new ConverterChoice(config.original(key).trim(), config.original(versionKey),
                    config.originalsWithPrefix(key + "."));
        }
        return new ConverterChoice(workerDefault.trim(), settings.originals().get(versionKey),
                settings.originalsWithPrefix(key + "."));
    }

    /** The settings to configure the converter with. */
    Map<String, Object> settings(ConverterType type) {
        Map<String, Object> result = new HashMap<>(prefixed);
        result.remove(ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX);
        result.put(ConverterConfig.TYPE_CONFIG, type.getName());
        return result;
    }
}

package io.fluxgate.runtime.config;

import java.util.Map;

/**
 * The worker's converter settings, which a connector inherits unless it names its own: validation shows them as the
 * defaults of the connector's converter settings, as Kafka Connect does. Versions are null when not set.
 */
public record WorkerConverters(String key, String keyVersion, String value, String valueVersion, String header,
        String headerVersion) {

    /** No worker converters: what a validation that does not know the worker shows. */
    public static final WorkerConverters NONE = new WorkerConverters(null, null, null, null, null, null);

    /** Reads {@code key.converter}, {@code value.converter}, {@code header.converter} and their versions. */
    public static WorkerConverters of(String key, String value, String header, Map<String, String> workerSettings) {
        return new WorkerConverters(key, workerSettings.get(ConnectorConfigDefs.KEY_CONVERTER_VERSION), value,
                workerSettings.get(ConnectorConfigDefs.VALUE_CONVERTER_VERSION), header,
                workerSettings.get(ConnectorConfigDefs.HEADER_CONVERTER_VERSION));
    }
}

package io.fluxgate.rest;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * The SSL settings of https listeners, read as Kafka Connect reads them: with Kafka's own {@code ssl.*} definitions,
 * from the {@code listeners.https.}-prefixed keys (for admin listeners {@code admin.listeners.https.}) when there is
 * any, otherwise from the worker's plain {@code ssl.*}
 * keys (all or nothing, never a mix: {@code AbstractConfig.valuesWithPrefixAllOrNothing}). Passwords come out as
 * Kafka's {@link org.apache.kafka.common.config.types.Password}, which never prints its value.
 */
final class HttpsConfig {

    private static final ConfigDef SSL = new ConfigDef().withClientSslSupport()
            .define(WorkerConfigKeys.SSL_CLIENT_AUTH, ConfigDef.Type.STRING, "none",
                    ConfigDef.ValidString.in("required", "requested", "none"), ConfigDef.Importance.LOW,
                    "Client authentication of https listeners.");

    private HttpsConfig() {
    }

    /** The SSL values in force for https listeners, unprefixed; throws ConfigException on a bad value. */
    static Map<String, Object> sslValues(Map<String, ?> workerConfig, String prefix) {
        Map<String, Object> strings = new HashMap<>();
        workerConfig.forEach((key, value) -> {
            if (value instanceof String) {
                strings.put(key, value);
            }
        });
        Map<String, Object> values = new HashMap<>();
        // Unset keys are left out: the TLS setup applies Kafka's defaults to whatever is missing.
        new AbstractConfig(SSL, strings, false).valuesWithPrefixAllOrNothing(prefix)
                .forEach((key, value) -> {
                    if (value != null) {
                        values.put(key, value);
                    }
                });
        return values;
    }
}

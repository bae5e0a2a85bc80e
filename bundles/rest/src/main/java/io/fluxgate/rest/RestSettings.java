package io.fluxgate.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.config.SslConfigs;

import io.fluxgate.boot.config.ResponseHeaderRules;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.rest.server.ServerSettings;

/**
 * The REST layer's part of the worker configuration, checked: a value that cannot work throws an exception whose
 * one-line message names it ({@link IllegalArgumentException}, or Kafka's {@code ConfigException}). Equal settings
 * serve identically, so an unrelated change of the worker configuration does not restart the server.
 */
record RestSettings(List<RestListener> listeners, Map<String, Object> sslValues, String allowedOrigins,
        String allowedMethods, String responseHeaders, List<String> extensionClasses, long maxRequestBytes) {

    static RestSettings from(RestServerConfig config, Map<String, ?> properties) {
        List<RestListener> listeners = parseListeners(config.listeners());
        ResponseHeaderRules.validate(config.response_http_headers_config());
        RestListener https = listeners.stream().filter(l -> "https".equals(l.scheme())).findFirst().orElse(null);
        Map<String, Object> sslValues = https == null ? Map.of() : HttpsConfig.sslValues(properties);
        // Jetty would start such a listener and fail every handshake (Kafka Connect does): refuse it up front.
        if (https != null && sslValues.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) == null) {
            throw new IllegalArgumentException("REST listener " + https + " cannot start: no key store (set "
                    + WorkerConfigKeys.LISTENERS_HTTPS_PREFIX + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG + " or "
                    + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG + ")");
        }
        return new RestSettings(listeners, sslValues,
                config.access_control_allow_origin(), config.access_control_allow_methods(),
                config.response_http_headers_config(), splitList(config.rest_extension_classes()),
                config.fluxgate_rest_request_max_bytes());
    }

    ServerSettings server(ClassLoader requestClassLoader) {
        return new ServerSettings(listeners, sslValues, allowedOrigins, allowedMethods, responseHeaders,
                maxRequestBytes, requestClassLoader);
    }

    /**
     * The worker configuration as Kafka Connect hands it to plugins ({@code originals()}): the worker's keys and
     * values, without those the OSGi configuration adds.
     */
    static Map<String, String> workerConfig(Map<String, ?> properties) {
        Map<String, String> config = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (value instanceof String text && !key.startsWith("service.") && !key.startsWith("component.")
                    && !key.startsWith("felix.")) {
                config.put(key, text);
            }
        });
        return config;
    }

    /** Kafka Connect's {@code listeners} value; throws with a one-line message naming the bad entry. */
    static List<RestListener> parseListeners(String[] values) {
        List<RestListener> parsed = new ArrayList<>();
        for (String entry : splitList(values)) {
            RestListener listener = RestListener.parse(entry).orElseThrow(() -> new IllegalArgumentException(
                    "REST listener '" + entry + "' is not http://host:port or https://host:port"));
            if (!parsed.contains(listener)) {
                parsed.add(listener);
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("No REST listener: 'listeners' is empty");
        }
        return List.copyOf(parsed);
    }

    /** A list setting: comma-separated, possibly given as several values; blanks dropped. */
    private static List<String> splitList(String[] values) {
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}

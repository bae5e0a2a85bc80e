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
        String allowedMethods, String responseHeaders, List<String> extensionClasses, long maxRequestBytes,
        AdminPlacement admin, List<RestListener> adminListeners, Map<String, Object> adminSslValues,
        boolean metricsEndpoint) {

    /** Where the admin endpoints ({@code /admin/loggers}) are served, as Kafka Connect's {@code admin.listeners}. */
    enum AdminPlacement {
        /** {@code admin.listeners} unset: on the API's listeners. */
        WITH_THE_API,
        /** {@code admin.listeners} set: on those listeners only. */
        OWN_LISTENERS,
        /** {@code admin.listeners} set empty: nowhere. */
        NOWHERE
    }

    static RestSettings from(RestServerConfig config, Map<String, ?> properties) {
        List<RestListener> listeners = parseListeners(config.listeners());
        Object adminSetting = properties.get(WorkerConfigKeys.ADMIN_LISTENERS);
        List<RestListener> adminListeners = adminSetting == null ? List.of()
                : parseListeners(WorkerConfigKeys.ADMIN_LISTENERS, splitList(new String[] {adminSetting.toString()}));
        AdminPlacement admin = adminSetting == null ? AdminPlacement.WITH_THE_API
                : adminListeners.isEmpty() ? AdminPlacement.NOWHERE : AdminPlacement.OWN_LISTENERS;
        for (RestListener adminListener : adminListeners) {
            if (listeners.contains(adminListener)) {
                throw new IllegalArgumentException("Admin listener " + adminListener + " is also a REST listener: "
                        + "'" + WorkerConfigKeys.ADMIN_LISTENERS + "' lists listeners of their own (leave it unset "
                        + "to serve the admin endpoints on 'listeners')");
            }
        }
        Map<String, Object> adminSslValues = adminListeners.stream().anyMatch(l -> "https".equals(l.scheme()))
                ? HttpsConfig.sslValues(properties, WorkerConfigKeys.ADMIN_LISTENERS_HTTPS_PREFIX) : Map.of();
        if (!adminSslValues.isEmpty() || adminListeners.stream().anyMatch(l -> "https".equals(l.scheme()))) {
            requireKeyStore(adminListeners, adminSslValues, WorkerConfigKeys.ADMIN_LISTENERS_HTTPS_PREFIX);
        }
        ResponseHeaderRules.validate(config.response_http_headers_config());
        RestListener https = listeners.stream().filter(l -> "https".equals(l.scheme())).findFirst().orElse(null);
        Map<String, Object> sslValues = https == null ? Map.of()
                : HttpsConfig.sslValues(properties, WorkerConfigKeys.LISTENERS_HTTPS_PREFIX);
        requireKeyStore(listeners, sslValues, WorkerConfigKeys.LISTENERS_HTTPS_PREFIX);
        return new RestSettings(listeners, sslValues,
                config.access_control_allow_origin(), config.access_control_allow_methods(),
                config.response_http_headers_config(), splitList(config.rest_extension_classes()),
                config.fluxgate_rest_request_max_bytes(), admin, adminListeners, adminSslValues,
                config.fluxgate_metrics_endpoint_enable());
    }

    /** Jetty would start an https listener without a key store and fail every handshake (Kafka Connect does). */
    private static void requireKeyStore(List<RestListener> listeners, Map<String, Object> sslValues, String prefix) {
        RestListener https = listeners.stream().filter(l -> "https".equals(l.scheme())).findFirst().orElse(null);
        if (https != null && sslValues.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) == null) {
            throw new IllegalArgumentException("REST listener " + https + " cannot start: no key store (set "
                    + prefix + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG + " or "
                    + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG + ")");
        }
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
        List<RestListener> parsed = parseListeners(WorkerConfigKeys.LISTENERS, splitList(values));
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("No REST listener: 'listeners' is empty");
        }
        return parsed;
    }

    private static List<RestListener> parseListeners(String key, List<String> entries) {
        List<RestListener> parsed = new ArrayList<>();
        for (String entry : entries) {
            String what = key.equals(WorkerConfigKeys.LISTENERS) ? "REST listener" : "Admin listener";
            RestListener listener = RestListener.parse(entry).orElseThrow(() -> new IllegalArgumentException(
                    what + " '" + entry + "' is not http://host:port or https://host:port"));
            if (!parsed.contains(listener)) {
                parsed.add(listener);
            }
        }
        return List.copyOf(parsed);
    }

    /** A list setting: comma-separated, possibly given as several values; blanks dropped. */
    private static List<String> splitList(String[] values) {
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}

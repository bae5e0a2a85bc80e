package io.fluxgate.rest;

import io.fluxgate.boot.config.WorkerConfigDefaults;

import io.fluxgate.rest.server.ServerSettings;

/**
 * What the REST server reads from the worker configuration (ConfigAdmin PID
 * {@value io.fluxgate.boot.config.WorkerConfigKeys#PID}, Kafka Connect's keys, values as strings). The launcher has
 * already validated it against {@link io.fluxgate.boot.config.WorkerConfigDef}, which owns the settings'
 * documentation and defaults (repeated here for a framework without the launcher); no metatype is declared here
 * because this component reads only some keys of that shared PID. The SSL keys ({@code ssl.*},
 * {@code listeners.https.ssl.*}) are read with Kafka's own parser by {@link HttpsConfig}.
 */
public @interface RestServerConfig {

    /**
     * Kafka Connect's {@code listeners}: {@code http://host:port} and {@code https://host:port} entries separated by
     * commas (also accepted as several values); an empty host binds every interface.
     */
    String[] listeners() default WorkerConfigDefaults.LISTENERS;

    /** Kafka Connect's {@code access.control.allow.origin}: comma-separated origins, {@code *} for any. */
    String access_control_allow_origin() default "";

    /** Kafka Connect's {@code access.control.allow.methods}: comma-separated methods for cross-origin requests. */
    String access_control_allow_methods() default "";

    /** Kafka Connect's {@code response.http.headers.config}. */
    String response_http_headers_config() default "";

    /** Kafka Connect's {@code rest.extension.classes}: comma-separated class names (also several values). */
    String[] rest_extension_classes() default {};

    /** Fluxgate's {@code fluxgate.rest.request.max.bytes}: the largest request body read. */
    long fluxgate_rest_request_max_bytes() default ServerSettings.DEFAULT_MAX_REQUEST_BYTES;

    /** Fluxgate's {@code fluxgate.metrics.endpoint.enable}: whether {@code GET /metrics} is served. */
    boolean fluxgate_metrics_endpoint_enable() default WorkerConfigDefaults.METRICS_ENDPOINT_ENABLE;
}

package io.fluxgate.rest.server;

import java.util.List;
import java.util.Map;

import io.fluxgate.boot.config.RestListener;

/**
 * How the HTTP server serves: its listeners and what applies to every request.
 *
 * @param listeners where to listen; https listeners use {@code sslValues}
 * @param sslValues the SSL settings of https listeners, parsed by Kafka's {@code ConfigDef} (Kafka's {@code ssl.*}
 *        keys without prefix, passwords as {@link org.apache.kafka.common.config.types.Password}, which never
 *        prints its value); empty when no listener is https
 * @param allowedOrigins Kafka Connect's {@code access.control.allow.origin}; blank disables CORS
 * @param allowedMethods Kafka Connect's {@code access.control.allow.methods}; blank keeps Jetty's GET, POST, HEAD
 * @param responseHeaders Kafka Connect's {@code response.http.headers.config}, already validated
 * @param maxRequestBytes the largest request body read; a larger one is answered 413
 * @param requestClassLoader the context class loader while a request is handled, which Jersey and REST extensions
 *        see (JAAS login modules are loaded through it)
 */
public record ServerSettings(List<RestListener> listeners, Map<String, Object> sslValues, String allowedOrigins,
        String allowedMethods, String responseHeaders, long maxRequestBytes, ClassLoader requestClassLoader) {

    /** Kafka Connect has no limit; 4 MiB holds the largest connector configurations by far. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    public ServerSettings {
        listeners = List.copyOf(listeners);
        sslValues = Map.copyOf(sslValues);
    }

    /** Plain http on {@code listeners}: no CORS, no extra headers, the default request size limit. */
    public static ServerSettings of(List<RestListener> listeners) {
        return new ServerSettings(listeners, Map.of(), "", "", "", DEFAULT_MAX_REQUEST_BYTES,
                RestServer.class.getClassLoader());
    }
}

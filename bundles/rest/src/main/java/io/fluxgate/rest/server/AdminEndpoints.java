package io.fluxgate.rest.server;

import java.util.List;
import java.util.Map;

import org.glassfish.jersey.server.ResourceConfig;

import io.fluxgate.boot.config.RestListener;

/**
 * Kafka Connect's {@code admin.listeners}: the admin endpoints ({@code /admin/loggers}) served on listeners of their
 * own, by an application of their own, and not on the API's listeners.
 *
 * @param listeners where to listen; never empty (an empty {@code admin.listeners} serves the endpoints nowhere, and
 *        needs no listener)
 * @param sslValues the SSL settings of its https listeners ({@code admin.listeners.https.*}, else {@code ssl.*})
 * @param application the admin endpoints
 */
public record AdminEndpoints(List<RestListener> listeners, Map<String, Object> sslValues,
        ResourceConfig application) {

    public AdminEndpoints {
        listeners = List.copyOf(listeners);
        sslValues = Map.copyOf(sslValues);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("No admin listener");
        }
    }
}

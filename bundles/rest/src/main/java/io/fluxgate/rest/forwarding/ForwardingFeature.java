package io.fluxgate.rest.forwarding;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Puts a {@link ForwardableBodyFilter} on each {@link Forwardable} resource method, once, as the application starts.
 * Register it with a {@link ForwardRequestExceptionMapper}.
 */
public final class ForwardingFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Forwardable forwardable = resource.getResourceMethod().getAnnotation(Forwardable.class);
        if (forwardable != null) {
            context.register(new ForwardableBodyFilter(forwardable));
        }
    }
}

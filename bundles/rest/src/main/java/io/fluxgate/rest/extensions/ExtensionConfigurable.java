package io.fluxgate.rest.extensions;

import java.util.Map;

import jakarta.ws.rs.core.Configurable;
import jakarta.ws.rs.core.Configuration;

import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application as an extension sees it: everything goes to the {@link ResourceConfig}, except a component that is
 * already registered, which is left alone with a warning, as Kafka Connect's {@code ConnectRestConfigurable} does.
 */
final class ExtensionConfigurable implements Configurable<ResourceConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionConfigurable.class);

    private final ResourceConfig application;

    ExtensionConfigurable(ResourceConfig application) {
        this.application = application;
    }

    @Override
    public Configuration getConfiguration() {
        return application.getConfiguration();
    }

    @Override
    public ResourceConfig property(String name, Object value) {
        return application.property(name, value);
    }

    @Override
    public ResourceConfig register(Class<?> componentClass) {
        return registeredAlready(componentClass) ? application : application.register(componentClass);
    }

    @Override
    public ResourceConfig register(Class<?> componentClass, int priority) {
        return registeredAlready(componentClass) ? application : application.register(componentClass, priority);
    }

    @Override
    public ResourceConfig register(Class<?> componentClass, Class<?>... contracts) {
        return registeredAlready(componentClass) ? application : application.register(componentClass, contracts);
    }

    @Override
    public ResourceConfig register(Class<?> componentClass, Map<Class<?>, Integer> contracts) {
        return registeredAlready(componentClass) ? application : application.register(componentClass, contracts);
    }

    @Override
    public ResourceConfig register(Object component) {
        return registeredAlready(component) ? application : application.register(component);
    }

    @Override
    public ResourceConfig register(Object component, int priority) {
        return registeredAlready(component) ? application : application.register(component, priority);
    }

    @Override
    public ResourceConfig register(Object component, Class<?>... contracts) {
        return registeredAlready(component) ? application : application.register(component, contracts);
    }

    @Override
    public ResourceConfig register(Object component, Map<Class<?>, Integer> contracts) {
        return registeredAlready(component) ? application : application.register(component, contracts);
    }

    private boolean registeredAlready(Class<?> componentClass) {
        if (application.isRegistered(componentClass)) {
            LOG.warn("The resource {} is already registered", componentClass);
            return true;
        }
        return false;
    }

    private boolean registeredAlready(Object component) {
        if (application.isRegistered(component)) {
            LOG.warn("The resource {} is already registered", component);
            return true;
        }
        return false;
    }
}

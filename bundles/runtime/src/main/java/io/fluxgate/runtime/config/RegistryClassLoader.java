package io.fluxgate.runtime.config;

import org.apache.kafka.common.config.ConfigDef;

import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * The thread context class loader while Kafka's {@code ConfigDef} parses {@code Type.CLASS} settings (converters,
 * transformations, predicates): it finds installed plugins by class name or alias, as Kafka Connect's
 * {@code DelegatingClassLoader} does, so that such a setting reads, validates and renders exactly as in Kafka (a
 * class, named by its full name). Anything else comes from the parent, the connector's own class loader, and then
 * from Kafka's: in Kafka Connect the connector's loader delegates to the worker's class path, and Kafka's own
 * classes initialized meanwhile (a client's {@code ConfigDef} parses its class defaults through this loader) must
 * find Kafka's internal classes, which a plugin bundle does not import.
 */
final class RegistryClassLoader extends ClassLoader {

    private static final ClassLoader KAFKA = ConfigDef.class.getClassLoader();

    private final PluginRegistry registry;

    RegistryClassLoader(PluginRegistry registry, ClassLoader parent) {
        super(parent);
        this.registry = registry;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        try {
            // Object: any kind of plugin; Kafka's aliases are unique across kinds.
            return registry.load(name, Object.class, null).type();
        } catch (PluginNotFoundException e) {
            // not a plugin
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException e) {
            if (KAFKA == null || KAFKA == getParent()) {
                throw e;
            }
            return KAFKA.loadClass(name);
        }
    }
}

package io.fluxgate.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * Checks that a setting names an installed plugin of the right kind, with Kafka's message for a class that cannot be
 * found. An unset value (null) is valid: the worker's default applies.
 */
final class PluginClassValidator implements ConfigDef.Validator {

    private final PluginRegistry registry;
    private final Class<?> superType;

    PluginClassValidator(PluginRegistry registry, Class<?> superType) {
        this.registry = registry;
        this.superType = superType;
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        try {
            registry.load(value.toString().trim(), superType, null);
        } catch (PluginNotFoundException e) {
            throw new ConfigException(name, value, "Class " + value + " could not be found.");
        }
    }

    @Override
    public String toString() {
        return "A " + superType.getSimpleName() + " class name or alias";
    }
}

package io.fluxgate.rest.extensions;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.connect.rest.ConnectRestExtension;

import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * Where REST extension classes come from. As Kafka Connect's come from its class path (Kafka's own basic-auth extension
 * sits in its libs/) or its plugin path, Fluxgate's come from the launcher's class path (lib/) or the installed plugins.
 */
@FunctionalInterface
public interface ExtensionClasses {

    Class<?> load(String className) throws ClassNotFoundException;

    /** Classes loaded by {@code loader}. */
    static ExtensionClasses of(ClassLoader loader) {
        return name -> Class.forName(name, false, loader);
    }

    /**
     * Extensions installed as plugins (plugins/, plugin.path), as Kafka Connect also finds them on its plugin path;
     * none while the registry is not there.
     */
    static ExtensionClasses of(Supplier<Optional<PluginRegistry>> registry) {
        return name -> {
            try {
                return registry.get().orElseThrow(() -> new ClassNotFoundException(name))
                        .load(name, ConnectRestExtension.class, null).type();
            } catch (PluginNotFoundException e) {
                throw new ClassNotFoundException(name, e);
            }
        };
    }

    /** These classes, else those of {@code other}. */
    default ExtensionClasses orElse(ExtensionClasses other) {
        return name -> {
            try {
                return load(name);
            } catch (ClassNotFoundException e) {
                return other.load(name);
            }
        };
    }

    /** Whether {@code className} can be loaded now. */
    default boolean has(String className) {
        try {
            load(className);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

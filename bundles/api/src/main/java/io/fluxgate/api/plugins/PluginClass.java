package io.fluxgate.api.plugins;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A plugin class loaded from its bundle, ready to be instantiated. Every call into a plugin (construction,
 * {@code start}, {@code poll}...) should run with {@link #loader()} as the thread context class loader, as Kafka
 * Connect does; {@link #newInstance()} does so itself.
 *
 * @param <T> the plugin interface, e.g. {@code Converter}
 */
@ProviderType
public interface PluginClass<T> {

    PluginDescriptor descriptor();

    Class<? extends T> type();

    /** The class loader of the plugin's bundle. */
    ClassLoader loader();

    /** A new instance, built through the public no-argument constructor with the plugin's context class loader. */
    T newInstance();
}

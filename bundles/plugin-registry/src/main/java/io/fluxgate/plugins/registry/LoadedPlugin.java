package io.fluxgate.plugins.registry;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;

/** A plugin class resolved by the registry, checked to implement {@code T}. */
final class LoadedPlugin<T> implements PluginClass<T> {

    private final PluginDescriptor descriptor;
    private final Class<? extends T> type;

    LoadedPlugin(InstalledPlugin plugin, Class<T> superType) {
        this.descriptor = plugin.descriptor();
        this.type = plugin.pluginClass().asSubclass(superType);
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Class<? extends T> type() {
        return type;
    }

    @Override
    public ClassLoader loader() {
        return type.getClassLoader();
    }

    /**
     * As Kafka's {@code Plugins.newPlugin}: the plugin's loader is the context class loader while it is built
     * (KAFKA-8340), and any failure is a {@code ConnectException("Instantiation error")}.
     */
    @Override
    public T newInstance() {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(loader());
        try {
            return Utils.newInstance(type);
        } catch (Throwable t) {
            throw new ConnectException("Instantiation error", t);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    @Override
    public String toString() {
        return descriptor.toString();
    }
}

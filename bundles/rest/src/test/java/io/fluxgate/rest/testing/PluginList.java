package io.fluxgate.rest.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * A plugin registry that only lists: plugins are installed and removed by the test, as hot deploys would. The REST
 * bundle never loads plugins itself.
 */
public final class PluginList implements PluginRegistry {

    private final List<PluginDescriptor> plugins = new ArrayList<>();

    public synchronized PluginList install(PluginDescriptor plugin) {
        plugins.add(plugin);
        return this;
    }

    public synchronized void remove(String className) {
        plugins.removeIf(plugin -> plugin.className().equals(className));
    }

    /** As the registry sorts them: by class name, then version. */
    @Override
    public synchronized List<PluginDescriptor> plugins() {
        return plugins.stream().sorted(Comparator.comparing(PluginDescriptor::className)
                .thenComparing(PluginDescriptor::version)).toList();
    }

    @Override
    public <T> PluginClass<T> load(String classOrAlias, Class<T> superType, String versionRange) {
        throw new PluginNotFoundException("PluginList does not load plugins");
    }
}

package io.fluxgate.runtime.worker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginRegistry;

/**
 * The registry as one task's assembly sees it: loads through the worker's registry and remembers where each plugin
 * came from, beginning with the task's connector. A task holds classes of every location it loaded from, so the
 * update or removal of any of them concerns it, not only that of its connector's plugin.
 */
final class TaskPlugins implements PluginRegistry {

    private final PluginRegistry registry;
    private final Set<String> locations = new LinkedHashSet<>();

    TaskPlugins(PluginRegistry registry, PluginDescriptor connector) {
        this.registry = registry;
        locations.add(connector.location());
    }

    @Override
    public List<PluginDescriptor> plugins() {
        return registry.plugins();
    }

    @Override
    public <T> PluginClass<T> load(String classOrAlias, Class<T> superType, String versionRange) {
        PluginClass<T> plugin = registry.load(classOrAlias, superType, versionRange);
        locations.add(plugin.descriptor().location());
        return plugin;
    }

    @Override
    public List<PluginProblem> problems() {
        return registry.problems();
    }

    /** Every location a plugin was loaded from so far, the connector's first. */
    Set<String> locations() {
        return Set.copyOf(locations);
    }
}

package io.fluxgate.runtime.worker;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Added to by the task's assembly, on the task's thread, while the worker may read it. */
    private final Set<String> locations = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, String> versions = new ConcurrentHashMap<>();

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
        versions.put(plugin.type().getName(), plugin.descriptor().version());
        return plugin;
    }

    @Override
    public List<PluginProblem> problems() {
        return registry.problems();
    }

    /** The version of the plugin {@code type} was loaded as, {@code undefined} if it was not loaded through here. */
    String version(Class<?> type) {
        return versions.getOrDefault(type.getName(), "undefined");
    }

    /** Every location a plugin was loaded from so far, the connector's first. */
    Set<String> locations() {
        synchronized (locations) {
            return Set.copyOf(locations);
        }
    }
}

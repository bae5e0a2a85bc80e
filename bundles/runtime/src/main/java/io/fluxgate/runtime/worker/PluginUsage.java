package io.fluxgate.runtime.worker;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.plugins.PluginDescriptor;

/**
 * Which plugins the running connector instances and tasks use: the connector plugin each runs (its version is what
 * the status reports), and every location a task loaded a plugin from (its connector, converters, header converter,
 * transformations and predicates). What must stop before a plugin's bundle is updated or removed.
 */
final class PluginUsage {

    /** A task's connector plugin, and the locations of everything it loaded (so far, while it is assembled). */
    private record TaskUse(PluginDescriptor connector, Supplier<Set<String>> locations) {
    }

    private final Map<String, PluginDescriptor> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, TaskUse> tasks = new ConcurrentHashMap<>();

    void connectorStarted(String name, PluginDescriptor connector) {
        connectors.put(name, connector);
    }

    void connectorStopped(String name) {
        connectors.remove(name);
    }

    void taskStarted(ConnectorTaskId id, PluginDescriptor connector, Set<String> locations) {
        Set<String> copy = Set.copyOf(locations);
        taskStarted(id, connector, () -> copy);
    }

    /** A task being assembled: {@code locations} grows as its converters, transformations and predicates load. */
    void taskStarted(ConnectorTaskId id, PluginDescriptor connector, Supplier<Set<String>> locations) {
        tasks.put(id, new TaskUse(connector, locations));
    }

    void taskStopped(ConnectorTaskId id) {
        tasks.remove(id);
    }

    /** The connectors whose instance or tasks run on classes from {@code location}, by name. */
    Set<String> connectorsUsing(String location) {
        Set<String> using = new TreeSet<>();
        connectors.forEach((name, plugin) -> {
            if (plugin.location().equals(location)) {
                using.add(name);
            }
        });
        tasks.forEach((id, use) -> {
            if (use.locations().get().contains(location)) {
                using.add(id.connector());
            }
        });
        return using;
    }

    /** The version of the connector plugin the running instance was created from. */
    Optional<String> connectorVersion(String name) {
        return Optional.ofNullable(connectors.get(name)).map(PluginDescriptor::version);
    }

    /** The version of the connector plugin the running task was created from. */
    Optional<String> taskVersion(ConnectorTaskId id) {
        return Optional.ofNullable(tasks.get(id)).map(use -> use.connector().version());
    }
}

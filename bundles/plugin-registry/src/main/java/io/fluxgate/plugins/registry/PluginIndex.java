package io.fluxgate.plugins.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The installed plugins, by the source that brought them (a bundle id). Writers (bundle events) are serialized and
 * replace an immutable {@link PluginSet}; readers take the current one without locking, so a lookup always sees one
 * consistent state, and a source's plugins and its aliases appear and disappear together.
 */
final class PluginIndex {

    private final Map<Long, List<InstalledPlugin>> bySource = new HashMap<>();
    private volatile PluginSet current = PluginSet.EMPTY;

    PluginSet current() {
        return current;
    }

    /** Sets (or replaces) the plugins of one source. */
    synchronized void put(long sourceId, List<InstalledPlugin> plugins) {
        if (plugins.isEmpty()) {
            remove(sourceId);
            return;
        }
        bySource.put(sourceId, List.copyOf(plugins));
        rebuild();
    }

    /** The descriptors of one source's plugins; empty when it has none. */
    synchronized List<io.fluxgate.api.plugins.PluginDescriptor> descriptorsOf(long sourceId) {
        return bySource.getOrDefault(sourceId, List.of()).stream().map(InstalledPlugin::descriptor).toList();
    }

    /** Forgets a source's plugins: nothing of it stays reachable from here. False if it had none. */
    synchronized boolean remove(long sourceId) {
        if (bySource.remove(sourceId) == null) {
            return false;
        }
        rebuild();
        return true;
    }

    private void rebuild() {
        List<InstalledPlugin> all = new ArrayList<>();
        bySource.values().forEach(all::addAll);
        current = new PluginSet(all);
    }
}

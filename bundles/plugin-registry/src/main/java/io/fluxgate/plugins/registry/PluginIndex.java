package io.fluxgate.plugins.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The installed plugins, by the source that brought them (a bundle id). Writers (bundle events) are serialized and
 * replace an immutable {@link PluginSet}; readers take the current one without locking, so a lookup always sees one
 * consistent state, and a source's plugins and its aliases appear and disappear together.
 *
 * <p>Added plugins are indexed when the set is next read rather than at each change: at start-up FileInstall deploys
 * plugins one after the other with no reader in between, and rebuilding (sorting every plugin, computing every alias)
 * after each of fifty would cost fifty times what one rebuild does. A removal rebuilds at once, so that the set no
 * longer holds the removed classes and their class loader can be collected.
 */
final class PluginIndex {

    private final Map<Long, List<InstalledPlugin>> bySource = new HashMap<>();
    private volatile PluginSet current = PluginSet.EMPTY;
    /** True when {@link #bySource} changed since {@link #current} was built. */
    private volatile boolean stale;

    PluginSet current() {
        if (stale) {
            synchronized (this) {
                if (stale) {
                    rebuild();
                }
            }
        }
        return current;
    }

    /** Sets (or replaces) the plugins of one source. */
    synchronized void put(long sourceId, List<InstalledPlugin> plugins) {
        if (plugins.isEmpty()) {
            remove(sourceId);
            return;
        }
        if (bySource.put(sourceId, List.copyOf(plugins)) != null) {
            rebuild(); // replaced: let go of the classes at once, as a removal does
        } else {
            stale = true;
        }
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
        stale = false;
    }
}

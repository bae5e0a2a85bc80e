package io.fluxgate.plugins.registry;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.plugins.PlatformPackages;

/**
 * Keeps the index in step with the framework. A bundle's plugins are added once it is resolved (its classes can be
 * loaded) and removed as soon as it is not: uninstalled, or unresolved by an update or a refresh, after which it is
 * added again with its new classes. The system bundle stands for the platform. Bundle events are delivered
 * synchronously, so the registry answers for a bundle before whoever installed or started it goes on.
 */
final class PluginBundleTracker extends BundleTracker<Bundle> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginBundleTracker.class);
    private static final int RESOLVED_STATES = Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;

    private final PluginIndex index;

    PluginBundleTracker(BundleContext context, PluginIndex index) {
        super(context, RESOLVED_STATES, null);
        this.index = index;
    }

    @Override
    public Bundle addingBundle(Bundle bundle, BundleEvent event) {
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return null; // no class loader of its own
        }
        PluginSource source = bundle.getBundleId() == 0
                ? new PlatformPluginSource(bundle, PlatformPackages.exportedBy(bundle))
                : new BundlePluginSource(bundle);
        List<InstalledPlugin> plugins = PluginDiscovery.discover(source);
        if (!plugins.isEmpty()) {
            index.put(bundle.getBundleId(), plugins);
            LOG.info("Added {} plugins from {}: {}", plugins.size(), source, summary(plugins));
        }
        return bundle;
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
        if (index.remove(bundle.getBundleId()) && bundle.getBundleId() != 0) {
            LOG.info("Removed the plugins of {} {} ({})", bundle.getSymbolicName(), bundle.getVersion(),
                    bundle.getLocation());
        }
    }

    private static String summary(List<InstalledPlugin> plugins) {
        return plugins.stream().map(plugin -> plugin.className() + " " + plugin.version() + " "
                + plugin.descriptor().type().restName()).toList().toString();
    }
}

package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginEvent.Type;
import io.fluxgate.api.plugins.PluginProblem.Kind;
import io.fluxgate.plugins.PluginHeaders;
import io.fluxgate.plugins.PluginProblems;

/**
 * Keeps the index in step with the framework and tells the listeners. The bundles that stand for plugins (see
 * {@link PluginHeaders#CONTENT}) are tracked, each revision with a class loader of its own, made when it is announced
 * and let go of when it is withdrawn. A bundle's plugins are added once it is resolved and removed as soon as it is
 * not: uninstalled ({@code REMOVED}), or unresolved by an
 * update or a refresh ({@code UPDATING}), after which it is added again with its new classes ({@code UPDATED}). The
 * system bundle stands for the platform. Bundle events are delivered synchronously, so the registry answers for a
 * bundle, and listeners have acted, before whoever installed, updated or removed it goes on; in particular before the
 * package refresh that discards an old class loader.
 *
 * <p>One update is one {@code UPDATING} and one {@code UPDATED}, however many times the framework resolves and
 * refreshes the bundle in between (FileInstall updates, then refreshes, then starts): the new revision is announced
 * only once it is final (see {@link StartAwaited}); until then its plugins are not listed, so nothing can run on a
 * class loader the refresh is about to discard, and its intermediate unresolving is not announced.
 *
 * <p>Changes are applied one at a time (FileInstall runs one thread per watched directory), so the index and the
 * events always agree on the order.
 */
final class PluginBundleTracker extends BundleTracker<Bundle> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginBundleTracker.class);
    private static final int RESOLVED_STATES = Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;

    private final PluginIndex index;
    private final PluginEvents events;
    private final PluginProblems problems;
    private final LeftoverThreads leftovers;
    private final DiscoveryMode discovery;
    private final ClassLoader workerClassPath;
    /** The source of each bundle whose plugins are announced, by bundle id: its class loader among others. */
    private final Map<Long, IsolatedPluginSource> sources = new HashMap<>();
    /** The plugins of bundles being updated or refreshed, by bundle id, until their new revision is announced. */
    private final Map<Long, List<PluginDescriptor>> updating = new HashMap<>();
    private final CompletableFuture<Void> platformIndexed = new CompletableFuture<>();

    PluginBundleTracker(BundleContext context, PluginIndex index, PluginEvents events, PluginProblems problems,
            LeftoverThreads leftovers, DiscoveryMode discovery, ClassLoader workerClassPath) {
        super(context, RESOLVED_STATES, null);
        this.workerClassPath = workerClassPath;
        this.index = index;
        this.events = events;
        this.problems = problems;
        this.leftovers = leftovers;
        this.discovery = discovery;
    }

    @Override
    public synchronized Bundle addingBundle(Bundle bundle, BundleEvent event) {
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return null; // no class loader of its own
        }
        if (bundle.getBundleId() == 0) {
            announcePlatform(bundle);
            return bundle;
        }
        if (bundle.getHeaders("").get(PluginHeaders.CONTENT) == null) {
            return null; // a bundle of the platform's, or one an operator installed: not a plugin
        }
        if (updating.containsKey(bundle.getBundleId()) && StartAwaited.by(bundle, context)) {
            LOG.debug("Bundle {} is resolved again; its plugins are announced once it is started",
                    bundle.getBundleId());
        } else {
            announce(bundle);
        }
        return bundle;
    }

    /**
     * The platform's plugins are found in a thread of their own: reading the manifests of every jar on the launcher's
     * class path and building some fifty plugins takes a few hundred milliseconds that the rest of the platform's
     * start (the REST server, the deployment of plugins/) need not wait for. The registry's readers wait for them.
     */
    private void announcePlatform(Bundle systemBundle) {
        Thread thread = new Thread(() -> {
            try {
                synchronized (this) {
                    announce(systemBundle);
                }
                platformIndexed.complete(null);
            } catch (RuntimeException | LinkageError e) {
                platformIndexed.completeExceptionally(e);
            }
        }, "fluxgate-platform-plugins");
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes once the platform's plugins are in the index (see {@link #addingBundle}). */
    CompletableFuture<Void> platformIndexed() {
        return platformIndexed;
    }

    /** Announces an update's new revision once the start that ends the update is over (or failed). */
    @Override
    public synchronized void modifiedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
        if (updating.containsKey(bundle.getBundleId()) && StartAwaited.ends(event)) {
            announce(bundle);
        }
    }

    /** Finds the bundle's plugins, lists them and tells the listeners: {@code INSTALLED}, or {@code UPDATED}. */
    private void announce(Bundle bundle) {
        PluginSource source;
        if (bundle.getBundleId() == 0) {
            source = new PlatformPluginSource(workerClassPath);
        } else {
            try {
                IsolatedPluginSource isolated = IsolatedPluginSource.of(bundle, workerClassPath);
                sources.put(bundle.getBundleId(), isolated);
                source = isolated;
            } catch (IOException | RuntimeException e) {
                LOG.error("The content of plugin {} cannot be read: {}", bundle.getLocation(), e.toString());
                problems.report(bundle.getLocation(), Kind.NOT_RESOLVED, null, "Its content cannot be read: " + e);
                return;
            }
        }
        problems.clear(bundle.getLocation(), PluginProblems.BUNDLE_KINDS);
        List<InstalledPlugin> plugins = PluginDiscovery.discover(source, discovery, failure -> problems.report(
                bundle.getLocation(), Kind.CLASS_FAILED, failure.className(), "The " + failure.type().restName()
                        + " " + failure.className() + " is not available: it " + failure.reason()),
                refusal -> {
                    LOG.error("Not using {}", refusal);
                    problems.report(bundle.getLocation(), Kind.NO_MANIFESTS, null, "Not used: " + refusal);
                });
        List<PluginDescriptor> previous = updating.remove(bundle.getBundleId());
        index.put(bundle.getBundleId(), plugins);
        if (!plugins.isEmpty()) {
            LOG.info("Added {} plugins from {}: {}", plugins.size(), source, summary(plugins));
        }
        List<PluginDescriptor> descriptors = plugins.stream().map(InstalledPlugin::descriptor).toList();
        events.fire(previous == null
                ? new PluginEvent(Type.INSTALLED, source.location(), descriptors, List.of())
                : new PluginEvent(Type.UPDATED, source.location(), descriptors, previous));
    }

    @Override
    public synchronized void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
        List<PluginDescriptor> withdrawn = index.descriptorsOf(bundle.getBundleId());
        // Felix unresolves a bundle it uninstalls (an UNRESOLVED event) after it has taken it out of the installed
        // bundles: a bundle the framework no longer knows is being uninstalled, not updated.
        boolean uninstalled = bundle.getState() == Bundle.UNINSTALLED
                || (event != null && event.getType() == BundleEvent.UNINSTALLED)
                || context.getBundle(bundle.getBundleId()) == null;
        if (!index.remove(bundle.getBundleId())) {
            // Nothing of it is listed: it has no plugins, or it is an update's revision not announced yet (refreshed
            // before it was final: nothing ran on it). An update that ends in an uninstall is a removal.
            List<PluginDescriptor> previous = uninstalled ? updating.remove(bundle.getBundleId()) : null;
            if (previous != null) {
                events.fire(new PluginEvent(Type.REMOVED, bundle.getLocation(), previous, List.of()));
            }
            return;
        }
        LOG.debug("Bundle {} left the resolved states on {} in state {} (uninstalled: {})", bundle.getBundleId(),
                event == null ? "close" : event.getType(), bundle.getState(), uninstalled);
        if (bundle.getBundleId() != 0) {
            LOG.info("{} the plugins of {} {} ({})", uninstalled ? "Removed" : "Withdrew, for an update or refresh,",
                    bundle.getSymbolicName(), bundle.getVersion(), bundle.getLocation());
        }
        IsolatedPluginSource source = sources.remove(bundle.getBundleId());
        leftovers.withdrawn(source == null ? null : source.loader(), bundle.getLocation(),
                bundle.getSymbolicName() + " " + bundle.getVersion());
        if (uninstalled) {
            events.fire(new PluginEvent(Type.REMOVED, bundle.getLocation(), withdrawn, List.of()));
        } else {
            updating.put(bundle.getBundleId(), withdrawn);
            events.fire(new PluginEvent(Type.UPDATING, bundle.getLocation(), withdrawn, List.of()));
        }
    }

    /**
     * Ends the updates whose bundle is not back after a package refresh: each is resolved now, and one that cannot
     * be is {@code REMOVED} (its problem shows in the registry's problems). Also told of uninstalled bundles.
     */
    synchronized void settleUpdates(java.util.function.Predicate<Bundle> resolve) {
        for (Long id : new ArrayList<>(updating.keySet())) {
            Bundle bundle = context.getBundle(id);
            if (bundle == null || bundle.getState() == Bundle.UNINSTALLED || !resolve.test(bundle)) {
                List<PluginDescriptor> previous = updating.remove(id);
                if (previous != null && !previous.isEmpty()) {
                    String location = previous.get(0).location();
                    LOG.warn("The update of {} left it unresolved: its plugins are removed", location);
                    events.fire(new PluginEvent(Type.REMOVED, location, previous, List.of()));
                }
            }
        }
    }

    private static String summary(List<InstalledPlugin> plugins) {
        return plugins.stream().map(plugin -> plugin.className() + " " + plugin.version() + " "
                + plugin.descriptor().type().restName()).toList().toString();
    }
}

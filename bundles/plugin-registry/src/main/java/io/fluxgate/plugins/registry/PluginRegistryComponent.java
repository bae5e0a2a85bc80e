package io.fluxgate.plugins.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.boot.FrameworkProperties;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.plugins.PluginProblems;
import io.fluxgate.plugins.isolation.WorkerClassPath;
import io.fluxgate.plugins.isolation.WorkerClassPathComponent;

/**
 * The {@link PluginRegistry} service, and the whiteboard of {@link PluginListener}s it tells of changes. It needs no
 * configuration (the framework properties say where the worker class path is and how to discover plugins): it tracks every bundle from activation on, and the platform's plugins are there from the start (read
 * in the background as it activates; the first reader waits for them).
 * After each package refresh (FileInstall refreshes after every change it makes) it settles updates whose bundle did
 * not come back and looks for threads removed plugins left running.
 */
@Component(service = PluginRegistry.class, immediate = true)
public final class PluginRegistryComponent implements PluginRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistryComponent.class);
    /** Bounds a reader's wait for the platform's plugins, which take a few hundred milliseconds to read. */
    private static final long PLATFORM_TIMEOUT_MS = 30_000;

    private final PluginIndex index = new PluginIndex();
    private final PluginEvents events = new PluginEvents();
    private final PluginProblems problems;
    private final LeftoverThreads leftovers;
    private UnresolvedBundles unresolved;
    private CompletableFuture<Void> platform = CompletableFuture.completedFuture(null);
    private PluginBundleTracker tracker;
    private BundleContext context;
    private final FrameworkListener refreshes = this::frameworkEvent;

    private final WorkerClassPath workerClassPath;

    /** Bounds a lookup's wait for plugins/ to be deployed at start-up; deploying takes seconds. */
    private static final long DEPLOYMENT_TIMEOUT_MS = 60_000;

    private final StartupMonitor startupMonitor;

    @Activate
    public PluginRegistryComponent(@Reference PluginProblems problems,
            @Reference WorkerClassPathComponent workerClassPath,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) StartupMonitor startupMonitor) {
        this.problems = problems;
        this.startupMonitor = startupMonitor;
        this.workerClassPath = workerClassPath.classPath();
        this.leftovers = new LeftoverThreads(problems);
    }

    @Activate
    void activate(BundleContext context) {
        long started = System.nanoTime();
        this.context = context;
        unresolved = new UnresolvedBundles(context);
        context.addFrameworkListener(refreshes);
        DiscoveryMode discovery = DiscoveryMode.of(context.getProperty(FrameworkProperties.PLUGIN_DISCOVERY));
        if (discovery != DiscoveryMode.HYBRID_WARN) {
            LOG.info("Plugin discovery: {}", discovery.configName());
        }
        tracker = new PluginBundleTracker(context, index, events, problems, leftovers, discovery,
                workerClassPath);
        tracker.open();
        platform = tracker.platformIndexed().whenComplete((done, error) -> {
            if (error != null) {
                LOG.error("The platform's plugins could not be read", error);
            } else {
                LOG.info("Plugin registry ready in {} ms: {} plugins from the platform",
                        (System.nanoTime() - started) / 1_000_000,
                        index.current().plugins().stream().filter(InstalledPlugin::platform).count());
            }
        });
    }

    /** Lets a reader see the platform's plugins, which are read in a thread of their own as the registry starts. */
    private void awaitPlatform() {
        try {
            platform.get(PLATFORM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Answering without the platform's plugins", e); // reported when it failed
        }
    }

    @Deactivate
    void deactivate() {
        awaitPlatform();
        context.removeFrameworkListener(refreshes);
        tracker.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(PluginListener listener) {
        events.add(listener);
    }

    void removeListener(PluginListener listener) {
        events.remove(listener);
    }

    @Override
    public List<PluginDescriptor> plugins() {
        awaitPlatform();
        return index.current().descriptors();
    }

    @Override
    public <T> PluginClass<T> load(String classOrAlias, Class<T> superType, String versionRange) {
        Objects.requireNonNull(classOrAlias, "classOrAlias");
        Objects.requireNonNull(superType, "superType");
        VersionRequirement requirement = VersionRequirement.parse(versionRange, classOrAlias);
        awaitPlatform();
        try {
            return new LoadedPlugin<>(index.current().resolve(classOrAlias, superType, requirement), superType);
        } catch (PluginNotFoundException e) {
            if (!awaitDeployment()) {
                throw e;
            }
            return new LoadedPlugin<>(index.current().resolve(classOrAlias, superType, requirement), superType);
        }
    }

    /**
     * Lets a lookup that misses while the worker starts wait for plugins/ to be deployed, which happens beside the
     * platform's start: a connector assigned to a distributed worker, or read from a standalone worker's files, then
     * finds its plugin, as on Apache Kafka Connect, which scans plugin.path before anything runs.
     *
     * @return true when it waited, and the lookup is worth another try
     */
    private boolean awaitDeployment() {
        if (startupMonitor == null || startupMonitor.pluginsDeployed()) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEPLOYMENT_TIMEOUT_MS);
        try {
            while (!startupMonitor.pluginsDeployed() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    @Override
    public List<PluginProblem> problems() {
        leftovers.check();
        List<PluginProblem> all = new ArrayList<>(problems.list());
        all.addAll(unresolved.problems());
        all.sort(Comparator.comparing(PluginProblem::since));
        return all;
    }

    private void frameworkEvent(FrameworkEvent event) {
        if (event.getType() != FrameworkEvent.PACKAGES_REFRESHED) {
            return;
        }
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        try {
            tracker.settleUpdates(bundle -> wiring.resolveBundles(List.of(bundle)));
            leftovers.check();
        } catch (RuntimeException e) {
            LOG.error("Settling plugin updates after a package refresh failed", e);
        }
    }
}

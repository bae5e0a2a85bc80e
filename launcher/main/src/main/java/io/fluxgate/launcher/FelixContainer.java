package io.fluxgate.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.boot.FrameworkProperties;
import io.fluxgate.boot.StartupMonitor;

/**
 * The OSGi framework of one worker: Apache Felix with the platform bundles found in {@code system/<start level>/},
 * the worker configuration published through Configuration Admin before the platform starts, and FileInstall
 * watching {@code plugins/}. The bundles of the last start level are the plugin deployer: they are started by
 * {@link DeployerStart}, alongside the last platform bundles, rather than after them.
 */
final class FelixContainer {

    private static final Logger LOG = LoggerFactory.getLogger(FelixContainer.class);
    /** Start level of Declarative Services and Configuration Admin: up before any platform component. */
    private static final int SERVICES_LEVEL = 1;
    private static final long START_TIMEOUT_MS = 60_000;

    private final Path home;
    private final Framework framework;
    private TreeMap<Integer, List<Path>> levels = new TreeMap<>();
    /** The bundles of the last start level (FileInstall), started by the launcher itself. */
    private final List<Bundle> deployers = new ArrayList<>();
    /** Every bundle of system/ that must be active once the platform has started (not plugins, not fragments). */
    private final List<Bundle> platform = new ArrayList<>();
    private volatile DeployerStart deployerStart;

    FelixContainer(Path home, Map<String, String> frameworkProperties) {
        this.home = home;
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"));
        this.framework = factory.newFramework(frameworkProperties);
    }

    /** The framework properties for a distribution in {@code home}. */
    static Map<String, String> frameworkProperties(Path home, String systemPackages) {
        return frameworkProperties(home, systemPackages, List.of());
    }

    /**
     * The framework properties for a distribution in {@code home} whose worker also has these {@code plugin.path}
     * entries: FileInstall watches plugins/ and each of them alike (a comma-separated {@code felix.fileinstall.dir}
     * gives one watcher per directory). Relative entries are taken from the working directory, as Kafka does.
     */
    static Map<String, String> frameworkProperties(Path home, String systemPackages, List<String> pluginPath) {
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, home.resolve("data/felix-cache").toString());
        // Bundles come from system/ and plugins/ at every start: a stale cache would only hide what is on disk.
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackages);
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(SERVICES_LEVEL));
        props.put("felix.log.level", "1");
        List<String> watched = new ArrayList<>();
        watched.add(home.resolve("plugins").toString());
        for (String entry : pluginPath) {
            String dir = Path.of(entry.trim()).toAbsolutePath().normalize().toString();
            if (!entry.isBlank() && !watched.contains(dir)) {
                watched.add(dir);
            }
        }
        props.put("felix.fileinstall.dir", String.join(",", watched));
        // Jars and zips, at the top or in a plugin directory (the regex sees paths relative to the watched
        // directory), and class files inside a plugin directory (Kafka's plugin.path layout of classes).
        props.put("felix.fileinstall.filter", ".*\\.jar|.*\\.zip|.+/.+\\.class");
        // FileInstall takes a file once it is unchanged over one poll: a drop is seen within two polls. A poll is a
        // stat of each file under the watched directories.
        props.put("felix.fileinstall.poll", "250");
        // Polling rather than Java's WatchService: the watch service does not follow symbolic links, so a plugin
        // directory linked into plugins/ while the worker runs went unseen (Apache's plugin.path follows links).
        props.put("felix.fileinstall.disableNio2", "true");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.tmpdir", home.resolve("data/tmp").toString());
        props.put("felix.fileinstall.log.default", "jul");
        props.put("felix.fileinstall.log.level", "3");
        props.put("felix.fileinstall.enableConfigSave", "false");
        Path workerClassPath = home.resolve("lib/connect-runtime");
        if (Files.isDirectory(workerClassPath)) {
            props.put(FrameworkProperties.WORKER_CLASS_PATH, workerClassPath.toString());
        }
        return props;
    }

    /**
     * Starts the framework with the OSGi services (Declarative Services, Configuration Admin) running and every
     * platform bundle installed, but none of them started: the platform waits for {@link #startPlatform}.
     */
    void prepare(boolean console) throws LaunchException {
        long started = System.nanoTime();
        try {
            framework.init();
            levels = systemBundles();
            if (console) {
                addConsoleBundles();
            }
            BundleContext context = framework.getBundleContext();
            Integer deployerLevel = levels.size() > 1 ? levels.lastKey() : null;
            for (Map.Entry<Integer, List<Path>> level : levels.entrySet()) {
                boolean deployer = level.getKey().equals(deployerLevel);
                for (Path jar : level.getValue()) {
                    // By reference: the jar is read where it lies rather than copied into the cache.
                    Bundle bundle = context.installBundle("reference:" + jar.toUri());
                    // The deployer at the first level, never started by the framework: a transient start needs a
                    // start level the framework has reached.
                    bundle.adapt(BundleStartLevel.class).setStartLevel(deployer ? SERVICES_LEVEL : level.getKey());
                    if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                        continue;
                    }
                    platform.add(bundle);
                    if (deployer) {
                        deployers.add(bundle);
                    } else {
                        bundle.start();
                    }
                }
            }
            framework.start();
        } catch (BundleException | IOException e) {
            throw new LaunchException("The OSGi framework cannot start: " + e.getMessage(), e);
        }
        LOG.debug("OSGi framework prepared in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Registers {@code service} in the system bundle's context: a launcher-side service the platform bundles use
     * through the boot contract (logger levels...). Call it between {@link #prepare} and {@link #startPlatform}.
     */
    <T> void provide(Class<T> type, T service) {
        framework.getBundleContext().registerService(type, service, null);
    }

    /**
     * Registers the start-up monitor, publishes the worker configuration, raises the start level until every
     * platform bundle has started and, meanwhile, starts the plugin deployer; returns once plugins/ is deployed too.
     */
    void startPlatform(Map<String, String> workerConfig, String configPid, StartupMonitor monitor)
            throws LaunchException {
        long started = System.nanoTime();
        BundleContext context = framework.getBundleContext();
        context.registerService(StartupMonitor.class, monitor, null);
        try {
            publish(context, configPid, workerConfig);
        } catch (IOException e) {
            throw new LaunchException("The worker configuration cannot be published: " + e.getMessage(), e);
        }
        DeployerStart deployer = new DeployerStart(context, deployers);
        deployerStart = deployer;
        deployer.begin();
        int platformLevel = levels.isEmpty() ? SERVICES_LEVEL
                : deployers.isEmpty() ? levels.lastKey() : levels.lowerKey(levels.lastKey());
        raiseStartLevel(platformLevel);
        deployer.platformStarted();
        deployer.await(START_TIMEOUT_MS);
        checkStarted();
        LOG.debug("Platform bundles started in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The Web Console's bundles ({@code system/console/}: Felix HTTP Jetty, the Web Console, Fluxgate's page) join the
     * platform's start level; they are installed only when the console is on, so that nothing listens otherwise.
     */
    private void addConsoleBundles() throws IOException, LaunchException {
        Path dir = home.resolve("system/console");
        if (!Files.isDirectory(dir) || levels.isEmpty()) {
            throw new LaunchException("No system/console/ directory in " + home + ": the Web Console cannot start");
        }
        int platformLevel = levels.size() > 1 ? levels.lowerKey(levels.lastKey()) : levels.lastKey();
        List<Path> jars = new ArrayList<>(levels.get(platformLevel));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            List<Path> console = new ArrayList<>();
            files.forEach(console::add);
            console.sort(null);
            jars.addAll(console);
        }
        levels.put(platformLevel, jars);
    }

    private TreeMap<Integer, List<Path>> systemBundles() throws IOException, LaunchException {
        Path system = home.resolve("system");
        TreeMap<Integer, List<Path>> levels = new TreeMap<>();
        if (!Files.isDirectory(system)) {
            throw new LaunchException("No system/ directory in " + home + ": is FLUXGATE_HOME right?");
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(system, "[0-9]*")) {
            for (Path dir : dirs) {
                List<Path> jars = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
                    files.forEach(jars::add);
                }
                jars.sort(null);
                levels.put(Integer.parseInt(dir.getFileName().toString()), jars);
            }
        }
        return levels;
    }

    private void publish(BundleContext context, String pid, Map<String, String> config)
            throws LaunchException, IOException {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> tracker =
                new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        tracker.open();
        try {
            ConfigurationAdmin admin = tracker.waitForService(START_TIMEOUT_MS);
            if (admin == null) {
                throw new LaunchException("Configuration Admin did not start within " + START_TIMEOUT_MS + " ms");
            }
            // Location "?": every platform component reads this one configuration.
            Configuration configuration = admin.getConfiguration(pid, "?");
            configuration.update(new Hashtable<String, Object>(config));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while publishing the worker configuration", e);
        } finally {
            tracker.close();
        }
    }

    private void raiseStartLevel(int level) throws LaunchException {
        CountDownLatch reached = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                reached.countDown();
            }
        });
        try {
            if (!reached.await(START_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new LaunchException("The platform bundles did not start within " + START_TIMEOUT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while starting the platform bundles", e);
        }
    }

    /**
     * Only the platform's bundles must have started: a plugin bundle that cannot (it is unresolvable, its activator
     * throws) is the registry's to report, and must not keep the worker from starting.
     */
    private void checkStarted() throws LaunchException {
        for (Bundle bundle : platform) {
            LOG.debug("Bundle {} {} is {}", bundle.getSymbolicName(), bundle.getVersion(), bundle.getState());
            if (bundle.getState() != Bundle.ACTIVE) {
                throw new LaunchException("Platform bundle " + bundle.getSymbolicName() + " did not start");
            }
        }
    }

    /** True once the plugin deployer has deployed plugins/ at start (it runs beside the platform's start). */
    boolean pluginsDeployed() {
        DeployerStart started = deployerStart;
        return started != null && started.done();
    }

    /** Blocks until the framework stops, for whatever reason. */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops every bundle, in reverse start-level order, and waits at most {@code timeoutMs}. */
    boolean stop(long timeoutMs) {
        // The deployer first, as the highest start level would be: no plugin is deployed while the platform stops.
        for (Bundle deployer : deployers) {
            try {
                deployer.stop(Bundle.STOP_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                LOG.debug("The plugin deployer {} did not stop cleanly", deployer.getSymbolicName(), e);
            }
        }
        try {
            framework.stop();
            return framework.waitForStop(timeoutMs).getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            LOG.warn("The OSGi framework did not stop cleanly", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

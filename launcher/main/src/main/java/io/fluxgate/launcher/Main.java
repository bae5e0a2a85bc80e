package io.fluxgate.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import io.fluxgate.boot.FrameworkProperties;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.broker.BrokerStartException;
import io.fluxgate.broker.EmbeddedKafkaBroker;
import io.fluxgate.boot.config.WorkerConfigDef;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.boot.config.WorkerMode;
import io.fluxgate.boot.config.SecretSettings;
import io.fluxgate.boot.config.WorkerSecrets;
import sun.misc.Signal;

/**
 * Starts one Fluxgate worker: {@code Main standalone|distributed WORKER_PROPS [CONNECTOR_PROPS ...]}.
 *
 * <p>Everything the user can get wrong is checked before anything starts (the file, its settings, the ports, the
 * Kafka cluster), and reported as one line on stderr with exit status 1. Then the embedded broker (when asked for)
 * and the OSGi container start; SIGTERM or SIGINT stops both cleanly and the process exits with status 0.
 */
public final class Main {

    /** The framework property the plugin registry reads the worker's {@code plugin.discovery} from. */


    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** How long a clean stop may take before the process exits anyway. */
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<String> startupFailure = new AtomicReference<>();

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status;
        try {
            status = new Main().run(args);
        } catch (LaunchException e) {
            LOG.error("Fluxgate cannot start: {}", e.getMessage(), e.getCause());
            System.err.println("Fluxgate cannot start: " + e.getMessage());
            status = 1;
        } catch (RuntimeException e) {
            LOG.error("Fluxgate failed", e);
            System.err.println("Fluxgate failed: " + e);
            status = 1;
        }
        System.exit(status);
    }

    private int run(String[] args) throws LaunchException {
        if (args.length < 2 || !List.of("standalone", "distributed").contains(args[0])) {
            throw new LaunchException("usage: Main standalone|distributed WORKER_PROPS [CONNECTOR_PROPS ...]");
        }
        long launched = System.nanoTime();
        WorkerMode mode = WorkerMode.fromKey(args[0]);
        Path home = Path.of(System.getProperty(WorkerConfigKeys.HOME, ".")).toAbsolutePath().normalize();
        List<Path> connectorFiles = Arrays.stream(args, 2, args.length).map(Path::of).toList();
        if (mode == WorkerMode.DISTRIBUTED && !connectorFiles.isEmpty()) {
            throw new LaunchException("Distributed mode takes only the worker properties; create connectors with "
                    + "the REST API");
        }

        Map<String, String> props = new LinkedHashMap<>(WorkerPropertiesFile.read(Path.of(args[1])));
        boolean embedded = "true".equalsIgnoreCase(props.get(WorkerConfigKeys.EMBEDDED_BROKER_ENABLE));
        Map<String, Object> parsed = validate(mode, props, embedded, args[1]);
        checkConnectorFiles(connectorFiles);
        WebConsoleSettings console = WebConsoleSettings.from(props, parsed);
        checkListeners(parsed, console);

        props.put(WorkerConfigKeys.MODE, mode.key());
        props.put(WorkerConfigKeys.HOME, home.toString());
        props.put(WorkerConfigKeys.CONNECTOR_FILES, String.join(File.pathSeparator,
                connectorFiles.stream().map(p -> p.toAbsolutePath().toString()).toList()));

        // The broker and the cluster check take seconds: the framework gets ready meanwhile, on the other core.
        EmbeddedKafkaBroker broker = embedded ? new EmbeddedKafkaBroker((Integer) parsed.get(
                WorkerConfigKeys.EMBEDDED_BROKER_PORT), EmbeddedKafkaBroker.resolveDataDir(home,
                (String) parsed.get(WorkerConfigKeys.EMBEDDED_BROKER_DIR))) : null;
        long clusterTimeoutMs = (Long) parsed.get(WorkerConfigKeys.KAFKA_CONNECT_TIMEOUT_MS);
        CompletableFuture<String> cluster = CompletableFuture.supplyAsync(() -> {
            try {
                if (broker != null) {
                    startBroker(broker);
                    props.putIfAbsent(WorkerConfigKeys.BOOTSTRAP_SERVERS, broker.bootstrapServers());
                }
                return KafkaClusterCheck.clusterId(props, clusterTimeoutMs);
            } catch (LaunchException e) {
                throw new CompletionException(e);
            }
        });
        try {
            FelixContainer container = newContainer(home, pluginPath(parsed),
                    (String) parsed.get(WorkerConfigKeys.PLUGIN_DISCOVERY), console);
            try {
                container.prepare(console.enabled());
                String clusterId = awaitCluster(cluster);
                LOG.info("Kafka cluster {} answers at {}", clusterId, props.get(WorkerConfigKeys.BOOTSTRAP_SERVERS));
            } catch (LaunchException e) {
                container.stop(STOP_TIMEOUT_MS);
                throw e;
            }
            return runContainer(container, props, console, launched);
        } finally {
            awaitQuietly(cluster);
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static void startBroker(EmbeddedKafkaBroker broker) throws LaunchException {
        try {
            broker.start();
        } catch (BrokerStartException e) {
            throw new LaunchException(e.getMessage(), e.getCause());
        }
    }

    private static String awaitCluster(CompletableFuture<String> cluster) throws LaunchException {
        try {
            return cluster.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LaunchException launch) {
                throw launch;
            }
            throw new LaunchException("Kafka cluster check failed: " + e.getCause(), e.getCause());
        }
    }

    /** Lets a failed start-up wait for the broker thread, so the broker is not closed while it starts. */
    private static void awaitQuietly(CompletableFuture<String> cluster) {
        try {
            cluster.join();
        } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
            // already reported
        }
    }

    /** The worker's plugin.path: directories watched like plugins/. */
    @SuppressWarnings("unchecked")
    private static List<String> pluginPath(Map<String, Object> parsed) {
        Object entries = parsed.get(WorkerConfigKeys.PLUGIN_PATH);
        return entries == null ? List.of() : (List<String>) entries;
    }

    /**
     * The container, with the worker's plugin.discovery for the plugin registry (which reads it as it starts) and the
     * Web Console's settings.
     */
    private static FelixContainer newContainer(Path home, List<String> pluginPath, String pluginDiscovery,
            WebConsoleSettings console) throws LaunchException {
        try {
            Map<String, String> properties = FelixContainer.frameworkProperties(home, SystemPackages.fromClassPath(),
                    pluginPath);
            properties.put(FrameworkProperties.PLUGIN_DISCOVERY, pluginDiscovery);
            properties.putAll(console.frameworkProperties());
            return new FelixContainer(home, properties);
        } catch (java.io.IOException e) {
            throw new LaunchException("Cannot read the launcher's class path: " + e.getMessage(), e);
        }
    }

    private int runContainer(FelixContainer container, Map<String, String> props, WebConsoleSettings console,
            long launched) throws LaunchException {
        onSignal("TERM");
        onSignal("INT");
        Thread watcher = new Thread(() -> {
            try {
                container.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopRequested.countDown();
        }, "fluxgate-framework-watcher");
        watcher.setDaemon(true);
        try {
            AtomicBoolean complete = new AtomicBoolean();
            LogbackLoggerLevels.ofCurrentBinding().ifPresent(levels -> container.provide(LoggerLevels.class, levels));
            // Secrets stay out of Configuration Admin (and so out of the Web Console): components reveal them.
            Map<String, String> secrets = new LinkedHashMap<>(props);
            if (console.enabled()) {
                secrets.put(WorkerConfigKeys.CONSOLE_PASSWORD, console.password());
            }
            container.provide(WorkerSecrets.class, SecretSettings.of(secrets));
            container.startPlatform(SecretSettings.hidden(props), WorkerConfigKeys.PID, new StartupMonitor() {
                @Override
                public void failed(String message) {
                    if (startupFailure.compareAndSet(null, message)) {
                        stopRequested.countDown();
                    }
                }

                @Override
                public boolean startupComplete() {
                    return complete.get();
                }

                @Override
                public boolean pluginsDeployed() {
                    return complete.get() || container.pluginsDeployed();
                }
            });
            complete.set(true);
            watcher.start();
            LOG.info("Fluxgate {} worker started in {} ms", props.get(WorkerConfigKeys.MODE),
                    (System.nanoTime() - launched) / 1_000_000);
            if (console.enabled()) {
                LOG.info("The Web Console listens at {} (user {})", console.url(), console.username());
            } else {
                LOG.info(WebConsoleSettings.DISABLED_MESSAGE);
            }
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LaunchException e) {
            container.stop(STOP_TIMEOUT_MS);
            throw e;
        }
        long stopping = System.nanoTime();
        boolean clean = container.stop(STOP_TIMEOUT_MS);
        LOG.info("Fluxgate worker stopped {}in {} ms", clean ? "" : "(not cleanly) ",
                (System.nanoTime() - stopping) / 1_000_000);
        if (startupFailure.get() != null) {
            throw new LaunchException(startupFailure.get());
        }
        return 0;
    }

    private Map<String, Object> validate(WorkerMode mode, Map<String, String> props, boolean embedded, String file)
            throws LaunchException {
        Map<String, String> effective = new LinkedHashMap<>(props);
        if (embedded) {
            // The embedded broker's address stands in for bootstrap.servers until the broker has started.
            effective.putIfAbsent(WorkerConfigKeys.BOOTSTRAP_SERVERS, "127.0.0.1:"
                    + props.getOrDefault(WorkerConfigKeys.EMBEDDED_BROKER_PORT, "9092"));
        }
        try {
            return WorkerConfigDef.validate(mode, effective);
        } catch (ConfigException e) {
            throw new LaunchException(file + ": " + e.getMessage(), e);
        }
    }

    private static void checkConnectorFiles(List<Path> files) throws LaunchException {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new LaunchException("Connector configuration file " + file + " does not exist");
            }
            if (!Files.isReadable(file)) {
                throw new LaunchException("Connector configuration file " + file + " cannot be read");
            }
        }
    }

    private static void checkListeners(Map<String, Object> parsed, WebConsoleSettings console)
            throws LaunchException {
        if (console.enabled() && !PortCheck.isFree(console.listener().host(), console.listener().port())) {
            throw new LaunchException("Web Console listener " + console.listener() + " cannot start: port "
                    + console.listener().port() + " is already in use (" + WorkerConfigKeys.CONSOLE_LISTENER + ")");
        }
        @SuppressWarnings("unchecked")
        List<String> listeners = (List<String>) parsed.get(WorkerConfigKeys.LISTENERS);
        for (String text : listeners) {
            RestListener listener = RestListener.parse(text).orElseThrow();
            if (!PortCheck.isFree(listener.host(), listener.port())) {
                throw new LaunchException("REST listener " + listener + " cannot start: port " + listener.port()
                        + " is already in use (listeners)");
            }
        }
    }

    /** A signal asks for a clean stop; the JVM's own handler would exit with 128+signal before offsets flush. */
    private void onSignal(String name) {
        Signal.handle(new Signal(name), signal -> {
            LOG.info("Received SIG{}, stopping", name);
            stopRequested.countDown();
        });
    }
}

package io.fluxgate.rest;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.common.config.ConfigException;
import org.glassfish.jersey.server.ResourceConfig;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.worker.WorkerInfo;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.boot.config.WorkerSecrets;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.rest.extensions.ExtensionClasses;
import io.fluxgate.rest.extensions.RestExtensionException;
import io.fluxgate.rest.extensions.RestExtensions;
import io.fluxgate.rest.forwarding.RequestForwarder;
import io.fluxgate.rest.server.AdminEndpoints;
import io.fluxgate.rest.server.FallbackClassLoader;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.server.RestServerException;

/**
 * Serves the REST API on the worker's listeners from the moment the worker configuration is published: http and https
 * listeners, CORS, response headers and REST extensions as Kafka Connect's worker settings say, and {@code GET /metrics}
 * unless {@code fluxgate.metrics.endpoint.enable} is false.
 *
 * <p>The worker, the herder and the launcher's logger levels are optional, dynamic references: the API answers before
 * they are there ({@code /health} then says {@code starting}) and the server is not restarted when they come or go. A
 * setting that cannot work (a listener that cannot be bound, a key store that cannot be read, a REST extension that
 * cannot be loaded) is reported to the launcher's {@link StartupMonitor}, which stops the platform with that one line;
 * without a monitor (a test framework) the activation fails with that message instead. Either way nothing stays bound.
 */
@Component(immediate = true, service = {}, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class RestServerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(RestServerComponent.class);
    /**
     * The launcher's class path, where REST extensions are found as on Kafka Connect's class path: the loader of the
     * framework API, which the system bundle exports from there.
     */
    private static final ClassLoader CLASS_PATH = Bundle.class.getClassLoader();
    private static final long EXTENSION_RETRY_MS = 200;
    /** A bound in case the start never completes; plugins/ is deployed within seconds of the start. */
    private static final long EXTENSION_PATIENCE_MS = 60_000;

    private final StartupMonitor startupMonitor;
    /** TLS passwords are kept out of ConfigAdmin by the launcher: put back before the listeners are configured. */
    @Reference(name = "workerSecrets", cardinality = ReferenceCardinality.OPTIONAL)
    private WorkerSecrets workerSecrets;
    private final AtomicReference<WorkerInfo> worker = new AtomicReference<>();
    private final AtomicReference<Herder> herder = new AtomicReference<>();
    private final AtomicReference<PluginRegistry> pluginRegistry = new AtomicReference<>();
    private final AtomicReference<LoggerLevels> loggerLevels = new AtomicReference<>();
    private RestSettings settings;
    private RestServer server;
    private RestExtensions extensions = RestExtensions.none();
    private final ScheduledExecutorService extensionWaiter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fluxgate-rest-extensions");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> pendingStart;

    /** {@code startupMonitor} may be null: the launcher registers it before this bundle starts, tests may not. */
    @Activate
    public RestServerComponent(
            @Reference(name = "startupMonitor", cardinality = ReferenceCardinality.OPTIONAL)
            StartupMonitor startupMonitor) {
        this.startupMonitor = startupMonitor;
    }

    @Activate
    void activate(RestServerConfig config, Map<String, Object> properties) {
        start(config, WorkerSecrets.reveal(workerSecrets, properties));
    }

    /** The worker configuration changed: restart only if the REST settings did. */
    @Modified
    void modified(RestServerConfig config, Map<String, Object> hidden) {
        Map<String, Object> properties = WorkerSecrets.reveal(workerSecrets, hidden);
        if (server != null && settingsQuietly(config, properties).equals(Optional.of(settings))) {
            return;
        }
        stop();
        start(config, properties);
    }

    @Deactivate
    void deactivate() {
        stop();
        extensionWaiter.shutdownNow();
    }

    @Reference(name = "worker", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWorker(WorkerInfo workerInfo) {
        worker.set(workerInfo);
    }

    void unbindWorker(WorkerInfo workerInfo) {
        // A greedy replacement binds the new worker before unbinding the old one.
        worker.compareAndSet(workerInfo, null);
    }

    @Reference(name = "herder", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHerder(Herder bound) {
        herder.set(bound);
    }

    void unbindHerder(Herder unbound) {
        herder.compareAndSet(unbound, null);
    }

    /** Read on each {@code GET /connector-plugins}, so that hot deploys show at once. */
    @Reference(name = "pluginRegistry", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPluginRegistry(PluginRegistry bound) {
        pluginRegistry.set(bound);
    }

    void unbindPluginRegistry(PluginRegistry unbound) {
        pluginRegistry.compareAndSet(unbound, null);
    }

    /** The launcher's logging backend, registered in the system bundle's context; absent in a bare framework. */
    @Reference(name = "loggerLevels", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLoggerLevels(LoggerLevels bound) {
        loggerLevels.set(bound);
    }

    void unbindLoggerLevels(LoggerLevels unbound) {
        loggerLevels.compareAndSet(unbound, null);
    }

    /**
     * Starts the server, or, when a configured REST extension is neither on the class path nor installed yet (plugins/
     * is deployed after the platform starts), waits for it on a thread of its own, without listening meanwhile: an
     * API served without its security extension would be open.
     */
    private synchronized void start(RestServerConfig config, Map<String, Object> properties) {
        ExtensionClasses classes = ExtensionClasses.of(CLASS_PATH)
                .orElse(ExtensionClasses.of(() -> Optional.ofNullable(pluginRegistry.get())));
        List<String> missing;
        try {
            settings = RestSettings.from(config, properties);
            missing = settings.extensionClasses().stream().map(String::trim)
                    .filter(name -> !name.isEmpty() && !classes.has(name)).toList();
        } catch (IllegalArgumentException | ConfigException e) {
            reportFailure(e.getMessage(), e);
            return;
        }
        if (missing.isEmpty() || pluginsDeployed()) {
            startServer(properties, classes); // reports what is missing
            return;
        }
        LOG.info("Waiting for the REST extension(s) {} to be installed in plugins/ before serving", missing);
        long deadline = System.currentTimeMillis() + EXTENSION_PATIENCE_MS;
        pendingStart = extensionWaiter.scheduleWithFixedDelay(() -> startOnceInstalled(missing, classes, properties,
                deadline), EXTENSION_RETRY_MS, EXTENSION_RETRY_MS, TimeUnit.MILLISECONDS);
    }

    private void startOnceInstalled(List<String> missing, ExtensionClasses classes, Map<String, Object> properties,
            long deadline) {
        String failure = null;
        synchronized (this) {
            if (pendingStart == null || pendingStart.isCancelled()) {
                return;
            }
            if (missing.stream().allMatch(classes::has)) {
                pendingStart.cancel(false);
                pendingStart = null;
                startServer(properties, classes);
            } else if (pluginsDeployed() || System.currentTimeMillis() > deadline) {
                pendingStart.cancel(false);
                pendingStart = null;
                failure = "REST extension " + String.join(", ", missing.stream().filter(n -> !classes.has(n))
                        .toList()) + " cannot be loaded: neither on the class path (lib/) nor in an installed plugin";
            }
        }
        if (failure != null) {
            try {
                reportFailure(failure, new IllegalStateException(failure));
            } catch (IllegalStateException withoutMonitor) {
                LOG.error("{}", failure);
            }
        }
    }

    /** Whether plugins/ has been deployed, so that what is not installed now will not be by the start. */
    private boolean pluginsDeployed() {
        return startupMonitor == null || startupMonitor.startupComplete();
    }

    private void startServer(Map<String, Object> properties, ExtensionClasses classes) {
        try {
            extensions = RestExtensions.load(settings.extensionClasses(), classes,
                    RestSettings.workerConfig(properties));
            Supplier<Optional<WorkerInfo>> workerInfo = () -> Optional.ofNullable(worker.get());
            Supplier<Optional<Herder>> currentHerder = () -> Optional.ofNullable(herder.get());
            ResourceConfig api = ConnectRestApi.create(workerInfo, currentHerder,
                    () -> Optional.ofNullable(pluginRegistry.get()), new RequestForwarder(settings.sslValues()));
            Supplier<Optional<LoggerLevels>> levels = () -> Optional.ofNullable(loggerLevels.get());
            AdminEndpoints admin = null;
            switch (settings.admin()) {
                case WITH_THE_API -> ConnectRestApi.registerAdmin(api, levels, currentHerder);
                case OWN_LISTENERS -> admin = new AdminEndpoints(settings.adminListeners(),
                        settings.adminSslValues(), ConnectRestApi.createAdmin(levels, currentHerder));
                case NOWHERE -> LOG.info("The admin endpoints are not served: admin.listeners is empty");
            }
            if (settings.metricsEndpoint()) {
                // Where Kafka's JmxReporter registers the clients' and the worker's metrics.
                ConnectRestApi.registerMetrics(api, ManagementFactory.getPlatformMBeanServer());
            }
            extensions.register(api, currentHerder, workerInfo);
            ClassLoader requests = new FallbackClassLoader(RestServerComponent.class.getClassLoader(), CLASS_PATH);
            server = RestServer.start(settings.server(requests), api, admin);
        } catch (IllegalArgumentException | ConfigException | RestExtensionException | RestServerException e) {
            server = null;
            extensions.close();
            extensions = RestExtensions.none();
            reportFailure(e.getMessage(), e);
        }
    }

    private synchronized void stop() {
        if (pendingStart != null) {
            pendingStart.cancel(false);
            pendingStart = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
        extensions.close();
        extensions = RestExtensions.none();
    }

    private void reportFailure(String message, Exception cause) {
        if (startupMonitor == null) {
            throw new IllegalStateException(message, cause);
        }
        LOG.debug("{}", message, cause);
        startupMonitor.failed(message);
    }

    private static Optional<RestSettings> settingsQuietly(RestServerConfig config, Map<String, Object> properties) {
        try {
            return Optional.of(RestSettings.from(config, properties));
        } catch (IllegalArgumentException | ConfigException e) {
            return Optional.empty();
        }
    }
}

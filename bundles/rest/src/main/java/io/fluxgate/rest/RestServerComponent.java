package io.fluxgate.rest;

import java.util.Map;
import java.util.Optional;
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
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.rest.extensions.ExtensionClasses;
import io.fluxgate.rest.extensions.RestExtensionException;
import io.fluxgate.rest.extensions.RestExtensions;
import io.fluxgate.rest.server.FallbackClassLoader;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.server.RestServerException;

/**
 * Serves the REST API on the worker's listeners from the moment the worker configuration is published: http and https
 * listeners, CORS, response headers and REST extensions as Kafka Connect's worker settings say.
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

    private final StartupMonitor startupMonitor;
    private final AtomicReference<WorkerInfo> worker = new AtomicReference<>();
    private final AtomicReference<Herder> herder = new AtomicReference<>();
    private final AtomicReference<PluginRegistry> pluginRegistry = new AtomicReference<>();
    private final AtomicReference<LoggerLevels> loggerLevels = new AtomicReference<>();
    private RestSettings settings;
    private RestServer server;
    private RestExtensions extensions = RestExtensions.none();

    /** {@code startupMonitor} may be null: the launcher registers it before this bundle starts, tests may not. */
    @Activate
    public RestServerComponent(
            @Reference(name = "startupMonitor", cardinality = ReferenceCardinality.OPTIONAL)
            StartupMonitor startupMonitor) {
        this.startupMonitor = startupMonitor;
    }

    @Activate
    void activate(RestServerConfig config, Map<String, Object> properties) {
        start(config, properties);
    }

    /** The worker configuration changed: restart only if the REST settings did. */
    @Modified
    void modified(RestServerConfig config, Map<String, Object> properties) {
        if (server != null && settingsQuietly(config, properties).equals(Optional.of(settings))) {
            return;
        }
        stop();
        start(config, properties);
    }

    @Deactivate
    void deactivate() {
        stop();
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

    private void start(RestServerConfig config, Map<String, Object> properties) {
        try {
            settings = RestSettings.from(config, properties);
            extensions = RestExtensions.load(settings.extensionClasses(), ExtensionClasses.of(CLASS_PATH),
                    RestSettings.workerConfig(properties));
            Supplier<Optional<WorkerInfo>> workerInfo = () -> Optional.ofNullable(worker.get());
            Supplier<Optional<Herder>> currentHerder = () -> Optional.ofNullable(herder.get());
            ResourceConfig api = ConnectRestApi.create(workerInfo, currentHerder,
                    () -> Optional.ofNullable(pluginRegistry.get()));
            ConnectRestApi.registerAdmin(api, () -> Optional.ofNullable(loggerLevels.get()));
            extensions.register(api, currentHerder, workerInfo);
            ClassLoader requests = new FallbackClassLoader(RestServerComponent.class.getClassLoader(), CLASS_PATH);
            server = RestServer.start(settings.server(requests), api);
        } catch (IllegalArgumentException | ConfigException | RestExtensionException | RestServerException e) {
            extensions.close();
            extensions = RestExtensions.none();
            reportFailure(e.getMessage(), e);
        }
    }

    private void stop() {
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

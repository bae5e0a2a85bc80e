package io.fluxgate.runtime.standalone;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.boot.config.WorkerSecrets;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.runtime.config.WorkerAddress;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.herder.StartFailure;
import io.fluxgate.runtime.storage.FileOffsetBackingStore;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerAssembly;

/**
 * The standalone worker as a service: wires a {@link Worker} (offsets in {@code offset.storage.file.filename}) and a
 * {@link StandaloneHerder}, creates the connectors of the files named on the command line, and publishes the
 * herder as the {@link Herder} service (not when the worker could not start: the launcher is stopping it then). Enabled by {@link io.fluxgate.runtime.mode.WorkerModeSelector} only when
 * {@code fluxgate.mode=standalone}. Deactivation stops every connector and task and flushes their offsets (the
 * launcher allows the platform 10 s on SIGTERM).
 */
@Component(name = StandaloneHerderComponent.NAME, enabled = false, immediate = true,
        service = PluginListener.class,
        configurationPid = WorkerConfigKeys.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class StandaloneHerderComponent implements PluginListener {

    public static final String NAME = "io.fluxgate.runtime.standalone.StandaloneHerder";
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneHerderComponent.class);
    private static final long PLUGIN_RETRY_MS = 500;
    private static final long PLUGIN_PATIENCE_MS = 60_000;

    /** The settings this component reads itself; the worker reads the rest of the same configuration. */
    @interface Config {
        /** Kafka Connect's {@code offset.storage.file.filename}: source offsets, relative to the working directory. */
        String offset_storage_file_filename();

        /** The connector files named on the command line, separated by the path separator. */
        String fluxgate_connector_files() default "";
    }

    private final StandaloneHerder herder;
    private final ScheduledExecutorService fileLoading;
    private final ServiceRegistration<Herder> registration;

    /** @param context null outside a framework (tests): the herder is then not published */
    @Activate
    public StandaloneHerderComponent(BundleContext context,
            @Reference(name = "pluginRegistry") PluginRegistry registry, Config config,
            Map<String, Object> properties,
            @Reference(name = "workerSecrets", cardinality = ReferenceCardinality.OPTIONAL) WorkerSecrets secrets,
            @Reference(name = "startupMonitor", cardinality = ReferenceCardinality.OPTIONAL)
            StartupMonitor startupMonitor,
            @Reference(name = "loggerLevels", cardinality = ReferenceCardinality.OPTIONAL) LoggerLevels loggerLevels) {
        // The launcher keeps secrets (client passwords, JAAS configurations) out of ConfigAdmin: put them back.
        WorkerSettings settings = WorkerSettings.of(WorkerSecrets.reveal(secrets, properties));
        WorkerAssembly assembly;
        Worker worker;
        try {
            // A metric reporter that cannot be loaded or configured stops the start, as does an offsets file that
            // cannot be read, as Kafka Connect's standalone worker exits.
            assembly = WorkerAssembly.of(settings, registry,
                    new FileOffsetBackingStore(Path.of(config.offset_storage_file_filename())));
            worker = assembly.worker();
            worker.start();
        } catch (RuntimeException e) {
            RuntimeException failure = StartFailure.report("The standalone worker", e, startupMonitor);
            if (startupMonitor == null) {
                throw failure;
            }
            // The launcher stops the framework now; until then this component answers that the worker is down.
            herder = null;
            fileLoading = null;
            registration = null;
            return;
        }
        herder = new StandaloneHerder(worker, assembly.validator(), registry,
                WorkerAddress.of(settings.originals()).id(), loggerLevels);
        fileLoading = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fluxgate-connector-files");
            thread.setDaemon(true);
            return thread;
        });
        List<String> files = settings.connectorFiles();
        new ConnectorFileLoader(herder, fileLoading, PLUGIN_RETRY_MS, PLUGIN_PATIENCE_MS).load(files);
        LOG.info("Standalone herder started with {} connector file(s)", files.size());
        registration = context == null ? null : context.registerService(Herder.class, herder, null);
    }

    /** The herder, once the worker started. */
    Optional<Herder> herder() {
        return Optional.ofNullable(herder);
    }

    @Deactivate
    void deactivate() {
        if (herder == null) {
            return;
        }
        LOG.info("Stopping the standalone herder");
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it as the bundle stopped: nothing to withdraw
            }
        }
        fileLoading.shutdownNow();
        try {
            fileLoading.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        herder.close();
        LOG.info("Standalone herder stopped");
    }

    /** Connectors follow their plugins: stopped before an update or removal, started again when it is back. */
    @Override
    public void pluginsChanged(PluginEvent event) {
        if (herder != null) {
            herder.pluginsChanged(event);
        }
    }
}

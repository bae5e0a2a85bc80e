package io.fluxgate.runtime.distributed;

import java.util.Map;

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
import io.fluxgate.api.storage.DistributedStoreFactory;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.boot.config.WorkerSecrets;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.cluster.GroupMemberFactory;
import io.fluxgate.runtime.config.WorkerAddress;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.herder.StartFailure;
import io.fluxgate.runtime.worker.WorkerAssembly;

/**
 * The distributed worker as a service: opens the internal topics' stores, wires a {@link Worker} (source offsets in
 * the offset topic) and a {@link DistributedHerder} that joins the group as the worker's advertised REST URL, and
 * publishes it as the worker's {@link Herder} once it has read the config topic to the end and joined the group (the
 * REST API answers 503 and /health "starting" until then, as Kafka Connect's). Enabled by
 * {@link io.fluxgate.runtime.mode.WorkerModeSelector} only when {@code fluxgate.mode=distributed}. An unusable
 * internal topic (a config topic with more than one partition) stops the worker's start with a message naming it, as
 * Kafka Connect exits.
 * Deactivation stops the work on this worker (offsets committed), then its membership, then the stores.
 */
@Component(name = DistributedHerderComponent.NAME, enabled = false, immediate = true,
        service = PluginListener.class,
        configurationPid = WorkerConfigKeys.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class DistributedHerderComponent implements PluginListener {

    public static final String NAME = "io.fluxgate.runtime.distributed.DistributedHerder";
    private static final Logger LOG = LoggerFactory.getLogger(DistributedHerderComponent.class);

    private final DistributedHerder herder;
    private ServiceRegistration<Herder> registration;
    private boolean deactivated;

    @Activate
    public DistributedHerderComponent(BundleContext context,
            @Reference(name = "pluginRegistry") PluginRegistry registry,
            @Reference(name = "groupMembers") GroupMemberFactory members,
            @Reference(name = "stores") DistributedStoreFactory storeFactory, Map<String, Object> properties,
            @Reference(name = "workerSecrets", cardinality = ReferenceCardinality.OPTIONAL) WorkerSecrets secrets,
            @Reference(name = "startupMonitor", cardinality = ReferenceCardinality.OPTIONAL)
            StartupMonitor startupMonitor,
            @Reference(name = "loggerLevels", cardinality = ReferenceCardinality.OPTIONAL) LoggerLevels loggerLevels) {
        // The launcher keeps secrets (client passwords, JAAS configurations) out of ConfigAdmin: put them back before
        // the stores, the group membership and the worker build their Kafka clients.
        WorkerSettings settings = WorkerSettings.of(WorkerSecrets.reveal(secrets, properties));
        WorkerAddress address = WorkerAddress.of(settings.originals());
        DistributedStores stores;
        try {
            stores = storeFactory.open(settings.originals());
        } catch (RuntimeException e) {
            throw cannotStart(e, startupMonitor);
        }
        if (loggerLevels != null) {
            stores.configs().addListener(new ClusterLoggerLevels(loggerLevels));
        }
        try {
            WorkerAssembly assembly = WorkerAssembly.of(settings, registry, stores.offsets(),
                    stores::connectorOffsets);
            herder = new DistributedHerder(assembly, stores, members, registry,
                    settings.originals(), address);
            herder.start();
        } catch (RuntimeException e) {
            stores.close();
            throw cannotStart(e, startupMonitor);
        }
        Object group = settings.originals().get(WorkerConfigKeys.GROUP_ID);
        LOG.info("Distributed herder started as {}; joining group {}", address.url(), group);
        herder.joined().thenRun(() -> publish(context, address, group));
    }

    private static RuntimeException cannotStart(RuntimeException e, StartupMonitor startupMonitor) {
        return StartFailure.report("The distributed worker", e, startupMonitor);
    }

    private synchronized void publish(BundleContext context, WorkerAddress address, Object group) {
        if (!deactivated) {
            registration = context.registerService(Herder.class, herder, null);
            LOG.info("Worker {} joined group {}: serving", address.url(), group);
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            deactivated = true;
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
        herder.close();
        LOG.info("Distributed herder stopped");
    }

    /** Connectors running here follow their plugins, as in standalone mode. */
    @Override
    public void pluginsChanged(PluginEvent event) {
        herder.pluginsChanged(event);
    }
}

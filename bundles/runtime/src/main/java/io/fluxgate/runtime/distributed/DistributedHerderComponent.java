package io.fluxgate.runtime.distributed;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginListener;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.storage.DistributedStoreFactory;
import io.fluxgate.api.storage.DistributedStores;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.cluster.GroupMemberFactory;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorValidator;
import io.fluxgate.runtime.config.WorkerConverters;
import io.fluxgate.runtime.herder.DelegatingHerder;
import io.fluxgate.runtime.herder.WorkerAddress;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerSettings;

/**
 * The distributed worker as a service: opens the internal topics' stores, wires a {@link Worker} (source offsets in
 * the offset topic) and a {@link DistributedHerder} that joins the group as the worker's advertised REST URL, and
 * publishes the herder once the config topic has been read to the end. Enabled by
 * {@link io.fluxgate.runtime.standalone.WorkerModeSelector} only when {@code fluxgate.mode=distributed}. An unusable
 * internal topic (a config topic with more than one partition) fails the activation with a message naming it.
 * Deactivation stops the work on this worker (offsets committed), then its membership, then the stores.
 */
@Component(name = DistributedHerderComponent.NAME, enabled = false, immediate = true,
        service = {Herder.class, PluginListener.class},
        configurationPid = WorkerConfigKeys.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class DistributedHerderComponent extends DelegatingHerder implements PluginListener {

    public static final String NAME = "io.fluxgate.runtime.distributed.DistributedHerder";
    private static final Logger LOG = LoggerFactory.getLogger(DistributedHerderComponent.class);

    private final DistributedHerder herder;

    @Activate
    public DistributedHerderComponent(@Reference(name = "pluginRegistry") PluginRegistry registry,
            @Reference(name = "groupMembers") GroupMemberFactory members,
            @Reference(name = "stores") DistributedStoreFactory storeFactory, Map<String, Object> properties) {
        WorkerSettings settings = WorkerSettings.of(properties);
        ClientOverridePolicy policy = ClientOverridePolicy.of(settings.clientConfigOverridePolicy(),
                settings.originals(), registry);
        DistributedStores stores = storeFactory.open(settings.originals());
        WorkerAddress address = WorkerAddress.of(settings.originals());
        try {
            Worker worker = new Worker(settings, registry, stores.offsets(), policy);
            herder = new DistributedHerder(worker, stores, members, new ConnectorValidator(registry, policy,
                    settings.topicCreationEnable(), WorkerConverters.of(settings.keyConverter(),
                            settings.valueConverter(), settings.headerConverter(), settings.originals())),
                    registry, settings.originals(), address);
            herder.start();
        } catch (RuntimeException e) {
            LOG.error("The distributed worker cannot start: {}", e.getMessage(), e);
            stores.close();
            throw e;
        }
        LOG.info("Distributed herder started as {} in group {}", address.url(),
                settings.originals().get(WorkerConfigKeys.GROUP_ID));
    }

    @Deactivate
    void deactivate() {
        herder.close();
        LOG.info("Distributed herder stopped");
    }

    @Override
    protected Herder delegate() {
        return herder;
    }

    /** Connectors running here follow their plugins, as in standalone mode. */
    @Override
    public void pluginsChanged(PluginEvent event) {
        herder.pluginsChanged(event);
    }
}

package io.fluxgate.storage;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.fluxgate.api.storage.DistributedStoreFactory;
import io.fluxgate.api.storage.DistributedStores;

/**
 * The {@link DistributedStoreFactory} service. It needs no configuration of its own: the distributed herder, enabled
 * only when {@code fluxgate.mode=distributed}, passes the worker settings it was configured with; in standalone mode
 * nothing calls it and it opens nothing.
 */
@Component(service = DistributedStoreFactory.class)
public final class KafkaStoreFactory implements DistributedStoreFactory {

    @Override
    public DistributedStores open(Map<String, ?> workerSettings) {
        return new KafkaStores(workerSettings);
    }
}
